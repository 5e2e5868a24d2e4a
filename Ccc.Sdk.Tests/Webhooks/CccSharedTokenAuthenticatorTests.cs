using System.Diagnostics;
using System.Net;
using System.Text;
using Ccc.Sdk.Webhooks;

namespace Ccc.Sdk.Tests.Webhooks;

/// <summary>The shared-token authenticator (ours, for the cloud's unpublished HTTP push): where the token travels,
/// rotation, the IP allowlist, constant-time comparison, and refusals that never echo a token.</summary>
public sealed class CccSharedTokenAuthenticatorTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-test"}""");
    private static readonly IPAddress Loopback = IPAddress.Loopback;

    private readonly string _token = CccSharedTokenAuthenticator.NewToken();

    private static CccSharedTokenAuthenticator Authenticator(Action<CccSharedTokenOptions> configure)
    {
        var options = new CccSharedTokenOptions();
        configure(options);
        return new CccSharedTokenAuthenticator(options);
    }

    private static CccWebhookRequest Request(
        (string Name, string Value)[]? query = null, (string Name, string Value)[]? headers = null, IPAddress? from = null) =>
        new(
            (headers ?? []).Select(h => KeyValuePair.Create(h.Name, h.Value)),
            Body,
            (query ?? []).Select(q => KeyValuePair.Create(q.Name, q.Value)),
            from ?? Loopback);

    private static CccWebhookAuthenticationResult Run(ICccWebhookAuthenticator authenticator, CccWebhookRequest request)
    {
        var pending = authenticator.AuthenticateAsync(request, CancellationToken.None);
        Assert.True(pending.IsCompletedSuccessfully); // synchronous: nothing to wait for
        return pending.Result;
    }

    [Fact]
    public void New_tokens_are_43_url_safe_characters_and_differ()
    {
        Assert.Matches("^[A-Za-z0-9_-]{43}$", _token);
        Assert.NotEqual(_token, CccSharedTokenAuthenticator.NewToken());
    }

    [Fact]
    public void The_token_in_the_query_parameter_is_accepted_and_a_wrong_or_missing_one_refused()
    {
        var authenticator = Authenticator(o => o.Tokens.Add(_token));

        var good = Run(authenticator, Request(query: [("token", _token)]));
        Assert.True(good.Succeeded);
        Assert.Null(good.DeliveryId); // no id in this scheme: the receiver uses a digest of the body
        Assert.Null(good.Failure);

        var wrong = Run(authenticator, Request(query: [("token", CccSharedTokenAuthenticator.NewToken())]));
        Assert.Equal((false, CccWebhookFailure.InvalidToken), (wrong.Succeeded, wrong.Failure));

        var missing = Run(authenticator, Request());
        Assert.Equal((false, CccWebhookFailure.MissingToken), (missing.Succeeded, missing.Failure));
        Assert.Contains("'token' query parameter", missing.Message, StringComparison.Ordinal);

        // A header is not read unless configured.
        var inHeader = Run(authenticator, Request(headers: [("token", _token)]));
        Assert.Equal(CccWebhookFailure.MissingToken, inHeader.Failure);
    }

    [Theory]
    [InlineData("prefix")]
    [InlineData("extended")]
    [InlineData("case")]
    [InlineData("empty")]
    public void Only_the_exact_token_matches(string variant)
    {
        var authenticator = Authenticator(o => o.Tokens.Add(_token));
        string offered = variant switch
        {
            "prefix" => _token[..^1],
            "extended" => _token + "x",
            "case" => _token.ToUpperInvariant() == _token ? _token.ToLowerInvariant() : _token.ToUpperInvariant(),
            _ => "",
        };

        var result = Run(authenticator, Request(query: [("token", offered)]));

        Assert.False(result.Succeeded);
        Assert.Equal(variant == "empty" ? CccWebhookFailure.MissingToken : CccWebhookFailure.InvalidToken, result.Failure);
    }

    [Fact]
    public void A_header_carries_the_token_for_senders_that_set_headers_and_Authorization_reads_Bearer()
    {
        var custom = Authenticator(o => { o.Tokens.Add(_token); o.QueryParameter = null; o.HeaderName = "X-Ccc-Token"; });
        Assert.True(Run(custom, Request(headers: [("x-ccc-token", _token)])).Succeeded); // header names in any case
        Assert.Equal(CccWebhookFailure.MissingToken, Run(custom, Request(query: [("token", _token)])).Failure);

        var bearer = Authenticator(o => { o.Tokens.Add(_token); o.HeaderName = "Authorization"; });
        Assert.True(Run(bearer, Request(headers: [("Authorization", "Bearer " + _token)])).Succeeded);
        Assert.Equal(CccWebhookFailure.InvalidToken, Run(bearer, Request(headers: [("Authorization", "Basic " + _token)])).Failure);
        Assert.True(Run(bearer, Request(query: [("token", _token)])).Succeeded); // the query still works beside the header
    }

    [Fact]
    public void During_a_rotation_both_tokens_are_accepted()
    {
        string next = CccSharedTokenAuthenticator.NewToken();
        var authenticator = Authenticator(o => { o.Tokens.Add(_token); o.Tokens.Add(next); });

        Assert.True(Run(authenticator, Request(query: [("token", _token)])).Succeeded);
        Assert.True(Run(authenticator, Request(query: [("token", next)])).Succeeded);
        Assert.False(Run(authenticator, Request(query: [("token", CccSharedTokenAuthenticator.NewToken())])).Succeeded);
    }

    [Fact]
    public void The_allowlist_is_checked_before_the_token_IPv4_mapped_addresses_included()
    {
        var authenticator = Authenticator(o =>
        {
            o.Tokens.Add(_token);
            o.AllowedNetworks.Add("203.0.113.0/24");
            o.AllowedNetworks.Add("2001:db8::1");
        });

        Assert.True(Run(authenticator, Request(query: [("token", _token)], from: IPAddress.Parse("203.0.113.77"))).Succeeded);
        Assert.True(Run(authenticator, Request(query: [("token", _token)], from: IPAddress.Parse("::ffff:203.0.113.77"))).Succeeded);
        Assert.True(Run(authenticator, Request(query: [("token", _token)], from: IPAddress.Parse("2001:db8::1"))).Succeeded);

        var outside = Run(authenticator, Request(query: [("token", _token)], from: IPAddress.Parse("198.51.100.1")));
        Assert.Equal((false, CccWebhookFailure.AddressNotAllowed), (outside.Succeeded, outside.Failure));
        Assert.Contains("198.51.100.1", outside.Message, StringComparison.Ordinal);
        var unknown = Run(authenticator, new CccWebhookRequest([], Body, [KeyValuePair.Create("token", _token)], remoteAddress: null));
        Assert.Equal(CccWebhookFailure.AddressNotAllowed, unknown.Failure);

        // Inside the allowlist the token is still required.
        Assert.Equal(CccWebhookFailure.InvalidToken, Run(authenticator, Request(query: [("token", "x" + _token)], from: IPAddress.Parse("203.0.113.1"))).Failure);
    }

    [Fact]
    public void The_delivery_id_header_is_used_when_configured()
    {
        var authenticator = Authenticator(o => { o.Tokens.Add(_token); o.DeliveryIdHeader = "X-Delivery"; });

        Assert.Equal("d-42", Run(authenticator, Request(query: [("token", _token)], headers: [("X-Delivery", " d-42 ")])).DeliveryId);
        Assert.Null(Run(authenticator, Request(query: [("token", _token)])).DeliveryId);
    }

    [Fact]
    public void Refusal_messages_never_contain_the_offered_or_configured_token()
    {
        string offered = CccSharedTokenAuthenticator.NewToken();
        var authenticator = Authenticator(o => { o.Tokens.Add(_token); o.HeaderName = "X-Ccc-Token"; });

        foreach (var request in new[] { Request(query: [("token", offered)]), Request(headers: [("X-Ccc-Token", offered)]), Request() })
        {
            var result = Run(authenticator, request);
            Assert.False(result.Succeeded);
            Assert.DoesNotContain(offered, result.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(_token, result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bad_options_are_refused_naming_the_position_never_the_value()
    {
        const string Short = "short-token-of-31-characters-xx";
        Assert.Equal(31, Short.Length);

        var none = Assert.Throws<ArgumentException>(() => Authenticator(_ => { }));
        Assert.Contains("at least one token", none.Message, StringComparison.Ordinal);
        var tooShort = Assert.Throws<ArgumentException>(() => Authenticator(o => { o.Tokens.Add(_token); o.Tokens.Add(Short); }));
        Assert.Contains("Tokens[1]", tooShort.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Short, tooShort.Message, StringComparison.Ordinal);
        string spaced = _token[..20] + " " + _token[20..];
        var space = Assert.Throws<ArgumentException>(() => Authenticator(o => o.Tokens.Add(spaced)));
        Assert.DoesNotContain(spaced, space.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Authenticator(o => { o.Tokens.Add(_token); o.QueryParameter = null; }));
        var network = Assert.Throws<ArgumentException>(() => Authenticator(o => { o.Tokens.Add(_token); o.AllowedNetworks.Add("10.0.0.0/99"); }));
        Assert.Contains("AllowedNetworks[0]", network.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new CccSharedTokenAuthenticator(null!));
    }

    /// <summary>
    /// Constant time: with a 1,000,000-character token, a guess wrong in its first character and one wrong only in its
    /// last take the same time (both are hashed whole, then digests of equal length are compared). An ordinal
    /// comparison would return after one character for the first and after a million for the second.
    /// </summary>
    [Fact]
    public void A_guess_wrong_in_the_first_character_takes_as_long_as_one_wrong_in_the_last()
    {
        string token = new('a', 1_000_000);
        var authenticator = Authenticator(o => { o.Tokens.Add(token); o.HeaderName = "X-Ccc-Token"; o.QueryParameter = null; });
        var wrongFirst = Request(headers: [("X-Ccc-Token", "b" + token[1..])]);
        var wrongLast = Request(headers: [("X-Ccc-Token", token[..^1] + "b")]);
        var exact = Request(headers: [("X-Ccc-Token", token)]);
        Assert.True(Run(authenticator, exact).Succeeded);

        double first = MedianMicroseconds(authenticator, wrongFirst);
        double last = MedianMicroseconds(authenticator, wrongLast);

        Assert.False(Run(authenticator, wrongFirst).Succeeded);
        Assert.False(Run(authenticator, wrongLast).Succeeded);
        double ratio = Math.Max(first, last) / Math.Min(first, last);
        Assert.True(ratio < 3, $"wrong first: {first:F1} µs, wrong last: {last:F1} µs (ratio {ratio:F2})");
    }

    private static double MedianMicroseconds(ICccWebhookAuthenticator authenticator, CccWebhookRequest request)
    {
        for (int i = 0; i < 5; i++)
        {
            Run(authenticator, request); // warm up
        }

        var samples = new double[41];
        for (int i = 0; i < samples.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Run(authenticator, request);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
