using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// Commands that work against the cloud and an emulator alike (they use only the cloud's OpenAPI through
/// <see cref="CccClient"/>): calls, agents, call detail records, recordings.
/// </summary>
internal static class CloudCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("calls", calls =>
        {
            calls.SetDescription("Calls in progress and finished, placing and hanging up calls.");
            calls.AddCommand<CallsListCommand>("list")
                .WithDescription("Lists the calls in progress (agents' calls: ListRealtimeAgentStates + PollUserStatus), or with --finished/--from/--to the finished ones (ListCallDetailRecords).")
                .WithExample("calls", "list")
                .WithExample("calls", "list", "--finished", "--from", "-1h", "--agent", "agent1@ccc-local");
            calls.AddCommand<CallsPlaceCommand>("place")
                .WithDescription("Places an agent's call (MakeCall), or a double call with --double (StartBack2BackCall); prints the contact id.")
                .WithExample("calls", "place", "--agent", "agent1@ccc-local", "--to", "13800000001")
                .WithExample("calls", "place", "--double", "--agent", "agent1@ccc-local", "--customer", "13800000001", "--caller", "02150000001");
            calls.AddCommand<CallsHangUpCommand>("hang-up")
                .WithDescription("Hangs up a call (ReleaseCall): the whole call, or one agent's (--agent) or one leg (--channel).")
                .WithExample("calls", "hang-up", "job-0123", "--agent", "agent1@ccc-local");
        });

        config.AddBranch("agents", agents =>
        {
            agents.SetDescription("The instance's agents and their states.");
            agents.AddCommand<AgentsListCommand>("list")
                .WithDescription("Lists the agents with their real-time state (ListRealtimeAgentStates).")
                .WithExample("agents", "list", "--endpoint", "http://127.0.0.1:8090");
            agents.AddCommand<AgentsSetStateCommand>("set-state")
                .WithDescription("Makes an agent ready, puts them on a break or signs them out (SignInGroup, ReadyForService, TakeBreak, SignOutGroup).")
                .WithExample("agents", "set-state", "agent1@ccc-local", "ready")
                .WithExample("agents", "set-state", "agent1@ccc-local", "break", "--break-code", "lunchtime");
        });

        config.AddBranch("cdr", cdr =>
        {
            cdr.SetDescription("Call detail records (CDRs) of finished calls.");
            cdr.AddCommand<CdrGetCommand>("get")
                .WithDescription("Shows one record with every party's timeline (GetCallDetailRecord).")
                .WithExample("cdr", "get", "job-0123");
            cdr.AddCommand<CdrListCommand>("list")
                .WithDescription("Lists every record of a window, all pages (ListCallDetailRecords).")
                .WithExample("cdr", "list", "--from", "today")
                .WithExample("cdr", "list", "--from", "2026-12-04", "--to", "2026-12-05", "--number", "13800000001", "--json");
        });

        config.AddBranch("recordings", recordings =>
        {
            recordings.SetDescription("Call recordings.");
            recordings.AddCommand<RecordingsDownloadCommand>("download")
                .WithDescription("Downloads every recording of a window into a directory; resumable (a rerun skips complete files).")
                .WithExample("recordings", "download", "--from", "yesterday", "--to", "today", "--out", "./recordings");
        });
    }
}
