using System.Globalization;
using System.Text;
using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Webhooks;

/// <summary>Standard Webhooks as the receiver's default authenticator: the verifier's checks behind the interface.</summary>
public sealed class CccStandardWebhooksAuthenticatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 2, 34, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-test"}""");

    private readonly string _secret = CccWebhookSigner.NewSecret();
    private readonly CccStandardWebhooksAuthenticator _authenticator;

    public CccStandardWebhooksAuthenticatorTests() =>
        _authenticator = new CccStandardWebhooksAuthenticator(new CccWebhookVerifier([_secret], timeProvider: new FakeTimeProvider(Now)));

    private static CccWebhookRequest Request(string id, DateTimeOffset at, string signature, byte[]? body = null) => new(
        [
            KeyValuePair.Create("Webhook-Id", id), // header names in any case
            KeyValuePair.Create("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            KeyValuePair.Create("WEBHOOK-SIGNATURE", signature),
        ],
        body ?? Body);

    [Fact]
    public async Task A_signed_delivery_succeeds_with_its_webhook_id_as_the_delivery_id()
    {
        string id = CccWebhookSigner.NewWebhookId();

        var result = await _authenticator.AuthenticateAsync(Request(id, Now, CccWebhookSigner.Sign(_secret, id, Now, Body)), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(id, result.DeliveryId);
    }

    [Fact]
    public async Task The_verifiers_reasons_come_back_as_typed_failures()
    {
        string id = CccWebhookSigner.NewWebhookId();
        string signature = CccWebhookSigner.Sign(_secret, id, Now, Body);

        var tampered = await _authenticator.AuthenticateAsync(Request(id, Now, signature, Encoding.UTF8.GetBytes("{}")), CancellationToken.None);
        var stale = await _authenticator.AuthenticateAsync(Request(id, Now.AddMinutes(-6), CccWebhookSigner.Sign(_secret, id, Now.AddMinutes(-6), Body)), CancellationToken.None);
        var unsigned = await _authenticator.AuthenticateAsync(new CccWebhookRequest([KeyValuePair.Create("webhook-id", id)], Body), CancellationToken.None);

        Assert.Equal((false, CccWebhookFailure.InvalidSignature), (tampered.Succeeded, tampered.Failure));
        Assert.Equal(CccWebhookFailure.TimestampTooOld, stale.Failure);
        Assert.Equal(CccWebhookFailure.MissingHeader, unsigned.Failure);
        Assert.Null(tampered.DeliveryId);
        Assert.DoesNotContain(signature[3..], tampered.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, tampered.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_and_requests_check_their_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => new CccStandardWebhooksAuthenticator(null!));
        Assert.Throws<ArgumentException>(() => CccWebhookAuthenticationResult.Fail(CccWebhookFailure.Refused, " "));
        Assert.Null(CccWebhookAuthenticationResult.Success("").DeliveryId);
        var twice = new CccWebhookRequest([KeyValuePair.Create("X-A", "1"), KeyValuePair.Create("x-a", "2")], Body);
        Assert.Equal("1,2", twice.Header("X-A")); // a repeated header reads as its values joined, as HTTP says
        Assert.Null(twice.QueryParameter("token"));
    }
}
