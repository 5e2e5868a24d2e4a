using Ccc.Sdk.Benchmarks.SampleCrmDriver;
using Ccc.Sdk.Benchmarks.ScreenPopLatency;
using Ccc.Sdk.Tests.Browser;

namespace Ccc.Sdk.Tests.Benchmarks;

/// <summary>
/// The screen-pop latency run at a tiny scale, and its options. Correctness only: both series are measured on every
/// call and the report is computed from them; the latency itself is measured by the run (docs/benchmarks.md, "Screen-pop
/// latency"), never by a timed test.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ScreenPopLatencyRunTests
{
    [Fact]
    public async Task A_short_run_measures_the_handler_and_the_visible_name_on_every_call()
    {
        var log = new StringWriter();
        var result = await ScreenPopLatencyRun.RunAsync(new ScreenPopLatencyOptions { Calls = 3, WarmUpCalls = 1, GoalP95Ms = 30_000 }, log);

        // The warm-up call is placed but not counted; the callers take turns, each number in its own notation.
        Assert.Equal([2, 3, 4], result.Calls.Select(c => c.Number));
        Assert.Equal(ScreenPopLatencyRun.Callers.Skip(1).Take(3).Select(c => c.From), result.Calls.Select(c => c.From));
        Assert.Equal(["Zhou Min", "Sun Hao", "Wu Jing"], result.Calls.Select(c => c.ContactName));
        Assert.Equal(3, result.Calls.Select(c => c.JobId).Distinct(StringComparer.Ordinal).Count());

        // Both series, same calls, real times (the name cannot be shown before the call was placed).
        Assert.Equal(3, result.Handler.Count);
        Assert.Equal(3, result.NameVisible.Count);
        Assert.All(result.Calls, c => Assert.InRange(c.HandlerMs, 0, 30_000));
        Assert.All(result.Calls, c => Assert.InRange(c.NameVisibleMs, 0, 30_000));

        // The report: both rows and the ratios of the two series' percentiles.
        double[] handler = [.. result.Calls.Select(c => c.HandlerMs).Order()];
        double[] name = [.. result.Calls.Select(c => c.NameVisibleMs).Order()];
        Assert.Equal(name[1] / handler[1], result.RatioP50, 9);
        Assert.Equal(name[2] / handler[2], result.RatioP95, 9);
        Assert.Equal(name[2] / handler[2], result.RatioMax, 9);
        string markdown = result.ToMarkdown();
        Assert.Contains("| placement → the CRM's bare `CallComing` handler ran (baseline) | 3 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| placement → the customer's name visible on the page | 3 |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| ratio: name visible ÷ handler | | {result.RatioP50.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}× |", markdown, StringComparison.Ordinal);
        Assert.Contains("`8613912345678` → Zhou Min", markdown, StringComparison.Ordinal);
        Assert.True(result.GoalMet);
        Assert.Contains("Goal: p95 of the name visible ≤ 30000 ms — met.", markdown, StringComparison.Ordinal);
        Assert.Contains("Only 3 measured calls: a run of record has at least 50", markdown, StringComparison.Ordinal);
        Assert.Contains("observer of #screen-pop .customer-name is installed", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_whose_name_never_shows_fails_the_run_and_says_which_call()
    {
        // A number no customer has: the pop says "Unknown number", so no .customer-name ever shows.
        var callers = new[] { new SeededCaller("13700000009", "Nobody Known") };
        var failure = await Assert.ThrowsAsync<ScreenPopLatencyException>(() =>
            ScreenPopLatencyRun.RunAsync(new ScreenPopLatencyOptions { Calls = 1, WarmUpCalls = 0 }, TextWriter.Null, callers));

        Assert.StartsWith("call 1 of 1 (job ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("from 13700000009, expecting Nobody Known", failure.Message, StringComparison.Ordinal);
        Assert.Contains("never became visible", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--calls", "0", "--calls must be a whole number")]
    [InlineData("--calls", "x", "--calls must be a whole number")]
    [InlineData("--warm-up", "-1", "--warm-up must be a whole number")]
    [InlineData("--goal-p95", "0", "--goal-p95 must be a positive number")]
    [InlineData("--goal-p95", "fast", "--goal-p95 must be a positive number")]
    [InlineData("--speed", "1", "Unknown option --speed")]
    [InlineData("--calls", null, "--calls needs a value")]
    public async Task Bad_options_exit_with_2_and_say_why(string name, string? value, string message)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = value is null ? [name] : [name, value];

        int exit = await ScreenPopLatencyRun.CommandAsync(args, output, error);

        Assert.Equal(2, exit);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Options_have_the_documented_defaults_and_parse_every_value()
    {
        var defaults = ScreenPopLatencyOptions.Parse([]);
        Assert.Equal((60, 5, 150.0), (defaults.Calls, defaults.WarmUpCalls, defaults.GoalP95Ms));

        var options = ScreenPopLatencyOptions.Parse(["--calls", "50", "--warm-up", "0", "--goal-p95", "120.5"]);
        Assert.Equal((50, 0, 120.5), (options.Calls, options.WarmUpCalls, options.GoalP95Ms));
    }

    [Fact]
    public void The_goal_is_the_p95_of_the_visible_name_and_ratios_are_per_percentile()
    {
        // 20 calls: handler 1..20 ms, name 10 × that; nearest rank: p50 = 10th value, p95 = 19th.
        var calls = Enumerable.Range(1, 20).Select(i => new ScreenPopCall(i, "job-" + i, "13811112222", "Wu Jing", i, 10.0 * i)).ToList();

        var met = new ScreenPopLatencyResult(new ScreenPopLatencyOptions { GoalP95Ms = 190 }, calls, 0);
        Assert.Equal((10.0, 19.0, 20.0), (met.HandlerP50, met.HandlerP95, met.HandlerMax));
        Assert.Equal((100.0, 190.0, 200.0), (met.NameVisibleP50, met.NameVisibleP95, met.NameVisibleMax));
        Assert.Equal((10.0, 10.0, 10.0), (met.RatioP50, met.RatioP95, met.RatioMax));
        Assert.True(met.GoalMet);

        var missed = met with { Options = new ScreenPopLatencyOptions { GoalP95Ms = 189.9 } };
        Assert.False(missed.GoalMet);
        Assert.Contains("— NOT met.", missed.ToMarkdown(), StringComparison.Ordinal);

        Assert.False((met with { Calls = [] }).GoalMet);
        Assert.DoesNotContain("run of record", (met with { Calls = [.. calls, .. calls, .. calls] }).ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_guide_shows_the_command_with_the_options_defaults()
    {
        // docs/benchmarks.md's command line names every option's default; it must follow the code.
        string guide = File.ReadAllText(Path.Combine(Repository.Root, "docs", "benchmarks.md"));
        var defaults = new ScreenPopLatencyOptions();
        string line = FormattableString.Invariant(
            $"-- screen-pop-latency --calls {defaults.Calls}   # --warm-up {defaults.WarmUpCalls}, --goal-p95 {defaults.GoalP95Ms}");
        Assert.Contains(line, guide, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"--calls N ({defaults.Calls}), --warm-up N ({defaults.WarmUpCalls}), --goal-p95 MS ({defaults.GoalP95Ms})"), ScreenPopLatencyOptions.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 5.0, 1, 4, 2, 3 }, 50, 3)]
    [InlineData(new[] { 5.0, 1, 4, 2, 3 }, 95, 5)]
    [InlineData(new[] { 5.0, 1, 4, 2, 3 }, 100, 5)]
    [InlineData(new[] { 7.0 }, 95, 7)]
    public void Shared_percentiles_are_nearest_rank(double[] values, double percent, double expected) =>
        Assert.Equal(expected, Percentiles.NearestRank(values, percent));
}
