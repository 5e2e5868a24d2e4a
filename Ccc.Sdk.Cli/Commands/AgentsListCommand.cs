using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary><c>ccc agents list</c>: every agent of the instance with its real-time state.</summary>
internal sealed class AgentsListCommand : AsyncCommand<AgentsListCommand.Settings>
{
    private readonly IAnsiConsole _console;

    public AgentsListCommand(IAnsiConsole console) => _console = console;

    internal sealed class Settings : CccSettings
    {
        [CommandOption("--state <STATE>")]
        [Description("Only agents in this state (e.g. READY, BREAK, TALKING, OFFLINE); repeat for several.")]
        public string[] States { get; set; } = [];
    }

    /// <summary>One agent as the tool prints it (table row or JSON object).</summary>
    internal sealed record AgentRow(string? UserId, string? Name, string? State, string? BreakCode, string? WorkMode, DateTimeOffset? Since, string? CallType, string? CounterParty);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (client, _) = ClientFactory.Create(settings, Console.Error);
        using (client)
        {
            var request = new ListRealtimeAgentStatesRequest { StateList = settings.States.Length == 0 ? null : settings.States.Select(s => s.ToUpperInvariant()).ToList() };
            var rows = new List<AgentRow>();
            await foreach (var agent in client.ListRealtimeAgentStatesAsync(request, cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new AgentRow(agent.AgentId, agent.AgentName, agent.State, agent.BreakCode, agent.WorkMode, agent.StateTime, agent.CallType, agent.CounterParty));
            }

            if (settings.Json)
            {
                CliOutput.Json(_console, rows);
            }
            else
            {
                CliOutput.Table(_console, ["User", "Name", "State", "Break", "Work mode", "Since", "Call", "With"],
                    rows.Select(r => (IReadOnlyList<string?>)[r.UserId, r.Name, r.State, r.BreakCode, r.WorkMode, CliOutput.Time(r.Since), r.CallType, r.CounterParty]));
            }

            return ExitCodes.Success;
        }
    }
}
