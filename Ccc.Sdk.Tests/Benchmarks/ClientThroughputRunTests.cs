using Ccc.Sdk.Benchmarks.ClientThroughput;

namespace Ccc.Sdk.Tests.Benchmarks;

/// <summary>
/// The client throughput run (CccClient against Alibaba's Node.js client, docs/benchmarks.md) at a tiny scale:
/// correctness only — both sides reach the out-of-process emulator and succeed; no timing is asserted.
/// </summary>
public class ClientThroughputRunTests
{
    [Fact]
    public async Task A_one_second_run_has_both_sides_succeed_with_positive_numbers()
    {
        var options = new ClientThroughputOptions { Concurrency = 4, Seconds = 1, WarmUpSeconds = 0.3, Rounds = 1 };

        var result = await ClientThroughputRun.RunAsync(options, TextWriter.Null);

        var round = Assert.Single(result.Rounds);
        Assert.True(round.CccClient.Calls > 0, result.ToMarkdown());
        Assert.True(round.Node.Calls > 0, result.ToMarkdown());
        Assert.Equal(0, round.CccClient.Failures);
        Assert.Equal(0, round.Node.Failures);
        Assert.True(round.CccClient.Seconds >= 0.9 && round.Node.Seconds >= 0.9);
        Assert.True(round.Ratio > 0);
        Assert.Equal(round.Ratio, result.MedianRatio);
        Assert.True(result.AllCallsSucceeded);
        Assert.Contains("| 1 |", result.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_median_ratio_is_the_middle_round_and_a_failure_fails_the_goal()
    {
        static RoundResult Round(int n, long dotnet, long node, long failures = 0) =>
            new(n, new SideResult(dotnet, failures, 1, failures > 0 ? "boom" : null), new SideResult(node, 0, 1, null));
        var options = new ClientThroughputOptions { GoalRatio = 1.5 };

        var result = new ClientThroughputResult(options, [Round(1, 300, 100), Round(2, 100, 100), Round(3, 200, 100)]);
        var failed = new ClientThroughputResult(options, [Round(1, 300, 100, failures: 1)]);

        Assert.Equal(2.0, result.MedianRatio, 3);
        Assert.True(result.GoalMet);
        Assert.False(failed.GoalMet);
        Assert.Contains("boom", failed.ToMarkdown(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--concurrency", "0")]
    [InlineData("--seconds", "abc")]
    [InlineData("--bogus", "1")]
    public void Bad_options_are_refused(string name, string value) =>
        Assert.Throws<ArgumentException>(() => ClientThroughputOptions.Parse([name, value]));
}
