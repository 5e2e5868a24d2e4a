using System.Globalization;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Reports;

/// <summary>Time windows of the history actions: epoch-ms parameters, defaults from the instance's midnight.</summary>
internal static class ReportWindow
{
    /// <summary>
    /// The instance's time zone: China time (UTC+8), like the cloud's console and the CDR lists' default window. Every
    /// "today" and "since midnight" of the emulator starts at 00:00 in it.
    /// </summary>
    public static readonly TimeSpan Zone = TimeSpan.FromHours(8);

    /// <summary>Epoch ms of the last midnight (UTC+8) at or before <paramref name="nowMs"/>.</summary>
    public static long Midnight(long nowMs) =>
        new DateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(nowMs).ToOffset(Zone).Date, Zone).ToUnixTimeMilliseconds();

    /// <summary>An optional epoch-ms parameter (the gateway has checked it is a long).</summary>
    public static long? GetLong(ActionContext context, string name) =>
        context.Get(name) is { } v ? long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

    /// <summary>[start, end): <paramref name="startName"/> (default: today's midnight) to <paramref name="endName"/> (default: now).</summary>
    /// <exception cref="ApiException">Parameter.Invalid when the end is before the start.</exception>
    public static (long Start, long End) Get(ActionContext context, string startName, string endName)
    {
        var now = context.NowMilliseconds;
        var start = GetLong(context, startName) ?? Midnight(now);
        var end = GetLong(context, endName) ?? Math.Max(now + 1, start); // [start, end): a call started this millisecond counts.
        if (end < start)
        {
            throw ApiErrors.ParameterInvalid(endName, $"{endName} must not be before {startName}");
        }

        return (start, end);
    }

    /// <summary>A list parameter given as a JSON array (<c>["a","b"]</c>) or as comma-separated text.</summary>
    public static IReadOnlyList<string>? GetList(ActionContext context, string name)
    {
        var text = context.Get(name);
        if (text is null)
        {
            return null;
        }

        return text.TrimStart().StartsWith('[')
            ? context.GetJsonStringArray(name)
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
