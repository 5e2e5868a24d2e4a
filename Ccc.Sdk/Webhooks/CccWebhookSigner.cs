using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Webhooks;

/// <summary>
/// Produces Standard Webhooks ids, secrets and signatures: what a sender (the emulator, or a test of your receiver)
/// needs to make deliveries that <see cref="CccWebhookVerifier"/> accepts. A relay of yours (e.g. a RocketMQ consumer
/// forwarding the cloud's events to <c>MapCccWebhooks</c>) signs with it too; the cloud itself is not documented to.
/// </summary>
public static class CccWebhookSigner
{
    // Crockford base32, lower case: no i, l, o, u, so ids read back unambiguously.
    private const string IdAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new random delivery id: <c>msg_</c> followed by 26 base32 characters (130 bits).</summary>
    /// <returns>The id, for the <c>webhook-id</c> header; reuse it for every retry of the same event.</returns>
    public static string NewWebhookId() => "msg_" + RandomNumberGenerator.GetString(IdAlphabet, 26);

    /// <summary>A new random secret: <c>whsec_</c> followed by the base64 of 32 random bytes.</summary>
    /// <returns>The secret; keep it out of logs.</returns>
    public static string NewSecret() => WebhookSecret.Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Signs one delivery: HMAC-SHA256 over <c>id + "." + timestamp + "." + body</c>.</summary>
    /// <param name="secret">The secret (<c>whsec_</c> + base64 of a key of at least 24 bytes).</param>
    /// <param name="webhookId">The <c>webhook-id</c> header value.</param>
    /// <param name="timestamp">The attempt's time; sent (and signed) as whole Unix seconds.</param>
    /// <param name="body">The exact bytes of the request body.</param>
    /// <returns>One signature, <c>v1,</c> + base64; join several with a space for the <c>webhook-signature</c> header.</returns>
    /// <exception cref="ArgumentException">The secret is malformed or its key shorter than 24 bytes (the message never contains it), or the id is empty.</exception>
    public static string Sign(string secret, string webhookId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        byte[] key = WebhookSecret.DecodeKey(secret, "The webhook secret", nameof(secret));
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        string seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return "v1," + Convert.ToBase64String(ComputeSignature(key, webhookId, seconds, body));
    }

    /// <summary>HMAC-SHA256 of <c>id.timestamp.body</c>, with the timestamp exactly as it travels in the header.</summary>
    internal static byte[] ComputeSignature(byte[] key, string webhookId, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(webhookId + "." + timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
