using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>Wires the workbench endpoints (the agent gateway, the phone gateway and the phone page) into the emulator's app.</summary>
internal static class AgentGatewayEndpoints
{
    /// <summary>Call before the OpenAPI's terminal handler and before the control API's <c>/_emulator</c> branch.</summary>
    public static void Map(WebApplication app)
    {
        var state = app.Services.GetRequiredService<EmulatorState>();
        var agents = new AgentGatewayHub(state);
        var phones = new PhoneGatewayHub(state);
        var relay = new MediaRelay(agents, phones);
        agents.Relay = relay;
        phones.Relay = relay;
        state.AgentGateway = agents;
        // Each is a subscriber of the engine's one event stream (after the event log and the webhook push): the agent
        // gateway's call message comes before the relay's mediaStart for the same AgentTalk.
        var subscriptions = new[] { state.Engine.Subscribe(agents), state.Engine.Subscribe(phones), state.Engine.Subscribe(relay) };
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }

            agents.Dispose();
            phones.Dispose();
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map(AgentGatewayTokens.Path, branch => branch.Run(agents.HandleAsync));
        app.Map(PhoneGatewayHub.Path, branch => branch.Run(phones.HandleAsync));
        PhonePage.Map(app);
    }
}
