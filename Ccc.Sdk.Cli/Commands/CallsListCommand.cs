using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// <c>ccc calls list</c>: the calls in progress (by default), or the finished calls of a window (<c>--finished</c>,
/// <c>--from</c>, <c>--to</c>). The cloud has no list of calls in progress: the tool asks which agents are on a call
/// (<c>ListRealtimeAgentStates</c>: Dialing, Ringing, Talking) and reads each one's call (<c>PollUserStatus</c>), so a
/// call with no agent on it (a double call, a call waiting in a queue) is not listed. Finished calls are their call
/// detail records (<c>ListCallDetailRecords</c>), newest first.
/// </summary>
internal sealed class CallsListCommand : AsyncCommand<CallsListCommand.Settings>
{
    /// <summary>The cloud's real-time states of an agent on a call.</summary>
    internal static readonly IReadOnlyList<string> InCallStates = ["Dialing", "Ringing", "Talking"];

    private readonly IAnsiConsole _console;

    public CallsListCommand(IAnsiConsole console) => _console = console;

    internal sealed class Settings : CccSettings
    {
        [CommandOption("--agent <USER>")]
        [Description("Only calls of this agent (user id, e.g. agent1@ccc-local).")]
        public string? Agent { get; set; }

        [CommandOption("--finished")]
        [Description("List finished calls (call detail records) instead of calls in progress. Implied by --from or --to.")]
        public bool Finished { get; set; }

        [CommandOption("--from <TIME>")]
        [Description("Finished calls that started at or after TIME (default today 00:00 local time). " + TimeArgument.Forms + ".")]
        public string? From { get; set; }

        [CommandOption("--to <TIME>")]
        [Description("Finished calls that started at or before TIME (default now).")]
        public string? To { get; set; }

        [CommandOption("--limit <N>")]
        [Description("At most N finished calls, the newest first (default 50; 0 = all of the window).")]
        public int Limit { get; set; } = 50;

        public override ValidationResult Validate() =>
            Limit < 0 ? ValidationResult.Error("--limit must be 0 (all) or more.") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Finished || settings.From is not null || settings.To is not null)
        {
            var window = TimeWindow.Parse(settings.From, settings.To);
            var (client, _) = ClientFactory.Create(settings, Console.Error);
            using (client)
            {
                var request = new ListCallDetailRecordsRequest { StartTime = window.From, EndTime = window.To, AgentId = settings.Agent, SortOrder = "DESC" };
                var rows = new List<CdrView>();
                await foreach (var record in client.ListCallDetailRecordsAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(CdrView.From(record));
                    if (settings.Limit > 0 && rows.Count >= settings.Limit)
                    {
                        break;
                    }
                }

                CdrView.Write(_console, rows, settings.Json, wide: false);
                return ExitCodes.Success;
            }
        }

        var (live, _) = ClientFactory.Create(settings, Console.Error);
        using (live)
        {
            var calls = await InProgressAsync(live, settings.Agent, cancellationToken).ConfigureAwait(false);
            if (settings.Json)
            {
                CliOutput.Json(_console, calls);
            }
            else
            {
                CliOutput.Table(_console, ["Contact", "Type", "Agents", "Legs", "Since"],
                    calls.Select(c => (IReadOnlyList<string?>)[c.ContactId, c.CallType, string.Join(", ", c.Agents), c.Legs, CliOutput.Time(c.Since)]));
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>The calls the agents (or <paramref name="agent"/>) are on, each once, oldest first.</summary>
    internal static async Task<List<CallView>> InProgressAsync(CccClient client, string? agent, CancellationToken cancellationToken)
    {
        var request = new ListRealtimeAgentStatesRequest { StateList = [.. InCallStates], AgentIdList = agent is null ? null : [agent] };
        var busy = new List<string>();
        await foreach (var state in client.ListRealtimeAgentStatesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(state.AgentId))
            {
                busy.Add(state.AgentId);
            }
        }

        var calls = new Dictionary<string, CallView>(StringComparer.Ordinal);
        foreach (var userId in busy.Distinct(StringComparer.Ordinal))
        {
            var status = (await client.PollUserStatusAsync(new PollUserStatusRequest { UserId = userId }, cancellationToken).ConfigureAwait(false)).Value;
            if (status.CallContext is { JobId: { Length: > 0 } jobId } call && !calls.ContainsKey(jobId))
            {
                // The agent's own view of the call (numbers may be masked for agents, rule A2); it holds every leg.
                calls[jobId] = CallView.From(call);
            }
        }

        return [.. calls.Values.OrderBy(c => c.Since ?? DateTimeOffset.MaxValue).ThenBy(c => c.ContactId, StringComparer.Ordinal)];
    }
}
