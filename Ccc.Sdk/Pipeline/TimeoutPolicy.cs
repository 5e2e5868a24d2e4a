namespace Ccc.Sdk.Pipeline;

/// <summary>
/// Gives each attempt <see cref="CccClientOptions.Timeout"/> on the injected <see cref="TimeProvider"/>, measures how
/// long it took, and turns a transport failure (no response, a drop, the timeout) into
/// <see cref="CccMessage.TransportFailure"/>; the caller's own cancellation still ends the call.
/// </summary>
internal sealed class TimeoutPolicy(TimeSpan timeout, TimeProvider time) : CccPipelinePolicy
{
    public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        CancellationToken caller = message.CancellationToken;
        long started = time.GetTimestamp();
        using (var attemptTimeout = new CancellationTokenSource(timeout, time))
        using (var linked = caller.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(caller, attemptTimeout.Token) : null)
        {
            message.AttemptCancellationToken = linked?.Token ?? attemptTimeout.Token;
            try
            {
                await ProcessNextAsync(message, next).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException && !caller.IsCancellationRequested)
            {
                message.Response = null;
                message.TransportFailure = ex;
            }
            finally
            {
                message.AttemptCancellationToken = default;
            }

            message.TimedOut = attemptTimeout.IsCancellationRequested;
        }

        caller.ThrowIfCancellationRequested();
        message.ElapsedMilliseconds = time.GetElapsedTime(started).TotalMilliseconds;
    }
}
