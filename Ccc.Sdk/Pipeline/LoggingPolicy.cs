using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Pipeline;

/// <summary>
/// Logs how the call ended: completed (status, code, request id, duration of the last attempt), failed (after how
/// many attempts) or outcome unknown. Never a parameter, header, key or signature (see <see cref="Log"/>).
/// </summary>
internal sealed class LoggingPolicy(ILogger logger) : CccPipelinePolicy
{
    public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        try
        {
            await ProcessNextAsync(message, next).ConfigureAwait(false);
        }
        catch (CccException ex) when (ReferenceEquals(ex, message.FinalError))
        {
            if (ex is CccRequestOutcomeUnknownException)
            {
                Log.OutcomeUnknown(logger, message.Action, ex.InnerException?.GetType().Name ?? "no response");
            }
            else
            {
                Log.RequestFailed(logger, message.Action, ex.HttpStatusCode, ex.Code, ex.RequestId, message.Attempt);
            }

            throw;
        }

        var outcome = message.Classification;
        Log.RequestCompleted(logger, message.Action, message.Response?.Status ?? 0, outcome.Code, outcome.Envelope?.RequestId, message.ElapsedMilliseconds);
    }
}
