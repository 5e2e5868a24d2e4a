using System.Globalization;
using Ccc.Sdk.Emulator.Events;
using Ccc.Sdk.Tests.Infrastructure;

namespace Ccc.Sdk.Tests.Emulator.Events;

/// <summary>The emulator's own Standard Webhooks signer against the published Standard Webhooks vectors (webhooks.json).</summary>
public sealed class WebhookSignerTests
{
    [Fact]
    public void Every_webhooks_vector_is_reproduced()
    {
        using var doc = SharedFiles.ReadJson("vectors", "webhooks.json");
        var vectors = doc.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.NotEmpty(vectors);
        foreach (var v in vectors)
        {
            var headers = v.GetProperty("headers");
            var signature = WebhookSigner.Sign(
                v.GetProperty("secret").GetString()!,
                headers.GetProperty("webhook-id").GetString()!,
                long.Parse(headers.GetProperty("webhook-timestamp").GetString()!, CultureInfo.InvariantCulture),
                System.Text.Encoding.UTF8.GetBytes(v.GetProperty("body").GetString()!));
            Assert.Equal(v.GetProperty("expected").GetProperty("webhook-signature").GetString(), signature);
        }
    }

    [Fact]
    public void A_changed_body_or_secret_gives_another_signature()
    {
        var secret = WebhookSigner.NewSecret();
        var body = "{\"a\":1}"u8.ToArray();
        var signature = WebhookSigner.Sign(secret, "msg_1", 1, body);
        Assert.NotEqual(signature, WebhookSigner.Sign(secret, "msg_1", 1, "{\"a\":2}"u8.ToArray()));
        Assert.NotEqual(signature, WebhookSigner.Sign(WebhookSigner.NewSecret(), "msg_1", 1, body));
        Assert.NotEqual(signature, WebhookSigner.Sign(secret, "msg_1", 2, body));
    }

    [Fact]
    public void New_secrets_are_whsec_plus_32_random_bytes_and_ids_are_msg_plus_26_characters()
    {
        var secret = WebhookSigner.NewSecret();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, WebhookSigner.KeyOf(secret)!.Length);
        Assert.NotEqual(secret, WebhookSigner.NewSecret());
        var id = WebhookSigner.NewWebhookId();
        Assert.Matches("^msg_[a-z2-7]{26}$", id);
        Assert.NotEqual(id, WebhookSigner.NewWebhookId());
        Assert.Null(WebhookSigner.KeyOf("sk_abc"));
        Assert.Null(WebhookSigner.KeyOf("whsec_%%%"));
        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign("nope", "msg_1", 1, []));
    }
}
