namespace Ccc.Sdk.Webhooks;

/// <summary>What an <see cref="ICccWebhookAuthenticator"/> decided about one delivery.</summary>
public sealed class CccWebhookAuthenticationResult
{
    private static readonly CccWebhookAuthenticationResult SuccessWithoutId = new(true, null, null, null);

    private CccWebhookAuthenticationResult(bool succeeded, string? deliveryId, CccWebhookFailure? failure, string? message)
    {
        Succeeded = succeeded;
        DeliveryId = deliveryId;
        Failure = failure;
        Message = message;
    }

    /// <summary>Whether the delivery is authentic.</summary>
    public bool Succeeded { get; }

    /// <summary>
    /// The delivery's id when the scheme carries one that stays the same on every retry of one event (Standard Webhooks'
    /// <c>webhook-id</c>); the receiver deduplicates on it. <see langword="null"/>: the receiver uses a digest of the body
    /// instead (<c>sha256:…</c>), so a retry with the same bytes is still stored once.
    /// </summary>
    public string? DeliveryId { get; }

    /// <summary>Why the delivery was refused; <see langword="null"/> on success.</summary>
    public CccWebhookFailure? Failure { get; }

    /// <summary>A message for the log, free of secrets; <see langword="null"/> on success. Never sent to the caller.</summary>
    public string? Message { get; }

    /// <summary>The delivery is authentic.</summary>
    /// <param name="deliveryId">Its id, stable across retries, if the scheme has one (see <see cref="DeliveryId"/>).</param>
    /// <returns>The result.</returns>
    public static CccWebhookAuthenticationResult Success(string? deliveryId = null) =>
        string.IsNullOrEmpty(deliveryId) ? SuccessWithoutId : new(true, deliveryId, null, null);

    /// <summary>The delivery is refused (the receiver answers 401).</summary>
    /// <param name="failure">Why.</param>
    /// <param name="message">For the log; must not contain secrets, tokens or signatures.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty.</exception>
    public static CccWebhookAuthenticationResult Fail(CccWebhookFailure failure, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new(false, null, failure, message);
    }
}
