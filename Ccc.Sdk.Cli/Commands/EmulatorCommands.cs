using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// Commands for the local emulator: starting one, and those that use its control API (<c>/_emulator/…</c>), which the
/// cloud does not have. Against an address that is not an emulator they stop with exit code 3 (docs/cli.md).
/// </summary>
internal static class EmulatorCommands
{
    /// <summary>The scenarios of <c>ccc trigger</c>, for its help and docs/cli.md.</summary>
    internal static readonly string[] Scenarios = ["inbound-call", "outbound-call", "answered-call", "cdr", "abandoned-call", "agent-ready"];

    public static void Register(IConfigurator config)
    {
        config.AddBranch("emulator", emulator =>
        {
            emulator.SetDescription("The local CCC emulator.");
            emulator.AddCommand<EmulatorStartCommand>("start")
                .WithDescription("Runs the emulator here until Ctrl+C (the banner names its address and development key).")
                .WithExample("emulator", "start", "--port", "8090", "--clock", "2026-12-07T09:00+08:00");
        });

        config.AddCommand<ListenCommand>("listen")
            .WithDescription("Forwards the emulator's event pushes to your receiver, printing the secret to verify them with and one line per event.")
            .WithExample("listen", "--forward-to", "http://localhost:5000/ccc/events");

        config.AddBranch("trigger", trigger =>
        {
            trigger.SetDescription("Starts a real call in the emulator (its events are pushed like any other). Scenarios: " + string.Join(", ", Scenarios) + ".");
            trigger.AddCommand<TriggerInboundCallCommand>("inbound-call")
                .WithDescription("A customer dials an instance number; the emulator routes the call (IVR, queue, agent).")
                .WithExample("trigger", "inbound-call", "--from", "13800000001", "--agent", "agent1");
            trigger.AddCommand<TriggerOutboundCallCommand>("outbound-call")
                .WithDescription("An agent (made READY if needed) calls a customer with MakeCall.")
                .WithExample("trigger", "outbound-call", "--agent", "agent1", "--to", "13900000001");
            trigger.AddCommand<TriggerAnsweredCallCommand>("answered-call")
                .WithDescription("A whole inbound call: an agent auto-answers, they talk, the customer hangs up; waits for the end (CDRReady).")
                .WithExample("trigger", "answered-call", "--agent", "agent1", "--talk", "3s");
            trigger.AddCommand<TriggerAnsweredCallCommand>("cdr")
                .WithDescription("Same as answered-call: a call that connects and ends, so its CDR is written and CDRReady pushed.");
            trigger.AddCommand<TriggerAbandonedCallCommand>("abandoned-call")
                .WithDescription("A customer dials in and hangs up before anyone answers (AbandonedInQueue/Ring/IVR, Abandoned).")
                .WithExample("trigger", "abandoned-call", "--after", "2s");
            trigger.AddCommand<TriggerAgentReadyCommand>("agent-ready")
                .WithDescription("An agent gets READY (SignInGroup if offline, a break first if already READY): AgentReady and what leads to it.")
                .WithExample("trigger", "agent-ready", "--agent", "agent1");
        });

        config.AddBranch("events", events =>
        {
            events.SetDescription("The emulator's recent events and their pushes.");
            events.AddCommand<EventsListCommand>("list")
                .WithDescription("Lists recent events with their ids and how their push went.")
                .WithExample("events", "list", "--limit", "50");
            events.AddCommand<EventsResendCommand>("resend")
                .WithDescription("Sends a pushed event once more to the subscription's current address (same webhook-id and body, signed now).")
                .WithExample("events", "resend", "evt_42");
        });

        config.AddBranch("phones", phones =>
        {
            phones.SetDescription("The emulator's simulated phones (every number outside the instances).");
            phones.AddCommand<PhonesSetCommand>("set")
                .WithDescription("Sets how a simulated phone behaves when called.")
                .WithExample("phones", "set", "13900000001", "--answer-after", "2s", "--hang-up-after", "30s");
            phones.AddCommand<PhonesGetCommand>("get")
                .WithDescription("Shows how a simulated phone behaves and the DTMF digits it heard.")
                .WithExample("phones", "get", "13900000001");
        });
    }
}
