namespace Ccc.Sdk.Pipeline;

/// <summary>The last step: sends the signed attempt through <see cref="RestSharpTransport"/> and keeps the response.</summary>
internal sealed class TransportPolicy(RestSharpTransport transport) : CccPipelinePolicy
{
    public override async ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        var signed = message.Signed ?? throw new InvalidOperationException("The request was not signed before the transport step.");
        message.Response = await transport.SendAsync(signed, message.IsReadOnly, message.AttemptCancellationToken).ConfigureAwait(false);
    }
}
