namespace Ccc.Sdk.Webhooks;

/// <summary>Decodes Standard Webhooks secrets (<c>whsec_</c> + base64 key) without ever echoing them.</summary>
internal static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>The shortest key accepted, in bytes (192 bits): a short key can be guessed, and a guessed key forges deliveries.</summary>
    public const int MinimumKeyBytes = 24;

    /// <summary>Returns the HMAC key of <paramref name="secret"/>; <paramref name="what"/> names it in errors (never its value).</summary>
    /// <exception cref="ArgumentException">The secret is empty, lacks the prefix, is not base64 after it, or its key is shorter than <see cref="MinimumKeyBytes"/>.</exception>
    public static byte[] DecodeKey(string? secret, string what, string paramName)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new ArgumentException($"{what} is empty.", paramName);
        }

        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} does not start with '{Prefix}'.", paramName);
        }

        ReadOnlySpan<char> encoded = secret.AsSpan(Prefix.Length);
        byte[] buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (encoded.IsEmpty || !Convert.TryFromBase64Chars(encoded, buffer, out int written) || written == 0)
        {
            throw new ArgumentException($"{what} is not valid base64 after '{Prefix}'.", paramName);
        }

        if (written < MinimumKeyBytes)
        {
            // The length is no secret worth keeping: it only says the key is too short.
            throw new ArgumentException(
                $"{what} is too short: its key is {written} bytes, at least {MinimumKeyBytes} are required (CccWebhookSigner.NewSecret() makes 32).",
                paramName);
        }

        return buffer.AsSpan(0, written).ToArray();
    }
}
