using System.Text;
using Ccc.Sdk.Webhooks;

namespace Ccc.Sdk.Tests.Webhooks;

/// <summary>Secrets must carry at least 24 bytes of key: a one-byte key lets a forger in on the first guesses.</summary>
public sealed class WebhookSecretLengthTests
{
    public static TheoryData<string> ShortSecrets => new()
    {
        "whsec_AA==",
        "whsec_" + Convert.ToBase64String(new byte[16]),
        "whsec_" + Convert.ToBase64String(new byte[23]),
    };

    [Theory]
    [MemberData(nameof(ShortSecrets))]
    public void The_verifier_refuses_a_secret_shorter_than_24_bytes_and_does_not_print_it(string secret)
    {
        var error = Assert.Throws<ArgumentException>(() => new CccWebhookVerifier([CccWebhookSigner.NewSecret(), secret]));

        Assert.Contains("position 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 24", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ShortSecrets))]
    public void The_signer_refuses_a_secret_shorter_than_24_bytes(string secret)
    {
        var error = Assert.Throws<ArgumentException>(() => CccWebhookSigner.Sign(secret, "msg_1", DateTimeOffset.UtcNow, "{}"u8));
        Assert.DoesNotContain(secret["whsec_".Length..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_byte_secret_can_no_longer_be_forged_by_guessing()
    {
        // Before: with whsec_AA== configured, 256 guesses at most found the key.
        Assert.Throws<ArgumentException>(() => new CccWebhookVerifier(["whsec_AA=="]));
    }

    [Fact]
    public void Secrets_of_24_bytes_and_new_secrets_are_accepted()
    {
        string exactly24 = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("0123456789abcdefghijklmn"));
        string fresh = CccWebhookSigner.NewSecret();
        Assert.Equal(32, Convert.FromBase64String(fresh["whsec_".Length..]).Length);

        var verifier = new CccWebhookVerifier([exactly24, fresh]);
        var now = DateTimeOffset.UtcNow;
        verifier.Verify("msg_1", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), CccWebhookSigner.Sign(exactly24, "msg_1", now, "{}"u8), "{}"u8);
    }
}
