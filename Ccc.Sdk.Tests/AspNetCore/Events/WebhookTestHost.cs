using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>A webhook receiver on Kestrel (loopback) that takes raw body bytes and any headers, with a log collector.</summary>
internal sealed class WebhookTestHost : IAsyncDisposable
{
    public const string Path = "/ccc/events";

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    private WebhookTestHost(WebApplication app, HttpClient http, FakeLogCollector logs, TimeProvider time, string secret)
    {
        _app = app;
        _http = http;
        _time = time;
        Logs = logs;
        Secret = secret;
        Inbox = app.Services.GetRequiredService<ICccEventInbox>();
    }

    public ICccEventInbox Inbox { get; }

    public FakeLogCollector Logs { get; }

    public string Secret { get; }

    /// <summary>Starts a receiver; <paramref name="configureApp"/> runs before <c>MapCccWebhooks</c> (middleware);
    /// <paramref name="register"/>, when given, replaces the default <c>AddCccWebhooks</c> call.</summary>
    public static async Task<WebhookTestHost> StartAsync(
        Action<CccWebhookOptions>? configure = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? configureApp = null,
        string? secret = null,
        bool addSecret = true,
        Func<IServiceCollection, CccWebhooksBuilder>? register = null)
    {
        secret ??= CccWebhookSigner.NewSecret();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = FakeLogCollector.Create(new FakeLogCollectorOptions());
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        services?.Invoke(builder.Services);
        if (register is not null)
        {
            register(builder.Services);
        }
        else
        {
            builder.Services.AddCccWebhooks(o =>
            {
                if (addSecret)
                {
                    o.Secrets.Add(secret);
                }

                o.UseInMemory();
                configure?.Invoke(o);
            });
        }

        var app = builder.Build();
        configureApp?.Invoke(app);
        app.MapCccWebhooks(Path);
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new WebhookTestHost(app, http, logs, time ?? TimeProvider.System, secret);
    }

    /// <summary>Posts <paramref name="body"/> exactly as given, correctly signed.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(byte[] body, string? webhookId = null) =>
        PostAsync(body, webhookId);

    /// <summary>
    /// Posts a delivery signed as the emulator signs it: with the host's secret unless <paramref name="secrets"/> are
    /// given (one signature each), at <paramref name="timestamp"/> (default: the host's clock), chunked if asked.
    /// </summary>
    public Task<HttpResponseMessage> PostAsync(string body, string? webhookId = null, DateTimeOffset? timestamp = null, string[]? secrets = null, bool chunked = false) =>
        PostAsync(Encoding.UTF8.GetBytes(body), webhookId, timestamp, secrets, chunked);

    /// <summary>Sends any request to the receiver.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>Posts <paramref name="body"/> unsigned to <paramref name="pathAndQuery"/> (default the receiver's path) with extra headers.</summary>
    public async Task<HttpResponseMessage> PostPlainAsync(string body, string? pathAndQuery = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery ?? Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>Posts <paramref name="body"/> with the given <c>webhook-id</c> and no signature.</summary>
    public async Task<HttpResponseMessage> PostUnsignedAsync(byte[] body, string webhookId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", webhookId);
        return await _http.SendAsync(request);
    }

    /// <summary>The receiver's address (http://127.0.0.1:port).</summary>
    public Uri Address => _http.BaseAddress!;

    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.TryGetProperty("message", out _));
        return json.RootElement.GetProperty("code").GetString();
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string? webhookId, DateTimeOffset? timestamp = null, string[]? secrets = null, bool chunked = false)
    {
        string id = webhookId ?? CccWebhookSigner.NewWebhookId();
        var at = timestamp ?? _time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = chunked ? true : null;
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", string.Join(' ', (secrets ?? [Secret]).Select(s => CccWebhookSigner.Sign(s, id, at, body))));
        return await _http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
