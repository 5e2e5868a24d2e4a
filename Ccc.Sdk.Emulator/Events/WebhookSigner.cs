using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ccc.Sdk.Emulator.Events;

/// <summary>
/// Standard Webhooks signing (standardwebhooks.com), the emulator's own copy: the emulator never references
/// Ccc.Sdk, so a bug in the SDK's verifier cannot cancel out a bug here. Checked against
/// <c>Ccc.Sdk.Tests/TestData/vectors/webhooks.json</c>.
/// </summary>
internal static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary><c>msg_</c> + 26 random base32 characters (130 bits).</summary>
    public static string NewWebhookId()
    {
        Span<byte> random = stackalloc byte[26];
        RandomNumberGenerator.Fill(random);
        var id = new StringBuilder("msg_", 30);
        foreach (var b in random)
        {
            id.Append(Base32[b & 31]);
        }

        return id.ToString();
    }

    /// <summary><c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The fewest key bytes a secret may have: a shorter key can be guessed (the receivers refuse it too).</summary>
    public const int MinimumKeyBytes = 24;

    /// <summary>
    /// The key of a <c>whsec_</c> secret, or null when the text is not one (no prefix, not base64, fewer than
    /// <see cref="MinimumKeyBytes"/> bytes).
    /// </summary>
    public static byte[]? KeyOf(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
            return key.Length >= MinimumKeyBytes ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary><c>v1,</c> + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)).</summary>
    /// <exception cref="ArgumentException">The secret is not a <c>whsec_</c> secret.</exception>
    public static string Sign(string secret, string webhookId, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var key = KeyOf(secret) ?? throw new ArgumentException("Not a whsec_ secret.", nameof(secret));
        var prefix = Encoding.UTF8.GetBytes(webhookId + "." + unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
