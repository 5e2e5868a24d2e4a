namespace Ccc.Sdk.Webhooks;

/// <summary>
/// Why a delivery was rejected: by <see cref="CccWebhookVerifier.Verify"/> (Standard Webhooks) or by another
/// <see cref="ICccWebhookAuthenticator"/> (<see cref="CccSharedTokenAuthenticator"/>, or your own).
/// </summary>
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

    /// <summary>The shared token was not found where <see cref="CccSharedTokenOptions"/> says it travels (query parameter or header).</summary>
    MissingToken,

    /// <summary>The shared token does not match any configured token.</summary>
    InvalidToken,

    /// <summary>The sender's IP address is not in <see cref="CccSharedTokenOptions.AllowedNetworks"/>.</summary>
    AddressNotAllowed,

    /// <summary>A custom <see cref="ICccWebhookAuthenticator"/> refused the delivery for a reason of its own.</summary>
    Refused,
}
