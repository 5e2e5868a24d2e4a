namespace Ccc.Sdk.Webhooks;

/// <summary>Why <see cref="CccWebhookVerifier.Verify"/> rejected a delivery.</summary>
public enum CccWebhookFailure
{
    /// <summary>One of the <c>webhook-id</c>, <c>webhook-timestamp</c> or <c>webhook-signature</c> headers is missing or empty.</summary>
    MissingHeader,

    /// <summary>The <c>webhook-timestamp</c> header is not a whole number of Unix seconds.</summary>
    InvalidTimestamp,

    /// <summary>The <c>webhook-timestamp</c> is further in the past than the tolerance allows (a stale or replayed delivery).</summary>
    TimestampTooOld,

    /// <summary>The <c>webhook-timestamp</c> is further in the future than the tolerance allows.</summary>
    TimestampTooNew,

    /// <summary>No <c>v1</c> signature in the <c>webhook-signature</c> header matches the delivery under any configured secret.</summary>
    InvalidSignature,
}
