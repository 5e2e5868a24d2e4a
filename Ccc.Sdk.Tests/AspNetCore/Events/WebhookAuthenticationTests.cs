using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>
/// The receiver's pluggable authentication (docs/events.md, "Authenticating deliveries"): Standard Webhooks by default,
/// a custom <see cref="ICccWebhookAuthenticator"/> from the options or DI, and the shared token of ours — on Kestrel
/// (loopback), with the inbox and deduplication behaving as with signatures.
/// </summary>
public sealed class WebhookAuthenticationTests
{
    private const string Category = "Ccc.Sdk.AspNetCore.Webhooks";

    private static string AgentEvent(string agent = "agent1") =>
        $$"""{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-test","agentId":"{{agent}}@ccc-test"}""";

    private static string BodyKey(string body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task By_default_Standard_Webhooks_authenticates_signed_deliveries_and_refuses_unsigned_ones()
    {
        await using var host = await WebhookTestHost.StartAsync();
        string id = CccWebhookSigner.NewWebhookId();

        using var signed = await host.PostAsync(AgentEvent(), id);
        using var unsigned = await host.PostPlainAsync(AgentEvent("agent2"), WebhookTestHost.Path + "?token=anything");

        Assert.Equal(HttpStatusCode.NoContent, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(id, Assert.Single(await host.Inbox.ListAsync(new InboxQuery())).Event.WebhookId);
        var refusal = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 101);
        Assert.Contains(nameof(CccWebhookFailure.MissingHeader), refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_authenticator_sees_the_request_and_its_delivery_id_becomes_the_deduplication_key()
    {
        CccWebhookRequest? seen = null;
        var authenticator = new Mock<ICccWebhookAuthenticator>(MockBehavior.Strict);
        authenticator.Setup(a => a.AuthenticateAsync(It.IsAny<CccWebhookRequest>(), It.IsAny<CancellationToken>()))
            .Callback<CccWebhookRequest, CancellationToken>((r, _) => seen = r)
            .ReturnsAsync(CccWebhookAuthenticationResult.Success("relay-7"));
        await using var host = await WebhookTestHost.StartAsync(o => o.UseAuthenticator(_ => authenticator.Object), addSecret: false);
        string body = AgentEvent();

        using var first = await host.PostPlainAsync(body, WebhookTestHost.Path + "?a=1&B=two", ("X-Relay", "r1"));
        using var again = await host.PostPlainAsync(AgentEvent("other"), WebhookTestHost.Path);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, again.StatusCode));
        authenticator.Verify(a => a.AuthenticateAsync(It.IsAny<CccWebhookRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.NotNull(seen);
        var item = Assert.Single(await host.Inbox.ListAsync(new InboxQuery())); // same delivery id: stored once
        Assert.Equal(("relay-7", "relay-7"), (item.Event.WebhookId, item.Event.DedupeKey));
        Assert.Equal(Encoding.UTF8.GetBytes(body), item.Event.Payload.ToArray());
        Assert.Equal(IPAddress.Loopback, seen!.RemoteAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : seen.RemoteAddress);
        Assert.Null(seen.QueryParameter("a")); // the second request had no query
    }

    [Fact]
    public async Task A_custom_authenticator_gets_headers_query_and_the_exact_body()
    {
        var captured = new List<(string? Header, string? A, string? B, byte[] Body)>();
        var authenticator = new Mock<ICccWebhookAuthenticator>();
        authenticator.Setup(a => a.AuthenticateAsync(It.IsAny<CccWebhookRequest>(), It.IsAny<CancellationToken>()))
            .Returns<CccWebhookRequest, CancellationToken>((r, _) =>
            {
                captured.Add((r.Header("x-relay"), r.QueryParameter("A"), r.QueryParameter("b"), r.Body.ToArray()));
                return ValueTask.FromResult(CccWebhookAuthenticationResult.Success());
            });
        await using var host = await WebhookTestHost.StartAsync(o => o.UseAuthenticator(_ => authenticator.Object), addSecret: false);
        string body = AgentEvent();

        using var response = await host.PostPlainAsync(body, WebhookTestHost.Path + "?a=1&B=two%20words", ("X-Relay", "r1"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var (header, a, b, bytes) = Assert.Single(captured);
        Assert.Equal(("r1", "1", "two words"), (header, a, b));
        Assert.Equal(Encoding.UTF8.GetBytes(body), bytes);
        // No id from the scheme: the key is a digest of the exact body.
        Assert.Equal(BodyKey(body), Assert.Single(await host.Inbox.ListAsync(new InboxQuery())).Event.DedupeKey);
    }

    [Fact]
    public async Task A_refusal_is_401_with_nothing_stored_and_a_throwing_authenticator_is_503_without_its_message_in_the_log()
    {
        var authenticator = new Mock<ICccWebhookAuthenticator>();
        authenticator.SetupSequence(a => a.AuthenticateAsync(It.IsAny<CccWebhookRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(CccWebhookAuthenticationResult.Fail(CccWebhookFailure.Refused, "not from our relay"))
            .ThrowsAsync(new InvalidOperationException("key store down: secret-value-123"));
        await using var host = await WebhookTestHost.StartAsync(o => o.UseAuthenticator(_ => authenticator.Object), addSecret: false);

        using var refused = await host.PostPlainAsync(AgentEvent());
        using var broken = await host.PostPlainAsync(AgentEvent());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Unauthorized", await WebhookTestHost.ErrorCodeAsync(refused));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
        Assert.Equal("AuthenticationUnavailable", await WebhookTestHost.ErrorCodeAsync(broken));
        Assert.Empty(await host.Inbox.ListAsync(new InboxQuery()));
        var logs = host.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Id.Id == 101 && r.Message.Contains(nameof(CccWebhookFailure.Refused), StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Id.Id == 109 && r.Message.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Message.Contains("secret-value-123", StringComparison.Ordinal) || (r.Exception?.Message.Contains("secret-value-123", StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task The_shared_token_in_the_address_is_accepted_a_wrong_or_missing_one_refused_and_retries_are_deduplicated()
    {
        string token = CccSharedTokenAuthenticator.NewToken();
        string wrong = CccSharedTokenAuthenticator.NewToken();
        await using var host = await WebhookTestHost.StartAsync(o => o.UseSharedToken(t => t.Tokens.Add(token)), addSecret: false);
        string body = AgentEvent();

        using var good = await host.PostPlainAsync(body, $"{WebhookTestHost.Path}?token={token}");
        using var retry = await host.PostPlainAsync(body, $"{WebhookTestHost.Path}?token={token}");
        using var bad = await host.PostPlainAsync(AgentEvent("x"), $"{WebhookTestHost.Path}?token={wrong}");
        using var none = await host.PostPlainAsync(AgentEvent("y"));

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (good.StatusCode, retry.StatusCode));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (bad.StatusCode, none.StatusCode));
        var item = Assert.Single(await host.Inbox.ListAsync(new InboxQuery()));
        Assert.Equal(BodyKey(body), item.Event.DedupeKey);
        var ours = host.Logs.GetSnapshot().Where(r => r.Category == Category).ToList();
        Assert.Contains(ours, r => r.Id.Id == 101 && r.Message.Contains(nameof(CccWebhookFailure.InvalidToken), StringComparison.Ordinal));
        Assert.Contains(ours, r => r.Id.Id == 101 && r.Message.Contains(nameof(CccWebhookFailure.MissingToken), StringComparison.Ordinal));
        Assert.DoesNotContain(ours, r => r.Message.Contains(token, StringComparison.Ordinal) || r.Message.Contains(wrong, StringComparison.Ordinal));
        Assert.DoesNotContain(token, await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_allowlist_refuses_loopback_when_it_is_not_listed()
    {
        string token = CccSharedTokenAuthenticator.NewToken();
        await using var outside = await WebhookTestHost.StartAsync(o => o.UseSharedToken(t => { t.Tokens.Add(token); t.AllowedNetworks.Add("203.0.113.0/24"); }), addSecret: false);
        await using var inside = await WebhookTestHost.StartAsync(o => o.UseSharedToken(t => { t.Tokens.Add(token); t.AllowedNetworks.Add("127.0.0.0/8"); }), addSecret: false);

        using var refused = await outside.PostPlainAsync(AgentEvent(), $"{WebhookTestHost.Path}?token={token}");
        using var accepted = await inside.PostPlainAsync(AgentEvent(), $"{WebhookTestHost.Path}?token={token}");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(outside.Logs.GetSnapshot(), r => r.Id.Id == 101 && r.Message.Contains(nameof(CccWebhookFailure.AddressNotAllowed), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }

    [Fact]
    public async Task A_malformed_event_behind_a_good_token_is_still_400_and_a_control_character_in_the_delivery_id_too()
    {
        string token = CccSharedTokenAuthenticator.NewToken();
        await using var host = await WebhookTestHost.StartAsync(o => o.UseSharedToken(t => { t.Tokens.Add(token); t.DeliveryIdHeader = "X-Delivery"; }), addSecret: false);

        using var malformed = await host.PostPlainAsync("""{"eventType":"AgentReady"}""", $"{WebhookTestHost.Path}?token={token}");
        using var badId = await host.PostPlainAsync(AgentEvent(), $"{WebhookTestHost.Path}?token={token}", ("X-Delivery", "a\u0001b"));
        using var goodId = await host.PostPlainAsync(AgentEvent(), $"{WebhookTestHost.Path}?token={token}", ("X-Delivery", "d-1"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (malformed.StatusCode, badId.StatusCode));
        Assert.Equal("MalformedEvent", await WebhookTestHost.ErrorCodeAsync(malformed));
        Assert.Equal(HttpStatusCode.NoContent, goodId.StatusCode);
        Assert.Equal("d-1", Assert.Single(await host.Inbox.ListAsync(new InboxQuery())).Event.WebhookId);
    }

    /// <summary>An authenticator with a dependency, created by the container.</summary>
    private sealed class RelayAuthenticator(RelayKeys keys) : ICccWebhookAuthenticator
    {
        public ValueTask<CccWebhookAuthenticationResult> AuthenticateAsync(CccWebhookRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.Header("X-Relay-Key") == keys.Key
                ? CccWebhookAuthenticationResult.Success(request.Header("X-Relay-Id"))
                : CccWebhookAuthenticationResult.Fail(CccWebhookFailure.Refused, "unknown relay key"));
    }

    private sealed record RelayKeys(string Key);

    [Fact]
    public async Task AddAuthenticator_registers_a_keyed_singleton_built_from_the_container_and_no_secret_is_needed()
    {
        await using var host = await WebhookTestHost.StartAsync(register: services =>
        {
            services.AddSingleton(new RelayKeys("k-1"));
            return services.AddCccWebhooks(o => o.UseInMemory()).AddAuthenticator<RelayAuthenticator>();
        });

        using var accepted = await host.PostPlainAsync(AgentEvent(), null, ("X-Relay-Key", "k-1"), ("X-Relay-Id", "r-9"));
        using var refused = await host.PostPlainAsync(AgentEvent(), null, ("X-Relay-Key", "k-2"));

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Unauthorized), (accepted.StatusCode, refused.StatusCode));
        Assert.Equal("r-9", Assert.Single(await host.Inbox.ListAsync(new InboxQuery())).Event.WebhookId);
    }

    [Fact]
    public async Task A_keyed_authenticator_registered_directly_is_used_for_its_receiver_only()
    {
        var sales = new Mock<ICccWebhookAuthenticator>();
        sales.Setup(a => a.AuthenticateAsync(It.IsAny<CccWebhookRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(CccWebhookAuthenticationResult.Success());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKeyedSingleton("sales", sales.Object);
        services.AddCccWebhooks("sales", o => o.UseInMemory());
        services.AddCccWebhooks(o => o.UseInMemory()); // the default receiver: no secret and no keyed authenticator
        await using var provider = services.BuildServiceProvider();

        var receiver = provider.GetRequiredKeyedService<CccWebhookReceiver>("sales");
        Assert.Same(sales.Object, receiver.Authenticator);
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredKeyedService<CccWebhookReceiver>(""));
        Assert.Contains("CccWebhookOptions.Secrets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseStandardWebhooks_wins_over_a_keyed_authenticator_and_options_choose_the_last_one_set()
    {
        var keyed = new Mock<ICccWebhookAuthenticator>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKeyedSingleton("", keyed.Object);
        services.AddCccWebhooks(o => o.UseInMemory().UseSharedToken(t => t.Tokens.Add(CccSharedTokenAuthenticator.NewToken())).UseStandardWebhooks().Secrets.Add(CccWebhookSigner.NewSecret()));
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<CccStandardWebhooksAuthenticator>(provider.GetRequiredKeyedService<CccWebhookReceiver>("").Authenticator);
    }

    [Fact]
    public async Task Configuration_chooses_the_shared_token_and_refuses_unknown_or_incomplete_settings()
    {
        string token = CccSharedTokenAuthenticator.NewToken();
        static IConfiguration Section(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

        var options = new CccWebhookOptions();
        CccWebhookConfiguration.Apply(Section(("Authentication", "SharedToken"), ("SharedToken:Tokens", token + ";" + CccSharedTokenAuthenticator.NewToken()),
            ("SharedToken:HeaderName", "X-Ccc-Token"), ("SharedToken:QueryParameter", ""), ("SharedToken:AllowedNetworks:0", "127.0.0.1")), options);
        var authenticator = Assert.IsType<CccSharedTokenAuthenticator>(options.AuthenticatorFactory!(new ServiceCollection().BuildServiceProvider()));
        var viaHeader = await authenticator.AuthenticateAsync(new CccWebhookRequest([KeyValuePair.Create("X-Ccc-Token", token)], Array.Empty<byte>(), [], IPAddress.Loopback), default);
        var viaQuery = await authenticator.AuthenticateAsync(new CccWebhookRequest([], Array.Empty<byte>(), [KeyValuePair.Create("token", token)], IPAddress.Loopback), default);
        Assert.True(viaHeader.Succeeded);
        Assert.Equal(CccWebhookFailure.MissingToken, viaQuery.Failure); // QueryParameter "" switched the query off

        var missing = Assert.Throws<InvalidOperationException>(() => CccWebhookConfiguration.Apply(Section(("Authentication", "SharedToken")), new CccWebhookOptions()));
        Assert.Contains("SharedToken:Tokens", missing.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<InvalidOperationException>(() => CccWebhookConfiguration.Apply(Section(("Authentication", "Magic")), new CccWebhookOptions()));
        Assert.Contains("StandardWebhooks or SharedToken", unknown.Message, StringComparison.Ordinal);
        var standard = new CccWebhookOptions();
        CccWebhookConfiguration.Apply(Section(("Authentication", "standardwebhooks")), standard);
        Assert.Null(standard.AuthenticatorFactory);
    }
}
