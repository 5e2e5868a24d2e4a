using System.Globalization;
using System.Security.Cryptography;

namespace Ccc.Sdk.Webhooks;

/// <summary>
/// Verifies Standard Webhooks deliveries (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>):
/// the timestamp must lie within the tolerance of now (both ways), and at least one <c>v1</c> signature of the header
/// must match the HMAC-SHA256 of <c>id.timestamp.body</c> under at least one configured secret.
/// </summary>
/// <remarks>
/// Standard Webhooks is our signing: the emulator's, and the one a relay of yours should use (e.g. a RocketMQ consumer
/// forwarding the cloud's events). The cloud does not publish how it signs an HTTP delivery; for its webhook option see
/// <see cref="CccSharedTokenAuthenticator"/> and docs/events.md. The receiver uses this class through
/// <see cref="CccStandardWebhooksAuthenticator"/>.
/// Several secrets are accepted so a secret can be rotated without losing deliveries: configure old and new, then drop
/// the old one once the sender signs with the new one only. Signatures are compared in constant time. An instance is
/// immutable and safe to share between threads.
/// </remarks>
public sealed class CccWebhookVerifier
{
    /// <summary>The tolerance used when none is given: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int SignatureLength = 32; // HMAC-SHA256

    private readonly byte[][] _keys;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier.</summary>
    /// <param name="secrets">One or more secrets, each <c>whsec_</c> + base64 of a key of at least 24 bytes (several while rotating).</param>
    /// <param name="tolerance">How far (either way) the <c>webhook-timestamp</c> may lie from now; default 5 minutes.</param>
    /// <param name="timeProvider">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> is null.</exception>
    /// <exception cref="ArgumentException">No secret was given, or a secret is malformed or its key shorter than 24 bytes (the message names its position, never its value).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public CccWebhookVerifier(IEnumerable<string> secrets, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var keys = new List<byte[]>();
        int position = 0;
        foreach (string secret in secrets)
        {
            keys.Add(WebhookSecret.DecodeKey(secret, $"The webhook secret at position {position}", nameof(secrets)));
            position++;
        }

        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one webhook secret is required.", nameof(secrets));
        }

        TimeSpan t = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(tolerance));
        _keys = [.. keys];
        _tolerance = t;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies one delivery; returns normally when it is authentic and fresh.</summary>
    /// <param name="webhookId">The <c>webhook-id</c> header.</param>
    /// <param name="webhookTimestamp">The <c>webhook-timestamp</c> header (Unix seconds).</param>
    /// <param name="webhookSignature">The <c>webhook-signature</c> header: space-separated <c>v1,&lt;base64&gt;</c> entries.</param>
    /// <param name="body">The exact bytes of the request body, as received.</param>
    /// <exception cref="CccWebhookVerificationException">
    /// The delivery is rejected; <see cref="CccWebhookVerificationException.Reason"/> says why. The message never
    /// contains secrets or signatures.
    /// </exception>
    public void Verify(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body)
    {
        RequireHeader(webhookId, "webhook-id");
        RequireHeader(webhookTimestamp, "webhook-timestamp");
        RequireHeader(webhookSignature, "webhook-signature");

        string timestamp = webhookTimestamp!.Trim();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new CccWebhookVerificationException(
                CccWebhookFailure.InvalidTimestamp,
                "The webhook-timestamp header is not a whole number of Unix seconds.");
        }

        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        long tolerance = (long)_tolerance.TotalSeconds;
        if (seconds < now - tolerance)
        {
            throw new CccWebhookVerificationException(
                CccWebhookFailure.TimestampTooOld,
                $"The webhook-timestamp is {now - seconds} s in the past; at most {tolerance} s is accepted.");
        }

        if (seconds > now + tolerance)
        {
            throw new CccWebhookVerificationException(
                CccWebhookFailure.TimestampTooNew,
                $"The webhook-timestamp is {seconds - now} s in the future; at most {tolerance} s is accepted.");
        }

        // Compute each secret's signature once, then compare every offered v1 signature against all of them.
        var expected = new byte[_keys.Length][];
        for (int i = 0; i < _keys.Length; i++)
        {
            expected[i] = CccWebhookSigner.ComputeSignature(_keys[i], webhookId!, timestamp, body);
        }

        Span<byte> offered = stackalloc byte[SignatureLength + 3];
        bool anyV1 = false;
        foreach (string entry in webhookSignature!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue; // another scheme (e.g. v1a): not ours to check
            }

            anyV1 = true;
            if (!Convert.TryFromBase64Chars(entry.AsSpan(3), offered, out int written) || written != SignatureLength)
            {
                continue;
            }

            bool match = false;
            foreach (byte[] candidate in expected)
            {
                // No early exit across secrets: the time taken does not reveal which secret matched.
                match |= CryptographicOperations.FixedTimeEquals(candidate, offered[..written]);
            }

            if (match)
            {
                return;
            }
        }

        throw new CccWebhookVerificationException(
            CccWebhookFailure.InvalidSignature,
            anyV1
                ? "No v1 signature in the webhook-signature header matches the delivery under any configured secret."
                : "The webhook-signature header holds no v1 signature.");
    }

    private static void RequireHeader(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CccWebhookVerificationException(
                CccWebhookFailure.MissingHeader,
                $"The {name} header is missing or empty.");
        }
    }
}
