using Ccc.Sdk.Benchmarks.WebhookLoad;

namespace Ccc.Sdk.Tests.Benchmarks;

/// <summary>
/// The webhook load run at a tiny scale: every store phase runs, and every delivery answered 2xx is stored exactly once.
/// Correctness only: the rates and latencies are measured by the run itself (docs/benchmarks.md), never by a timed test.
/// </summary>
public class WebhookLoadRunTests
{
    [Fact]
    public async Task A_tiny_run_stores_every_accepted_delivery_in_SQLite_and_PostgreSQL()
    {
        var options = new WebhookLoadOptions { Seconds = 0.5, LatencySeconds = 0.5, Rate = 200, WarmUpSeconds = 0, Concurrency = 8 };

        var result = await WebhookLoadRun.RunAsync(options, TextWriter.Null);

        Assert.Equal(["baseline", "SQLite", "PostgreSQL"], result.Rows.Select(r => r.Name.Split(' ')[0].TrimEnd(':')));
        Assert.All(result.Rows, r => Assert.Equal(0, r.LatencyFailures));
        Assert.All(result.Rows, r => Assert.True(r.Accepted > 100, $"{r.Name}: only {r.Accepted} accepted"));
        Assert.All(result.Rows.Skip(1), r => Assert.Equal(r.Accepted, r.Stored));
        Assert.Equal(-1, result.Rows[0].Stored);
    }

    [Theory]
    [InlineData("--seconds", "0")]
    [InlineData("--rate", "x")]
    [InlineData("--speed", "1")]
    public void Bad_options_are_refused(string name, string value) =>
        Assert.Throws<ArgumentException>(() => WebhookLoadOptions.Parse([name, value]));
}
