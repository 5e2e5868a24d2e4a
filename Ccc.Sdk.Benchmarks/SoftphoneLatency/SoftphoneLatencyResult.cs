using System.Globalization;
using System.Text;
using Ccc.Sdk.Benchmarks.SampleCrmDriver;

namespace Ccc.Sdk.Benchmarks.SoftphoneLatency;

/// <summary>Latencies of both paths, in milliseconds, in the order measured.</summary>
/// <param name="Options">The run's options.</param>
/// <param name="Softphone">Dial → the CRM's .NET CallComing handler.</param>
/// <param name="Baseline">Dial → the agent gateway's callComing at a bare WebSocket client.</param>
public sealed record SoftphoneLatencyResult(SoftphoneLatencyOptions Options, IReadOnlyList<double> Softphone, IReadOnlyList<double> Baseline)
{
    /// <summary>The softphone path's median.</summary>
    public double SoftphoneP50 => Percentile(Softphone, 50);

    /// <summary>The softphone path's 95th percentile.</summary>
    public double SoftphoneP95 => Percentile(Softphone, 95);

    /// <summary>Whether both goals are met.</summary>
    public bool GoalsMet => Softphone.Count > 0 && SoftphoneP50 <= Options.GoalP50Ms && SoftphoneP95 <= Options.GoalP95Ms;

    /// <summary>Nearest-rank percentile (<see cref="Percentiles.NearestRank"/>).</summary>
    /// <param name="values">The values.</param>
    /// <param name="percent">0 to 100.</param>
    /// <returns>The percentile, NaN for no values.</returns>
    public static double Percentile(IReadOnlyList<double> values, double percent) => Percentiles.NearestRank(values, percent);

    /// <summary>The result as the Markdown table of docs/benchmarks.md.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| path | calls | p50 | p95 | max | p50 vs baseline |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        Row(text, "dial → emulator agent gateway `callComing` at a bare WebSocket (baseline)", Baseline, Percentile(Baseline, 50));
        Row(text, $"dial → sample CRM's .NET `CallComing` handler (Chromium, the {Options.Generation} adapter of softphone.js, Blazor Server)", Softphone, Percentile(Baseline, 50));
        text.Append(CultureInfo.InvariantCulture, $"Goals for the softphone path: p50 ≤ {Options.GoalP50Ms} ms, p95 ≤ {Options.GoalP95Ms} ms — ");
        text.AppendLine(GoalsMet ? "met." : "NOT met.");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, IReadOnlyList<double> values, double baselineP50)
    {
        double p50 = Percentile(values, 50);
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {values.Count} | {p50:0.0} ms | {Percentile(values, 95):0.0} ms | {(values.Count == 0 ? double.NaN : values.Max()):0.0} ms | {p50 / baselineP50:0.00}× |");
    }
}
