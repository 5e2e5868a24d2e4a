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
        config.AddBranch("agents", agents =>
        {
            agents.SetDescription("The instance's agents and their states.");
            agents.AddCommand<AgentsListCommand>("list")
                .WithDescription("Lists the agents with their real-time state (ListRealtimeAgentStates).")
                .WithExample("agents", "list", "--endpoint", "http://127.0.0.1:8090");
        });
    }
}
