namespace Ccc.Sdk.Webhooks;

/// <summary>
/// Standard Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>) as an
/// <see cref="ICccWebhookAuthenticator"/>: the receiver's default. It is the emulator's signing, and the one to use for
/// a relay you run (e.g. a RocketMQ consumer that forwards the cloud's events signed with <see cref="CccWebhookSigner"/>).
/// It is <em>not</em> a signature the cloud is documented to send.
/// </summary>
public sealed class CccStandardWebhooksAuthenticator : ICccWebhookAuthenticator
{
    private readonly CccWebhookVerifier _verifier;

    /// <summary>Creates the authenticator around a verifier (its secrets, tolerance and clock).</summary>
    /// <param name="verifier">The verifier.</param>
    /// <exception cref="ArgumentNullException"><paramref name="verifier"/> is <see langword="null"/>.</exception>
    public CccStandardWebhooksAuthenticator(CccWebhookVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
    }

    /// <summary>Verifies the signature and timestamp; on success the delivery id is the <c>webhook-id</c>.</summary>
    /// <param name="request">The delivery.</param>
    /// <param name="cancellationToken">Not used: verification is synchronous.</param>
    /// <returns>Success with the <c>webhook-id</c>, or the verifier's <see cref="CccWebhookFailure"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public ValueTask<CccWebhookAuthenticationResult> AuthenticateAsync(CccWebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? id = request.Header("webhook-id");
        try
        {
            _verifier.Verify(id, request.Header("webhook-timestamp"), request.Header("webhook-signature"), request.Body.Span);
        }
        catch (CccWebhookVerificationException ex)
        {
            return ValueTask.FromResult(CccWebhookAuthenticationResult.Fail(ex.Reason, ex.Message));
        }

        return ValueTask.FromResult(CccWebhookAuthenticationResult.Success(id));
    }
}
