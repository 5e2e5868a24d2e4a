using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>Wires the workbench endpoints (the agent gateway, the phone gateway and the phone page) into the emulator's app.</summary>
internal static class AgentGatewayEndpoints
{
    /// <summary>Call before the OpenAPI's terminal handler and before the control API's <c>/_emulator</c> branch.</summary>
    public static void Map(WebApplication app)
    {
        var state = app.Services.GetRequiredService<EmulatorState>();
        var phones = new PhoneGatewayHub(state);
        var relay = new MediaRelay(r => new AgentGatewayHub(state, phones, r, state.Events), phones);
        phones.Relay = relay;
        var hub = relay.Agents;
        state.Engine.Observer = hub;
        app.Lifetime.ApplicationStopping.Register(hub.Dispose);
        app.Lifetime.ApplicationStopping.Register(phones.Dispose);
        app.Lifetime.ApplicationStopping.Register(state.Events.Dispose);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map(AgentGatewayTokens.Path, branch => branch.Run(hub.HandleAsync));
        app.Map(PhoneGatewayHub.Path, branch => branch.Run(phones.HandleAsync));
        PhonePage.Map(app);
    }
}
