using System.Globalization;
using System.Text;

namespace Ccc.Sdk.Benchmarks.ClientThroughput;

/// <summary>One side's measured window: successful calls, failures and the window's length.</summary>
/// <param name="Calls">Calls answered with <c>Code: OK</c> inside the window.</param>
/// <param name="Failures">Calls that failed inside the window.</param>
/// <param name="Seconds">The window's length.</param>
/// <param name="FirstError">The first failure, for the report.</param>
public sealed record SideResult(long Calls, long Failures, double Seconds, string? FirstError)
{
    /// <summary>Successful calls per second.</summary>
    public double CallsPerSecond => Seconds > 0 ? Calls / Seconds : 0;
}

/// <summary>One round: the .NET side, then the Node.js side, against the same emulator process.</summary>
/// <param name="Number">1-based.</param>
/// <param name="CccClient">The CccClient side.</param>
/// <param name="Node">The Node.js side.</param>
public sealed record RoundResult(int Number, SideResult CccClient, SideResult Node)
{
    /// <summary>CccClient's calls per second over the Node.js client's.</summary>
    public double Ratio => Node.CallsPerSecond > 0 ? CccClient.CallsPerSecond / Node.CallsPerSecond : 0;
}

/// <summary>The client throughput run's result.</summary>
/// <param name="Options">What was run.</param>
/// <param name="Rounds">Every round, in order.</param>
public sealed record ClientThroughputResult(ClientThroughputOptions Options, IReadOnlyList<RoundResult> Rounds)
{
    /// <summary>The median of the rounds' ratios.</summary>
    public double MedianRatio
    {
        get
        {
            var sorted = Rounds.Select(r => r.Ratio).Order().ToArray();
            if (sorted.Length == 0)
            {
                return 0;
            }

            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>Whether every call of both sides succeeded.</summary>
    public bool AllCallsSucceeded => Rounds.All(r => r.CccClient.Failures == 0 && r.Node.Failures == 0 && r.CccClient.Calls > 0 && r.Node.Calls > 0);

    /// <summary>Whether the median ratio meets the goal and nothing failed.</summary>
    public bool GoalMet => AllCallsSucceeded && MedianRatio >= Options.GoalRatio;

    /// <summary>The table for docs/benchmarks.md.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"{Options.Concurrency} concurrent ListUsers calls, {Options.Seconds:0.##} s measured per side and round after {Options.WarmUpSeconds:0.##} s warm-up, one out-of-process emulator.");
        sb.AppendLine();
        sb.AppendLine("| round | CccClient calls/s | Node.js @alicloud/openapi-client calls/s | ratio | failures (.NET / Node) |");
        sb.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var r in Rounds)
        {
            sb.AppendLine(c, $"| {r.Number} | {r.CccClient.CallsPerSecond:0} | {r.Node.CallsPerSecond:0} | {r.Ratio:0.00} | {r.CccClient.Failures} / {r.Node.Failures} |");
        }

        sb.AppendLine();
        sb.AppendLine(c, $"Median ratio: **{MedianRatio:0.00}** (goal ≥ {Options.GoalRatio:0.##}).");
        foreach (var r in Rounds)
        {
            if (r.CccClient.FirstError is { } dotnetError)
            {
                sb.AppendLine(c, $"- round {r.Number}, CccClient first error: {dotnetError}");
            }

            if (r.Node.FirstError is { } nodeError)
            {
                sb.AppendLine(c, $"- round {r.Number}, Node.js first error: {nodeError}");
            }
        }

        return sb.ToString();
    }
}
