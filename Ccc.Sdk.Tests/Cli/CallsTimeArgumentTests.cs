using Ccc.Sdk.Cli;

namespace Ccc.Sdk.Tests.Cli;

/// <summary>The time forms the tool's <c>--from</c>/<c>--to</c> accept (docs/cli.md, "Times"), read in a fixed zone.</summary>
public sealed class CallsTimeArgumentTests
{
    // 2026-12-05 01:30 UTC is 09:30 in Shanghai (UTC+8, no daylight saving).
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 1, 30, 15, TimeSpan.Zero);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.CreateCustomTimeZone("test+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");

    [Theory]
    [InlineData("now", "2026-12-05T01:30:15+00:00")]
    [InlineData("today", "2026-12-05T00:00:00+08:00")]
    [InlineData("TODAY", "2026-12-05T00:00:00+08:00")]
    [InlineData("yesterday", "2026-12-04T00:00:00+08:00")]
    [InlineData("-1h", "2026-12-05T00:30:15+00:00")]
    [InlineData("-30m", "2026-12-05T01:00:15+00:00")]
    [InlineData("-2d", "2026-12-03T01:30:15+00:00")]
    [InlineData("-1w", "2026-11-28T01:30:15+00:00")]
    [InlineData("-1h30m", "2026-12-05T00:00:15+00:00")]
    [InlineData("+10s", "2026-12-05T01:30:25+00:00")]
    [InlineData("2026-12-04", "2026-12-04T00:00:00+08:00")]
    [InlineData("2026-12-05T09:00+08:00", "2026-12-05T01:00:00+00:00")]
    [InlineData("2026-12-05T09:00:30Z", "2026-12-05T09:00:30+00:00")]
    [InlineData("2026-12-05T09:00", "2026-12-05T09:00:00+08:00")]
    [InlineData("2026-12-05 09:00:00", "2026-12-05T09:00:00+08:00")]
    [InlineData("2026-12-05T09:00:00.250-05:00", "2026-12-05T14:00:00.250+00:00")]
    [InlineData("1796434215000", "2026-12-05T01:30:15+00:00")]
    public void Reads_each_documented_form(string text, string expected)
    {
        var value = TimeArgument.Parse("--from", text, Now, Shanghai);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1h")] // a relative time needs its sign
    [InlineData("-1y")]
    [InlineData("-h")]
    [InlineData("12/05/2026")]
    [InlineData("2026-13-01")]
    [InlineData("2026-12-05T25:00")]
    [InlineData("tomorrow-ish")]
    [InlineData("-9999999w")]
    public void Anything_else_is_a_usage_error_that_names_the_option_and_the_forms(string text)
    {
        var error = Assert.Throws<CliException>(() => TimeArgument.Parse("--to", text, Now, Shanghai));

        Assert.Equal(ExitCodes.UsageError, error.ExitCode);
        Assert.StartsWith("--to '", error.Message, StringComparison.Ordinal);
        Assert.Contains("ISO 8601", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_defaults_to_today_until_now_and_refuses_an_end_before_its_start()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        clock.SetLocalTimeZone(Shanghai);

        var window = TimeWindow.Parse(null, null, time: clock);
        var error = Assert.Throws<CliException>(() => TimeWindow.Parse("-1h", "-2h", time: clock));

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.FromHours(8)), window.From);
        Assert.Equal(Now, window.To);
        Assert.Equal(ExitCodes.UsageError, error.ExitCode);
    }
}
