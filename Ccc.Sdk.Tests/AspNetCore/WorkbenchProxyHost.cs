using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Ccc.Sdk.Emulator;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.Tests.AspNetCore;

/// <summary>A CRM back end on Kestrel (loopback) with the workbench proxy forwarding to a real emulator.</summary>
internal sealed class WorkbenchProxyHost : IAsyncDisposable
{
    public const string Origin = "https://crm.example.test";
    public const string Path = "/ccc/workbench-api";

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _tokens = [];

    private WorkbenchProxyHost(WebApplication app, HttpClient http, ForwardCounter forwarded, FakeLogCollector logs)
    {
        _app = app;
        _http = http;
        Forwarded = forwarded;
        Logs = logs;
    }

    /// <summary>The CRM back end's base address (loopback).</summary>
    public Uri Address => _http.BaseAddress!;

    /// <summary>How many requests reached the emulator through the proxy's client.</summary>
    public ForwardCounter Forwarded { get; }

    /// <summary>Everything logged by the CRM back end (proxy and client), at every level.</summary>
    public FakeLogCollector Logs { get; }

    public static async Task<WorkbenchProxyHost> StartAsync(CccEmulator emulator, Action<CccWorkbenchProxyOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = FakeLogCollector.Create(new FakeLogCollectorOptions());
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddAuthentication(TestAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery();
        builder.Services.AddCcc(o =>
        {
            o.Endpoint = emulator.Endpoint;
            o.AccessKeyId = emulator.AccessKeyId;
            o.AccessKeySecret = emulator.AccessKeySecret;
            o.InstanceId = emulator.InstanceId;
        });
        builder.Services.AddCccWorkbenchProxy(options =>
        {
            options.AllowedOrigins.Add(Origin);
            options.SupervisorRole = "supervisor";
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var forwarded = new ForwardCounter();
        builder.Services.AddHttpClient(CccServiceCollectionExtensions.HttpClientNamePrefix).AddHttpMessageHandler(() => new CountingHandler(forwarded));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(context).RequestToken!).RequireAuthorization();
        app.MapCccWorkbenchProxy(Path);
        await app.StartAsync();

        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(app.Urls.First()),
        };
        return new WorkbenchProxyHost(app, http, forwarded, logs);
    }

    /// <summary>
    /// Posts as the Workbench SDK does: <c>?action=…&amp;product=…</c>, form field <c>request</c> — or exactly
    /// <paramref name="content"/> when given (a hostile body).
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(
        string action,
        string? requestJson,
        string? user = "alice",
        string? agent = "agent1@ccc-local",
        string? origin = Origin,
        bool antiforgery = true,
        string? role = null,
        HttpContent? content = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Path}?action={action}&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai");
        message.Content = content ?? (requestJson is null ? null : new FormUrlEncodedContent([new("request", requestJson)]));

        AddUser(message, user, agent, role);
        if (origin is not null)
        {
            message.Headers.Add("Origin", origin);
        }

        if (antiforgery && user is not null)
        {
            message.Headers.Add("RequestVerificationToken", await GetTokenAsync(user));
        }

        return await _http.SendAsync(message);
    }

    /// <summary>Sends a raw request to the proxy.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage message) => _http.SendAsync(message);

    public async Task<string> GetTokenAsync(string user)
    {
        if (!_tokens.TryGetValue(user, out var token))
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, "/antiforgery");
            AddUser(message, user, null, null);
            using var response = await _http.SendAsync(message);
            response.EnsureSuccessStatusCode();
            token = _tokens[user] = await response.Content.ReadAsStringAsync();
        }

        return token;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private static void AddUser(HttpRequestMessage message, string? user, string? agent, string? role)
    {
        if (user is not null)
        {
            message.Headers.Add(TestAuthHandler.UserHeader, user);
        }

        if (agent is not null)
        {
            message.Headers.Add(TestAuthHandler.AgentHeader, agent);
        }

        if (role is not null)
        {
            message.Headers.Add(TestAuthHandler.RoleHeader, role);
        }
    }

    internal sealed class ForwardCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHandler(ForwardCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Increment();
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Signs in the user named by a header (no header: anonymous, so the challenge answers 401).</summary>
    private sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";
        public const string UserHeader = "X-Test-User";
        public const string AgentHeader = "X-Test-Agent";
        public const string RoleHeader = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            string? user = Request.Headers[UserHeader];
            if (string.IsNullOrEmpty(user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Name, user) };
            if (Request.Headers[AgentHeader].ToString() is { Length: > 0 } agent)
            {
                claims.Add(new(ClaimCccAgentResolver.DefaultClaimType, agent));
            }

            if (Request.Headers[RoleHeader].ToString() is { Length: > 0 } role)
            {
                claims.Add(new(ClaimTypes.Role, role));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
