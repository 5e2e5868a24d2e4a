using Ccc.Sdk.AspNetCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// Logs one endpoint's refused deliveries, at most <see cref="PerMinute"/> a minute: anyone can send refused requests,
/// and they must not flood the log. The first refusal over the limit says logging pauses; the first refusal of a new
/// minute reports how many were not logged. The <c>webhook-id</c> of such requests is the caller's text: control
/// characters are stripped and it is cut to 64 characters.
/// </summary>
internal sealed class WebhookRefusalLog(ILogger logger, TimeProvider time)
{
    /// <summary>Refusals logged per minute and endpoint.</summary>
    public const int PerMinute = 10;

    private readonly LogRateLimit _limit = new(PerMinute, time);

    public void Refused(string? webhookId, string reason, int statusCode)
    {
        var (log, pausing, suppressedBefore) = _limit.Next();
        if (suppressedBefore > 0)
        {
            WebhookLog.RefusalsSuppressed(logger, suppressedBefore);
        }

        if (log)
        {
            WebhookLog.Refused(logger, UntrustedText.ForLog(webhookId), reason, statusCode);
        }
        else if (pausing)
        {
            WebhookLog.RefusalLoggingPaused(logger, PerMinute);
        }
    }
}
