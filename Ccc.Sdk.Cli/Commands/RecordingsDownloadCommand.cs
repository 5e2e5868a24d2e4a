using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// <c>ccc recordings download --from T --to T --out DIR</c>: every recording of the calls that started in a window, into
/// a directory (<see cref="CccClient.DownloadRecordingsAsync"/>: resumable, a rerun skips complete files and redoes
/// <c>.part</c> leftovers). A progress bar in a terminal; a line per file when the output is redirected (on stderr with
/// <c>--json</c>, whose stdout is the summary alone). Exit code 5 when some recordings failed.
/// </summary>
internal sealed class RecordingsDownloadCommand : AsyncCommand<RecordingsDownloadCommand.Settings>
{
    private readonly IAnsiConsole _console;

    public RecordingsDownloadCommand(IAnsiConsole console) => _console = console;

    internal sealed class Settings : CccSettings
    {
        [CommandOption("--from <TIME>")]
        [Description("Recordings of calls that started at or after TIME (required). " + TimeArgument.Forms + ".")]
        public string? From { get; set; }

        [CommandOption("--to <TIME>")]
        [Description("Recordings of calls that started at or before TIME (default now).")]
        public string? To { get; set; }

        [CommandOption("--out <DIR>")]
        [Description("The directory the files go to ({ContactId}.wav); created when missing (required).")]
        public string? Out { get; set; }

        [CommandOption("--parallel <N>")]
        [Description("How many recordings are fetched at once, 1 to 64 (default 4).")]
        public int Parallel { get; set; } = 4;

        public override ValidationResult Validate()
        {
            if (From is null)
            {
                return ValidationResult.Error("--from is required (for example --from yesterday --to today).");
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out DIR is required: the directory the recordings go to.");
            }

            if (Parallel is < 1 or > 64)
            {
                return ValidationResult.Error("--parallel must be 1 to 64.");
            }

            return base.Validate();
        }
    }

    /// <summary>A recording that failed, as the JSON summary shows it.</summary>
    internal sealed record FailureView(string ContactId, string Reason);

    /// <summary>The JSON summary (<c>--json</c>).</summary>
    internal sealed record SummaryView(
        string Destination, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Downloaded, IReadOnlyList<string> Skipped, IReadOnlyList<FailureView> Failed, long BytesDownloaded);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var window = TimeWindow.Parse(settings.From, settings.To);
        var destination = Path.GetFullPath(settings.Out!.Trim());
        var (client, _) = ClientFactory.Create(settings, Console.Error);
        using (client)
        {
            var request = new RecordingDownloadRequest { From = window.From, To = window.To, Destination = destination, MaxParallelism = settings.Parallel };
            RecordingDownloadSummary summary;
            if (!settings.Json && _console.Profile.Capabilities.Interactive && _console.Profile.Out.IsTerminal)
            {
                summary = await WithProgressBarAsync(client, request, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // One line per file: on stdout, or on stderr when stdout carries the JSON summary.
                var lines = settings.Json ? Console.Error : _console.Profile.Out.Writer;
                summary = await client.DownloadRecordingsAsync(request, new LineProgress(lines, destination), cancellationToken).ConfigureAwait(false);
            }

            if (settings.Json)
            {
                CliOutput.Json(_console, new SummaryView(
                    destination, window.From, window.To, summary.Downloaded, summary.Skipped, [.. summary.Failed.Select(f => new FailureView(f.ContactId, f.Reason))], summary.BytesDownloaded));
            }
            else
            {
                var writer = _console.Profile.Out.Writer;
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{summary.Downloaded.Count} downloaded ({summary.BytesDownloaded} bytes), {summary.Skipped.Count} already complete, {summary.Failed.Count} failed, in {destination}"));
                writer.Flush();
            }

            if (summary.Failed.Count > 0)
            {
                foreach (var failure in summary.Failed)
                {
                    Console.Error.WriteLine($"ccc: {failure.ContactId}: {failure.Reason}");
                }

                var total = summary.Downloaded.Count + summary.Skipped.Count + summary.Failed.Count;
                Console.Error.WriteLine($"ccc: {summary.Failed.Count} of {total} recordings failed; run the same command again to retry them (the others are skipped).");
                return ExitCodes.PartialFailure;
            }

            return ExitCodes.Success;
        }
    }

    private async Task<RecordingDownloadSummary> WithProgressBarAsync(CccClient client, RecordingDownloadRequest request, CancellationToken cancellationToken)
    {
        // The bar needs a total: count the window's recorded calls first (the download lists them again).
        var total = 0;
        var list = new ListCallDetailRecordsRequest { StartTime = request.From, EndTime = request.To, SortOrder = "ASC" };
        await foreach (var record in client.ListCallDetailRecordsAsync(list, cancellationToken).ConfigureAwait(false))
        {
            total += record.RecordingReady == true ? 1 : 0;
        }

        RecordingDownloadSummary? summary = null;
        await _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("recordings", maxValue: Math.Max(total, 1));
                var bar = new BarProgress(task, total);
                summary = await client.DownloadRecordingsAsync(request, bar, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return summary!;
    }

    /// <summary>Moves the bar on each settled file; called from several threads.</summary>
    private sealed class BarProgress(ProgressTask task, int total) : IProgress<RecordingDownloadProgress>
    {
        private readonly Lock _gate = new();

        public void Report(RecordingDownloadProgress value)
        {
            lock (_gate)
            {
                var settled = value.Downloaded + value.Skipped + value.Failed;
                task.Value = Math.Min(settled, task.MaxValue);
                task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{settled}/{total}: {value.Downloaded} downloaded, {value.Skipped} skipped, {value.Failed} failed"));
            }
        }
    }

    /// <summary>
    /// Writes one plain line per settled file; called from several threads, in any order. What happened to a file is
    /// read from the disk: a final file that was there before the run was skipped, one that is there now was
    /// downloaded, none means it failed (the reasons are listed after the run).
    /// </summary>
    internal sealed class LineProgress : IProgress<RecordingDownloadProgress>
    {
        private readonly Lock _gate = new();
        private readonly TextWriter _writer;
        private readonly HashSet<string> _before;

        public LineProgress(TextWriter writer, string destination)
        {
            _writer = writer;
            _before = Directory.Exists(destination)
                ? new HashSet<string>(Directory.EnumerateFiles(destination).Where(f => !f.EndsWith(".part", StringComparison.Ordinal)).Select(Path.GetFullPath), StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
        }

        public void Report(RecordingDownloadProgress value)
        {
            var path = Path.GetFullPath(value.FilePath);
            var file = Path.GetFileName(path);
            var line = _before.Contains(path)
                ? $"skipped {file} (already complete)"
                : File.Exists(path)
                    ? $"downloaded {file} ({new FileInfo(path).Length.ToString(CultureInfo.InvariantCulture)} bytes)"
                    : $"failed {file}";
            lock (_gate)
            {
                _writer.WriteLine(line);
                _writer.Flush();
            }
        }
    }
}
