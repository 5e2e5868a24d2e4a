namespace Ccc.Sdk.Webhooks;

/// <summary>
/// Decides whether one webhook delivery comes from whom it claims to, before anything is parsed or stored. The webhook
/// receiver (<c>MapCccWebhooks</c> in Ccc.Sdk.AspNetCore) calls it once per request with the headers, the query, the
/// sender's address and the raw body.
/// </summary>
/// <remarks>
/// <para>Implementations in this SDK:</para>
/// <list type="bullet">
/// <item><see cref="CccStandardWebhooksAuthenticator"/> — Standard Webhooks signatures (the default): what the emulator
/// sends, and what a relay of your own (e.g. a RocketMQ consumer that forwards events) should send.</item>
/// <item><see cref="CccSharedTokenAuthenticator"/> — a secret token of <em>ours</em>, placed in the webhook address you
/// give the cloud (or in a header), optionally with an IP allowlist; for HTTP deliveries whose signature (if any) is
/// not published.</item>
/// </list>
/// <para>An implementation must be safe to call concurrently, compare secrets in constant time, and keep secrets out of
/// the failure message (it is logged). Throwing is treated as "cannot decide now": the receiver answers 503 so the
/// sender retries.</para>
/// </remarks>
public interface ICccWebhookAuthenticator
{
    /// <summary>Authenticates one delivery.</summary>
    /// <param name="request">The delivery: headers, query parameters, the sender's address and the exact body bytes.</param>
    /// <param name="cancellationToken">Cancelled when the sender goes away.</param>
    /// <returns>Success (with the delivery's id, if the scheme carries one) or a typed failure.</returns>
    ValueTask<CccWebhookAuthenticationResult> AuthenticateAsync(CccWebhookRequest request, CancellationToken cancellationToken);
}
