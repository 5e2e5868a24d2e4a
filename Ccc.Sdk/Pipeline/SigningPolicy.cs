using Ccc.Sdk.Auth;
using Ccc.Sdk.Signing;

namespace Ccc.Sdk.Pipeline;

/// <summary>
/// Starts an attempt: fetches the credentials and signs the request for the endpoint's host with the clock-skew
/// corrected time and a fresh nonce (the service rejects a reused nonce, so every attempt is signed anew).
/// </summary>
internal sealed class SigningPolicy(CccCredential credential, SignatureAlgorithm algorithm, string host, TimeProvider time, ClockSkew skew) : CccPipelinePolicy
{
    public override ValueTask ProcessAsync(CccMessage message, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        message.StartAttempt();
        ValueTask<CccCredentials> credentials = credential.GetCredentialsAsync(message.CancellationToken);
        if (credentials.IsCompletedSuccessfully)
        {
            Sign(message, credentials.Result);
            return ProcessNextAsync(message, next);
        }

        return SignAfterAsync(message, credentials, next);
    }

    private async ValueTask SignAfterAsync(CccMessage message, ValueTask<CccCredentials> credentials, ReadOnlyMemory<CccPipelinePolicy> next)
    {
        Sign(message, await credentials.ConfigureAwait(false));
        await ProcessNextAsync(message, next).ConfigureAwait(false);
    }

    private void Sign(CccMessage message, CccCredentials credentials) =>
        message.Signed = RequestSigner.Sign(message.Request, credentials, algorithm, host, time.GetUtcNow() + skew.Value, Guid.NewGuid().ToString("N"));
}
