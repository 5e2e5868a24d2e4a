using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// <c>ccc cdr list --from T --to T</c>: every call detail record of a window (<c>ListCallDetailRecords</c>, every page;
/// the SDK slices a window that holds more than the cloud's 100 pages), newest first.
/// </summary>
internal sealed class CdrListCommand : AsyncCommand<CdrListCommand.Settings>
{
    private readonly IAnsiConsole _console;

    public CdrListCommand(IAnsiConsole console) => _console = console;

    internal sealed class Settings : CccSettings
    {
        [CommandOption("--from <TIME>")]
        [Description("Records of calls that started at or after TIME (required). " + TimeArgument.Forms + ".")]
        public string? From { get; set; }

        [CommandOption("--to <TIME>")]
        [Description("Records of calls that started at or before TIME (default now).")]
        public string? To { get; set; }

        [CommandOption("--agent <USER>")]
        [Description("Only calls this agent was on.")]
        public string? Agent { get; set; }

        [CommandOption("--number <NUMBER>")]
        [Description("Only calls from or to this number (the service matches part of a number).")]
        public string? Number { get; set; }

        [CommandOption("--page-size <N>")]
        [Description("Records per request, 1 to 100 (default 100).")]
        public int PageSize { get; set; } = CccPageable<CallDetailRecord>.DefaultPageSize;

        public override ValidationResult Validate()
        {
            if (From is null)
            {
                return ValidationResult.Error("--from is required (for example --from today or --from -1h).");
            }

            if (PageSize is < 1 or > CccPageable<CallDetailRecord>.MaxPageSize)
            {
                return ValidationResult.Error($"--page-size must be 1 to {CccPageable<CallDetailRecord>.MaxPageSize}.");
            }

            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var window = TimeWindow.Parse(settings.From, settings.To);
        var (client, _) = ClientFactory.Create(settings, Console.Error);
        using (client)
        {
            var rows = new List<CdrView>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // A number is the calling or the called one: ListCallDetailRecords filters each apart, so two queries.
            var queries = settings.Number is { } number
                ? new[] { Query(settings, window, calling: number), Query(settings, window, called: number) }
                : [Query(settings, window)];
            foreach (var query in queries)
            {
                await foreach (var page in client.ListCallDetailRecordsAsync(query, cancellationToken).AsPages(settings.PageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    rows.AddRange(page.Items.Where(r => r.ContactId is null || seen.Add(r.ContactId)).Select(CdrView.From));
                }
            }

            if (queries.Length > 1)
            {
                rows = [.. rows.OrderByDescending(r => r.StartTime ?? DateTimeOffset.MinValue)];
            }

            CdrView.Write(_console, rows, settings.Json, wide: true);
            return ExitCodes.Success;
        }
    }

    private static ListCallDetailRecordsRequest Query(Settings settings, TimeWindow window, string? calling = null, string? called = null) => new()
    {
        StartTime = window.From,
        EndTime = window.To,
        AgentId = settings.Agent,
        CallingNumber = calling,
        CalledNumber = called,
        SortOrder = "DESC",
    };
}
