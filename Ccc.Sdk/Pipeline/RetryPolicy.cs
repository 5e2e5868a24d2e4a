using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Pipeline;

/// <summary>
/// Retries with backoff what <see cref="CccResponseClassifier"/> calls retryable (throttling for every action; 5xx,
/// timeouts and network failures for read-only actions), up to <see cref="CccRetryOptions.MaxRetries"/>; never re-sends
/// a state-changing action that may have reached the service (<see cref="CccRequestOutcomeUnknownException"/>). When
/// it gives up, it throws the attempt's error and records it as <see cref="CccMessage.FinalError"/>.
/// </summary>
internal sealed class RetryPolicy(CccRetryPolicy backoff, ILogger logger, string host, TimeSpan timeout) : CccPipelinePolicy
{
    /// <summary>How long to wait between attempts (replaceable: a test seam for the jitter).</summary>
    public CccRetryPolicy Backoff { get; set; } = backoff;

    public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        int retries = 0;
        while (true)
        {
            message.CancellationToken.ThrowIfCancellationRequested();
            await ProcessNextAsync(message, next).ConfigureAwait(false);
            var outcome = message.Classification;
            if (outcome.IsSuccess)
            {
                return;
            }

            if (outcome.IsOutcomeUnknown)
            {
                throw message.FinalError = new CccRequestOutcomeUnknownException(message.Action, message.TransportFailure);
            }

            var backoff = Backoff;
            if (outcome.IsRetryable && retries < backoff.MaxRetries)
            {
                retries++;
                var delay = backoff.ComputeDelay(retries, outcome.RetryAfter);
                Log.RetryScheduled(logger, message.Action, message.Attempt, outcome.Code, delay.TotalMilliseconds);
                await backoff.DelayAsync(delay, message.CancellationToken).ConfigureAwait(false);
                continue;
            }

            throw message.FinalError = outcome.Error ?? GaveUp(message, outcome.Code);
        }
    }

    /// <summary>The error of a call that never got a response: the host and the cause in plain words, never the URL (its query carries the signature).</summary>
    private CccServiceException GaveUp(CccMessage message, string code)
    {
        Exception failure = message.TransportFailure ?? new HttpRequestException("No response.");
        string what = message.TimedOut
            ? $"no response from {host} within {timeout.TotalSeconds:0.###} s"
            : $"{host} could not be reached: {NetworkFailure.Describe(failure)}";
        return new CccServiceException(
            CccException.Format(message.Action, code, $"{what}; gave up after {message.Attempt} attempt(s).", null, 0), code, null, 0, message.Action, null, failure);
    }
}
