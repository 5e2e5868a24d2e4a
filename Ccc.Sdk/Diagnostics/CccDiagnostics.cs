using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ccc.Sdk;

/// <summary>
/// The SDK's tracing and metrics, both named <see cref="CccApi.DiagnosticsName"/> (<c>Ccc.Sdk</c>): an activity per
/// OpenAPI call (including its retries), counters <c>ccc.client.requests</c> and <c>ccc.client.errors</c> (tags
/// <c>action</c>, <c>code</c>) and the histogram <c>ccc.client.request.duration</c> (milliseconds, per attempt).
/// </summary>
public static class CccDiagnostics
{
    /// <summary>Name of the request counter (one per attempt; tags <c>action</c>, <c>code</c>).</summary>
    public const string RequestsCounterName = "ccc.client.requests";

    /// <summary>Name of the duration histogram (milliseconds per attempt; tags <c>action</c>, <c>code</c>).</summary>
    public const string DurationHistogramName = "ccc.client.request.duration";

    /// <summary>Name of the error counter (one per failed attempt; tags <c>action</c>, <c>code</c>).</summary>
    public const string ErrorsCounterName = "ccc.client.errors";

    internal static readonly ActivitySource ActivitySource = new(CccApi.DiagnosticsName, typeof(CccDiagnostics).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(CccApi.DiagnosticsName, typeof(CccDiagnostics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>(RequestsCounterName, "{request}", "OpenAPI requests sent by CccClient (each attempt).");

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationHistogramName, "ms", "Duration of one OpenAPI attempt.");

    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(ErrorsCounterName, "{error}", "OpenAPI attempts that failed.");

    internal static void Record(string action, string code, double milliseconds, bool failed)
    {
        var tags = new TagList { { "action", action }, { "code", code } };
        Requests.Add(1, tags);
        Duration.Record(milliseconds, tags);
        if (failed)
        {
            Errors.Add(1, tags);
        }
    }
}
