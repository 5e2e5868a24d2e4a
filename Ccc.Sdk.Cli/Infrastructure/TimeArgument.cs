using System.Globalization;
using System.Text.RegularExpressions;

namespace Ccc.Sdk.Cli;

/// <summary>
/// A point in time given on the command line (<c>--from</c>, <c>--to</c>): ISO 8601 with or without an offset, a date,
/// <c>now</c>/<c>today</c>/<c>yesterday</c>, a relative time such as <c>-1h</c> or <c>-1h30m</c>, or epoch milliseconds
/// (the cloud's own unit). Times without an offset, dates and <c>today</c> are read in the machine's time zone
/// (docs/cli.md, "Times").
/// </summary>
internal static partial class TimeArgument
{
    /// <summary>The accepted forms, for help texts and error messages.</summary>
    public const string Forms = "ISO 8601 (2026-12-05T09:00+08:00, 2026-12-05T09:00 in local time), a date (2026-12-05, its 00:00 local time), now, today, yesterday, relative (-1h, -30m, -2d, -1h30m, +10m) or epoch milliseconds";

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    private static readonly string[] OffsetFormats =
    [
        .. LocalFormats.Select(f => f + "zzz"),
        .. LocalFormats.Select(f => f + "zz"),
        .. LocalFormats.Select(f => f + "'Z'"),
    ];

    [GeneratedRegex(@"^(?<sign>[+-])(?:(?<n>[0-9]{1,7})(?<unit>[smhdw]))+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Relative();

    [GeneratedRegex(@"^[0-9]{12,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex EpochMilliseconds();

    /// <summary>Reads <paramref name="text"/> given to <paramref name="option"/>, or throws a usage error naming the accepted forms.</summary>
    /// <exception cref="CliException">Exit code <see cref="ExitCodes.UsageError"/>: not a time.</exception>
    public static DateTimeOffset Parse(string option, string text, DateTimeOffset now, TimeZoneInfo zone) =>
        TryParse(text, now, zone, out var value)
            ? value
            : throw CliException.Usage($"{option} '{text}' is not a time: use {Forms}.");

    /// <summary>Reads <paramref name="text"/> as of <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static bool TryParse(string? text, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        switch (t.ToLowerInvariant())
        {
            case "now":
                value = now;
                return true;
            case "today":
                value = Midnight(now, zone, 0);
                return true;
            case "yesterday":
                value = Midnight(now, zone, -1);
                return true;
        }

        if (Relative().Match(t) is { Success: true } relative)
        {
            return TryRelative(relative, now, out value);
        }

        if (EpochMilliseconds().IsMatch(t) && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = InZone(date.ToDateTime(TimeOnly.MinValue), zone);
            return true;
        }

        if (DateTime.TryParseExact(t, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = InZone(local, zone);
            return true;
        }

        return DateTimeOffset.TryParseExact(t, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static bool TryRelative(Match match, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        const long limit = 100L * 366 * 24 * 3600; // a century, in seconds: beyond that it is not a time
        long seconds = 0;
        var numbers = match.Groups["n"].Captures;
        var units = match.Groups["unit"].Captures;
        for (var i = 0; i < numbers.Count; i++)
        {
            var n = long.Parse(numbers[i].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            seconds += n * char.ToLowerInvariant(units[i].Value[0]) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                _ => 7 * 86_400,
            };
            if (seconds > limit)
            {
                return false;
            }
        }

        var total = TimeSpan.FromSeconds(seconds);
        value = match.Groups["sign"].Value == "-" ? now - total : now + total;
        return true;
    }

    /// <summary>00:00 of the day <paramref name="days"/> from <paramref name="now"/>'s day in <paramref name="zone"/>.</summary>
    private static DateTimeOffset Midnight(DateTimeOffset now, TimeZoneInfo zone, int days) =>
        InZone(TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(days), zone);

    private static DateTimeOffset InZone(DateTime wallClock, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}

/// <summary>A <c>[from, to]</c> window read from the command line at one "now".</summary>
/// <param name="From">The start.</param>
/// <param name="To">The end (not before <paramref name="From"/>).</param>
internal readonly record struct TimeWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>
    /// Reads <paramref name="from"/> and <paramref name="to"/> (each <see langword="null"/> for its default) as of the
    /// machine's clock and time zone; the defaults are today 00:00 and now.
    /// </summary>
    /// <exception cref="CliException">A value is not a time, or the window ends before it starts (usage error).</exception>
    public static TimeWindow Parse(string? from, string? to, DateTimeOffset? defaultFrom = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var now = time.GetUtcNow();
        var zone = time.LocalTimeZone;
        var start = from is null ? defaultFrom ?? TimeArgument.Parse("--from", "today", now, zone) : TimeArgument.Parse("--from", from, now, zone);
        var end = to is null ? now : TimeArgument.Parse("--to", to, now, zone);
        if (end < start)
        {
            throw CliException.Usage($"--to ({end:O}) is before --from ({start:O}).");
        }

        return new TimeWindow(start, end);
    }
}
