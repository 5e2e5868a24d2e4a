using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>Wires the workbench endpoints (the agent gateway) into the emulator's app.</summary>
internal static class AgentGatewayEndpoints
{
    /// <summary>Call before the OpenAPI's terminal handler.</summary>
    public static void Map(WebApplication app)
    {
        var state = app.Services.GetRequiredService<EmulatorState>();
        var hub = new AgentGatewayHub(state);
        state.Engine.Observer = hub;
        app.Lifetime.ApplicationStopping.Register(hub.Dispose);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map(AgentGatewayTokens.Path, branch => branch.Run(hub.HandleAsync));
    }
}
