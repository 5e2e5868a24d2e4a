using Ccc.Sdk.Benchmarks.SoftphoneLatency;
using Ccc.Sdk.Tests.Browser;

namespace Ccc.Sdk.Tests.Benchmarks;

/// <summary>
/// The softphone latency run at a tiny scale: every call is seen on both paths. Correctness only: the latency itself is
/// measured by the run (docs/benchmarks.md), never by a timed test.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SoftphoneLatencyRunTests
{
    [Theory]
    [InlineData("2.x")]
    [InlineData("3.x")]
    public async Task A_tiny_run_measures_every_call_on_both_paths(string generation)
    {
        var log = new StringWriter();
        var result = await SoftphoneLatencyRun.RunAsync(new SoftphoneLatencyOptions { Calls = 3, WarmUpCalls = 1, Generation = generation }, log);

        // The sample CRM loaded the emulator's script of that generation (the bridge picks its adapter by the address).
        Assert.Contains(generation == "3.x" ? "softphone script /workbench/v3/core.min.js" : "softphone script /workbench/workbenchSdk.js", log.ToString(), StringComparison.Ordinal);
        Assert.Contains($"the {generation} adapter", result.ToMarkdown(), StringComparison.Ordinal);

        Assert.Equal(3, result.Softphone.Count);
        Assert.Equal(3, result.Baseline.Count);
        Assert.All(result.Softphone.Concat(result.Baseline), ms => Assert.InRange(ms, 0, 30_000));
        Assert.Contains("| dial → sample CRM's .NET `CallComing` handler", result.ToMarkdown(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 5.0, 1, 4, 2, 3 }, 50, 3)]
    [InlineData(new[] { 5.0, 1, 4, 2, 3 }, 95, 5)]
    [InlineData(new[] { 7.0 }, 95, 7)]
    public void Percentiles_are_nearest_rank(double[] values, double percent, double expected) =>
        Assert.Equal(expected, SoftphoneLatencyResult.Percentile(values, percent));

    [Theory]
    [InlineData("--calls", "0")]
    [InlineData("--calls", "x")]
    [InlineData("--speed", "1")]
    [InlineData("--generation", "1.x")]
    public void Bad_options_are_refused(string name, string value) =>
        Assert.Throws<ArgumentException>(() => SoftphoneLatencyOptions.Parse([name, value]));
}
