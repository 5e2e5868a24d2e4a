using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Pipeline;

/// <summary>
/// Per attempt: logs that it starts, and once it is classified records the metrics (<c>ccc.client.requests</c>,
/// <c>ccc.client.request.duration</c>, <c>ccc.client.errors</c>) and the response's tags on the call's activity.
/// </summary>
internal sealed class AttemptTelemetryPolicy(ILogger logger, string host) : CccPipelinePolicy
{
    public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        Log.RequestStarting(logger, message.Action, message.Attempt, host);
        await ProcessNextAsync(message, next).ConfigureAwait(false);
        var outcome = message.Classification;
        if (message.Response is { } response && message.Activity is { } activity)
        {
            activity.SetTag("http.response.status_code", response.Status);
            activity.SetTag("ccc.request_id", outcome.Envelope?.RequestId);
        }

        CccDiagnostics.Record(message.Action, outcome.Code, message.ElapsedMilliseconds, failed: !outcome.IsSuccess);
    }
}
