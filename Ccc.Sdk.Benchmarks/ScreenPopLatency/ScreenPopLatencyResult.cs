using System.Globalization;
using System.Text;
using Ccc.Sdk.Benchmarks.SampleCrmDriver;

namespace Ccc.Sdk.Benchmarks.ScreenPopLatency;

/// <summary>One measured call.</summary>
/// <param name="Number">Which call of the run (1-based, warm-up calls included).</param>
/// <param name="JobId">The call's JobId (contact id).</param>
/// <param name="From">The caller's number as the emulator was told it (a seeded customer's, in some notation).</param>
/// <param name="ContactName">The customer's name that was expected, and seen, in the pop.</param>
/// <param name="HandlerMs">Placement → the CRM's CallComing handler ran (its screen-pop log stamp).</param>
/// <param name="NameVisibleMs">Placement → the customer's name visible in <c>#screen-pop[data-job] .customer-name</c>.</param>
public sealed record ScreenPopCall(int Number, string JobId, string From, string ContactName, double HandlerMs, double NameVisibleMs);

/// <summary>The latencies of one run, both measured on the same calls, in milliseconds.</summary>
/// <param name="Options">The run's options.</param>
/// <param name="Calls">The measured calls, in the order placed.</param>
/// <param name="BrowserClockDriftMs">How far the page's <c>performance.timeOrigin + performance.now()</c> moved against
/// its <c>Date.now()</c> between the start and the end of the run (the page's stamps follow the wall clock when it is
/// near 0).</param>
public sealed record ScreenPopLatencyResult(ScreenPopLatencyOptions Options, IReadOnlyList<ScreenPopCall> Calls, double BrowserClockDriftMs)
{
    /// <summary>Placement → the CRM's bare CallComing handler (the baseline), per call.</summary>
    public IReadOnlyList<double> Handler => [.. Calls.Select(c => c.HandlerMs)];

    /// <summary>Placement → the customer's name visible on the page, per call.</summary>
    public IReadOnlyList<double> NameVisible => [.. Calls.Select(c => c.NameVisibleMs)];

    /// <summary>The baseline's median.</summary>
    public double HandlerP50 => Percentiles.NearestRank(Handler, 50);

    /// <summary>The baseline's 95th percentile.</summary>
    public double HandlerP95 => Percentiles.NearestRank(Handler, 95);

    /// <summary>The baseline's maximum.</summary>
    public double HandlerMax => Percentiles.NearestRank(Handler, 100);

    /// <summary>The name's median.</summary>
    public double NameVisibleP50 => Percentiles.NearestRank(NameVisible, 50);

    /// <summary>The name's 95th percentile (the goal's figure).</summary>
    public double NameVisibleP95 => Percentiles.NearestRank(NameVisible, 95);

    /// <summary>The name's maximum.</summary>
    public double NameVisibleMax => Percentiles.NearestRank(NameVisible, 100);

    /// <summary>Name visible ÷ handler, at the median.</summary>
    public double RatioP50 => NameVisibleP50 / HandlerP50;

    /// <summary>Name visible ÷ handler, at the 95th percentile.</summary>
    public double RatioP95 => NameVisibleP95 / HandlerP95;

    /// <summary>Name visible ÷ handler, at the maximum.</summary>
    public double RatioMax => NameVisibleMax / HandlerMax;

    /// <summary>Whether the goal is met: p95 of the name visible ≤ <see cref="ScreenPopLatencyOptions.GoalP95Ms"/>.</summary>
    public bool GoalMet => Calls.Count > 0 && NameVisibleP95 <= Options.GoalP95Ms;

    /// <summary>The fewest measured calls a run of record has (issue 16).</summary>
    public const int CallsOfRecord = 50;

    /// <summary>The result as the Markdown table of docs/benchmarks.md.</summary>
    /// <returns>The table, the goal's line and the notations dialled.</returns>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| path (same calls) | calls | p50 | p95 | max |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| placement → the CRM's bare `CallComing` handler ran (baseline) | {Calls.Count} | {HandlerP50:0.0} ms | {HandlerP95:0.0} ms | {HandlerMax:0.0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| placement → the customer's name visible on the page | {Calls.Count} | {NameVisibleP50:0.0} ms | {NameVisibleP95:0.0} ms | {NameVisibleMax:0.0} ms |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| ratio: name visible ÷ handler | | {RatioP50:0.00}× | {RatioP95:0.00}× | {RatioMax:0.00}× |");
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"Goal: p95 of the name visible ≤ {Options.GoalP95Ms} ms — ");
        text.AppendLine(GoalMet ? "met." : "NOT met.");
        if (Calls.Count < CallsOfRecord)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Only {Calls.Count} measured calls: a run of record has at least {CallsOfRecord} (--calls).");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Callers (number as placed → name): {string.Join(", ", Calls.DistinctBy(c => c.From).Select(c => $"`{c.From}` → {c.ContactName}"))}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Browser clock drift against Date.now() over the run: {BrowserClockDriftMs:0.0} ms.");
        return text.ToString();
    }
}
