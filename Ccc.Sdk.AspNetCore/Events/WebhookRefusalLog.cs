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

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private int _suppressed;

    public void Refused(string? webhookId, string reason, int statusCode)
    {
        bool log, pause;
        int suppressedBefore = 0;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= Window || now < _windowStart)
            {
                suppressedBefore = _suppressed;
                _windowStart = now;
                _logged = 0;
                _suppressed = 0;
            }

            log = _logged < PerMinute;
            pause = !log && _suppressed == 0;
            if (log)
            {
                _logged++;
            }
            else
            {
                _suppressed++;
            }
        }

        if (suppressedBefore > 0)
        {
            WebhookLog.RefusalsSuppressed(logger, suppressedBefore);
        }

        if (log)
        {
            WebhookLog.Refused(logger, UntrustedText.ForLog(webhookId), reason, statusCode);
        }
        else if (pause)
        {
            WebhookLog.RefusalLoggingPaused(logger, PerMinute);
        }
    }
}
