namespace Ccc.Sdk.Webhooks;

/// <summary>A webhook delivery failed verification: answer it with 401 and let the sender retry.</summary>
/// <remarks>The message names the failed check and the header involved; it never contains secrets or signatures.</remarks>
public sealed class CccWebhookVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Which check failed.</param>
    /// <param name="message">A message free of secrets and signatures.</param>
    public CccWebhookVerificationException(CccWebhookFailure reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Which check failed.</summary>
    public CccWebhookFailure Reason { get; }
}
