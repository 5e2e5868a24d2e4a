using System.Diagnostics;

namespace Ccc.Sdk.Pipeline;

/// <summary>
/// Tracing: one <see cref="Activity"/> per call (retries included), tagged with the action and the server, its status
/// set to the code the call fails with. The attempt step adds the response's tags.
/// </summary>
internal sealed class DiagnosticsPolicy(string serverAddress) : CccPipelinePolicy
{
    public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        using var activity = CccDiagnostics.ActivitySource.StartActivity("CCC " + message.Action, ActivityKind.Client);
        if (activity is null)
        {
            await ProcessNextAsync(message, next).ConfigureAwait(false);
            return;
        }

        activity.SetTag("rpc.system", "ccc");
        activity.SetTag("rpc.method", message.Action);
        activity.SetTag("server.address", serverAddress);
        message.Activity = activity;
        try
        {
            await ProcessNextAsync(message, next).ConfigureAwait(false);
        }
        catch (CccException ex) when (ReferenceEquals(ex, message.FinalError))
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.Code);
            throw;
        }
    }
}
