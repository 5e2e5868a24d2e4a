using System.Text;
using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Webhooks;

public class CccWebhookVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 2, 34, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-test","agentId":"agent@ccc-test"}""");

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly string _secret = CccWebhookSigner.NewSecret();
    private readonly string _id = CccWebhookSigner.NewWebhookId();

    private static string Seconds(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private CccWebhookVerifier Verifier(params string[] secrets) => new(secrets, timeProvider: _clock);

    private CccWebhookVerificationException Rejected(CccWebhookVerifier verifier, string? id, string? timestamp, string? signature, byte[] body) =>
        Assert.Throws<CccWebhookVerificationException>(() => verifier.Verify(id, timestamp, signature, body));

    [Fact]
    public void New_ids_and_secrets_have_the_standard_shape_and_differ()
    {
        Assert.Matches("^msg_[0-9a-z]{26}$", _id);
        Assert.NotEqual(_id, CccWebhookSigner.NewWebhookId());
        Assert.StartsWith("whsec_", _secret);
        Assert.Equal(32, Convert.FromBase64String(_secret["whsec_".Length..]).Length);
        Assert.NotEqual(_secret, CccWebhookSigner.NewSecret());
    }

    [Fact]
    public void A_signed_delivery_round_trips()
    {
        string signature = CccWebhookSigner.Sign(_secret, _id, Now, Body);

        Assert.StartsWith("v1,", signature);
        Verifier(_secret).Verify(_id, Seconds(Now), signature, Body);
    }

    [Fact]
    public void A_tampered_body_is_rejected()
    {
        string signature = CccWebhookSigner.Sign(_secret, _id, Now, Body);
        byte[] tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("AgentReady", "AgentBreak", StringComparison.Ordinal));

        var e = Rejected(Verifier(_secret), _id, Seconds(Now), signature, tampered);

        Assert.Equal(CccWebhookFailure.InvalidSignature, e.Reason);
    }

    [Fact]
    public void A_changed_id_is_rejected()
    {
        string signature = CccWebhookSigner.Sign(_secret, _id, Now, Body);

        var e = Rejected(Verifier(_secret), CccWebhookSigner.NewWebhookId(), Seconds(Now), signature, Body);

        Assert.Equal(CccWebhookFailure.InvalidSignature, e.Reason);
    }

    [Fact]
    public void A_changed_timestamp_within_tolerance_is_rejected()
    {
        string signature = CccWebhookSigner.Sign(_secret, _id, Now, Body);

        var e = Rejected(Verifier(_secret), _id, Seconds(Now.AddSeconds(1)), signature, Body);

        Assert.Equal(CccWebhookFailure.InvalidSignature, e.Reason);
    }

    [Fact]
    public void A_different_secret_is_rejected()
    {
        string signature = CccWebhookSigner.Sign(CccWebhookSigner.NewSecret(), _id, Now, Body);

        var e = Rejected(Verifier(_secret), _id, Seconds(Now), signature, Body);

        Assert.Equal(CccWebhookFailure.InvalidSignature, e.Reason);
    }

    [Fact]
    public void During_rotation_a_delivery_signed_with_either_secret_or_both_is_accepted()
    {
        string old = _secret;
        string @new = CccWebhookSigner.NewSecret();
        var verifier = Verifier(old, @new);
        string byOld = CccWebhookSigner.Sign(old, _id, Now, Body);
        string byNew = CccWebhookSigner.Sign(@new, _id, Now, Body);

        verifier.Verify(_id, Seconds(Now), byOld, Body);
        verifier.Verify(_id, Seconds(Now), byNew, Body);
        verifier.Verify(_id, Seconds(Now), byOld + " " + byNew, Body);
        verifier.Verify(_id, Seconds(Now), byNew + " " + byOld, Body);

        // After the old secret is dropped, only the new signature counts.
        var onlyNew = Verifier(@new);
        onlyNew.Verify(_id, Seconds(Now), byOld + " " + byNew, Body);
        Assert.Equal(CccWebhookFailure.InvalidSignature, Rejected(onlyNew, _id, Seconds(Now), byOld, Body).Reason);
    }

    [Fact]
    public void Signatures_of_other_schemes_and_garbled_entries_are_skipped()
    {
        string good = CccWebhookSigner.Sign(_secret, _id, Now, Body);

        Verifier(_secret).Verify(_id, Seconds(Now), "v1a,abcdef v1,!!notbase64!! v1,AAAA  " + good, Body);
    }

    [Theory]
    [InlineData(-301, CccWebhookFailure.TimestampTooOld)]
    [InlineData(-3600, CccWebhookFailure.TimestampTooOld)]
    [InlineData(301, CccWebhookFailure.TimestampTooNew)]
    [InlineData(86400, CccWebhookFailure.TimestampTooNew)]
    public void Timestamps_outside_the_tolerance_are_rejected_even_when_correctly_signed(int offsetSeconds, CccWebhookFailure reason)
    {
        var sent = Now.AddSeconds(offsetSeconds);
        string signature = CccWebhookSigner.Sign(_secret, _id, sent, Body);

        var e = Rejected(Verifier(_secret), _id, Seconds(sent), signature, Body);

        Assert.Equal(reason, e.Reason);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    [InlineData(-1)]
    public void Timestamps_at_the_edge_of_the_tolerance_are_accepted(int offsetSeconds)
    {
        var sent = Now.AddSeconds(offsetSeconds);

        Verifier(_secret).Verify(_id, Seconds(sent), CccWebhookSigner.Sign(_secret, _id, sent, Body), Body);
    }

    [Fact]
    public void A_delivery_goes_stale_as_the_clock_moves_on()
    {
        var verifier = new CccWebhookVerifier([_secret], TimeSpan.FromSeconds(30), _clock);
        string signature = CccWebhookSigner.Sign(_secret, _id, Now, Body);
        verifier.Verify(_id, Seconds(Now), signature, Body);

        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(CccWebhookFailure.TimestampTooOld, Rejected(verifier, _id, Seconds(Now), signature, Body).Reason);
    }

    [Theory]
    [InlineData(null, "1", "v1,x", "webhook-id")]
    [InlineData("", "1", "v1,x", "webhook-id")]
    [InlineData("msg_1", null, "v1,x", "webhook-timestamp")]
    [InlineData("msg_1", " ", "v1,x", "webhook-timestamp")]
    [InlineData("msg_1", "1", null, "webhook-signature")]
    [InlineData("msg_1", "1", "", "webhook-signature")]
    public void Missing_headers_are_named(string? id, string? timestamp, string? signature, string header)
    {
        var e = Rejected(Verifier(_secret), id, timestamp, signature, Body);

        Assert.Equal(CccWebhookFailure.MissingHeader, e.Reason);
        Assert.Contains(header, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1614265330")]
    [InlineData("1614265330.5")]
    [InlineData("2026-11-26T02:34:00Z")]
    [InlineData("99999999999999999999999")]
    public void Garbled_timestamps_are_rejected(string timestamp)
    {
        var e = Rejected(Verifier(_secret), _id, timestamp, "v1,AAAA", Body);

        Assert.Equal(CccWebhookFailure.InvalidTimestamp, e.Reason);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v2,abc")]
    [InlineData("v1,")]
    [InlineData("v1,not base64")]
    public void Garbled_signature_headers_are_rejected(string header)
    {
        var e = Rejected(Verifier(_secret), _id, Seconds(Now), header, Body);

        Assert.Equal(CccWebhookFailure.InvalidSignature, e.Reason);
    }

    [Fact]
    public void No_message_contains_a_secret_or_a_signature()
    {
        string other = CccWebhookSigner.NewSecret();
        string signature = CccWebhookSigner.Sign(other, _id, Now, Body);
        var verifier = Verifier(_secret);
        var failures = new List<Exception>
        {
            Rejected(verifier, _id, Seconds(Now), signature, Body),
            Rejected(verifier, _id, Seconds(Now.AddHours(1)), signature, Body),
            Rejected(verifier, _id, Seconds(Now.AddHours(-1)), signature, Body),
            Rejected(verifier, _id, "x" + signature, signature, Body),
            Rejected(verifier, null, Seconds(Now), signature, Body),
            Assert.Throws<ArgumentException>(() => new CccWebhookVerifier([_secret, "whsec_" + signature[3..] + "%"])),
        };

        foreach (var e in failures)
        {
            string text = e.ToString();
            foreach (string s in new[] { _secret, other, _secret["whsec_".Length..], other["whsec_".Length..], signature, signature[3..] })
            {
                Assert.DoesNotContain(s, text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_")]
    [InlineData("whsec_not*base64")]
    [InlineData("")]
    [InlineData("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public void Malformed_secrets_are_refused_at_construction_naming_the_position_not_the_value(string bad)
    {
        var e = Assert.Throws<ArgumentException>(() => new CccWebhookVerifier([CccWebhookSigner.NewSecret(), bad]));

        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        if (bad.Length > 6)
        {
            Assert.DoesNotContain(bad[6..], e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_verifier_needs_at_least_one_secret_and_a_positive_tolerance()
    {
        Assert.Throws<ArgumentException>(() => new CccWebhookVerifier([]));
        Assert.Throws<ArgumentNullException>(() => new CccWebhookVerifier(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CccWebhookVerifier([_secret], TimeSpan.Zero));
    }

    [Fact]
    public void The_signer_refuses_a_malformed_secret_without_quoting_it()
    {
        var e = Assert.Throws<ArgumentException>(() => CccWebhookSigner.Sign("topsecretvalue", _id, Now, Body));

        Assert.DoesNotContain("topsecretvalue", e.Message, StringComparison.Ordinal);
    }
}
