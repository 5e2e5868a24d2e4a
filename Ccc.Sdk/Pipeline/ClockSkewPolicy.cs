using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Pipeline;

/// <summary>
/// On <c>InvalidTimeStamp.Expired</c> with a <c>Date</c> header, learns the offset between the local clock and the
/// service's and sends the request once more (re-signed with the corrected time), whatever the action: the service
/// rejected it before acting. Once per call.
/// </summary>
internal sealed class ClockSkewPolicy(ClockSkew skew, TimeProvider time, ILogger logger) : CccPipelinePolicy
{
    public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        await ProcessNextAsync(message, next).ConfigureAwait(false);
        var outcome = message.Classification;
        if (message.ClockSkewCorrected
            || outcome.Kind != CccOutcomeKind.ServiceError
            || outcome.Code != CccResponseClassifier.ExpiredTimestampCode
            || message.Response?.Headers.Date is not { } serverTime)
        {
            return;
        }

        message.ClockSkewCorrected = true;
        skew.Value = serverTime.ToUniversalTime() - time.GetUtcNow();
        Log.ClockSkewCorrected(logger, skew.Value.TotalSeconds);
        Log.RetryScheduled(logger, message.Action, message.Attempt, outcome.Code, 0);
        message.CancellationToken.ThrowIfCancellationRequested();
        await ProcessNextAsync(message, next).ConfigureAwait(false);
    }
}

/// <summary>The offset added to the local clock when signing, shared by the client, the clock-skew step and the signing step.</summary>
internal sealed class ClockSkew
{
    private long _ticks;

    /// <summary>The offset (thread-safe).</summary>
    public TimeSpan Value
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
        set => Interlocked.Exchange(ref _ticks, value.Ticks);
    }
}
