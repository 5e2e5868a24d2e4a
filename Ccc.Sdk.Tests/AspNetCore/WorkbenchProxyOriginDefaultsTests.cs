using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Ccc.Sdk.Emulator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.Tests.AspNetCore;

/// <summary>
/// The proxy's <c>AllowedOrigins</c> default (decision 0021): in Development an empty list means the application's own
/// addresses, <c>localhost</c> and <c>127.0.0.1</c> alike; outside Development it stays an error; a refused origin is
/// logged with the origin and the setting to change. Real Kestrel on 127.0.0.1, forwarding to a real emulator.
/// </summary>
public sealed class WorkbenchProxyOriginDefaultsTests(WorkbenchProxyEmulatorFixture fixture) : IClassFixture<WorkbenchProxyEmulatorFixture>
{
    private const string Path = "/ccc/workbench-api";

    private async Task<(WebApplication App, FakeLogCollector Logs)> StartAsync(string environment, Action<CccWorkbenchProxyOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = FakeLogCollector.Create(new FakeLogCollectorOptions());
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddAuthentication(SignedInHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, SignedInHandler>(SignedInHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<CccWorkbenchProxyRoute>();
        var emulator = fixture.Emulator;
        builder.Services.AddCcc(o =>
        {
            o.Endpoint = emulator.Endpoint;
            o.AccessKeyId = emulator.AccessKeyId;
            o.AccessKeySecret = emulator.AccessKeySecret;
            o.InstanceId = emulator.InstanceId;
        });
        builder.Services.AddCccWorkbenchProxy(o =>
        {
            o.ValidateAntiforgeryToken = false;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        try
        {
            app.MapCccWorkbenchProxy(Path);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        await app.StartAsync();
        return (app, logs);
    }

    private static async Task<(HttpStatusCode Status, string? Code)> PostAsync(WebApplication app, string? origin)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Path}?action=GetLoginDetails&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai")
        {
            Content = new FormUrlEncodedContent([new("request", "{}")]),
        };
        if (origin is not null)
        {
            message.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(message);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.TryGetProperty("Code", out var code) ? code.GetString() : null);
    }

    [Fact]
    public async Task In_Development_an_empty_list_accepts_the_apps_own_address_as_localhost_and_as_127_0_0_1()
    {
        var (app, _) = await StartAsync(Environments.Development);
        await using var _app = app;
        int port = new Uri(app.Urls.First()).Port;

        var numeric = await PostAsync(app, $"http://127.0.0.1:{port}");
        var named = await PostAsync(app, $"http://localhost:{port}");

        Assert.Equal((HttpStatusCode.OK, "OK"), numeric);
        Assert.Equal((HttpStatusCode.OK, "OK"), named);
    }

    [Fact]
    public async Task In_Development_another_origin_or_port_is_refused_and_the_log_names_it_and_the_setting()
    {
        var (app, logs) = await StartAsync(Environments.Development);
        await using var _app = app;
        int port = new Uri(app.Urls.First()).Port;

        var foreign = await PostAsync(app, "https://evil.example");
        var otherPort = await PostAsync(app, $"http://127.0.0.1:{(port == 65535 ? port - 1 : port + 1)}");

        Assert.Equal((HttpStatusCode.Forbidden, "Forbidden.Origin"), foreign);
        Assert.Equal((HttpStatusCode.Forbidden, "Forbidden.Origin"), otherPort);
        var line = Assert.Single(logs.GetSnapshot(), r => r.Message.Contains("https://evil.example", StringComparison.Ordinal)).Message;
        Assert.Contains("AllowedOrigins", line, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains($"http://localhost:{port}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_an_empty_list_is_still_an_error()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync(Environments.Production));

        Assert.Contains("AllowedOrigins", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_list_is_used_as_is_in_Development_too_and_a_refusal_names_the_origin_without_secrets()
    {
        var (app, logs) = await StartAsync(Environments.Development, o => o.AllowedOrigins.Add("https://crm.example.test"));
        await using var _app = app;
        int port = new Uri(app.Urls.First()).Port;

        var own = await PostAsync(app, $"http://127.0.0.1:{port}");
        var listed = await PostAsync(app, "https://crm.example.test");
        var none = await PostAsync(app, null);

        Assert.Equal((HttpStatusCode.Forbidden, "Forbidden.Origin"), own);
        Assert.Equal((HttpStatusCode.OK, "OK"), listed);
        Assert.Equal((HttpStatusCode.Forbidden, "Forbidden.Origin"), none);
        var refusals = logs.GetSnapshot().Where(r => r.Message.Contains("refused a request from origin", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.Contains(refusals, m => m.Contains($"'http://127.0.0.1:{port}'", StringComparison.Ordinal) && m.Contains("CccWorkbenchProxyOptions.AllowedOrigins", StringComparison.Ordinal));
        Assert.Contains(refusals, m => m.Contains("'(none)'", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(CccEmulator.DevAccessKeySecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mapping_the_proxy_records_its_path_for_the_softphone()
    {
        var (app, _) = await StartAsync(Environments.Development);
        await using var _app = app;

        Assert.Equal(Path, app.Services.GetRequiredService<CccWorkbenchProxyRoute>().Path);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5126", "http://localhost:5126 http://127.0.0.1:5126 http://[::1]:5126")]
    [InlineData("http://localhost:5000", "http://localhost:5000 http://127.0.0.1:5000 http://[::1]:5000")]
    [InlineData("https://[::1]:443", "https://localhost https://127.0.0.1 https://[::1]")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080 http://127.0.0.1:8080 http://[::1]:8080")]
    [InlineData("http://+:80", "http://localhost http://127.0.0.1 http://[::1]")]
    [InlineData("http://[::]:8080", "http://localhost:8080 http://127.0.0.1:8080 http://[::1]:8080")]
    [InlineData("https://crm.example.com:8443", "https://crm.example.com:8443")]
    [InlineData("not an address", "")]
    public void A_listening_address_stands_for_these_origins(string address, string expected)
    {
        Assert.Equal(expected, string.Join(' ', WorkbenchProxyOrigins.ExpandAddress(address)));
    }

    /// <summary>Every request is a signed-in CRM user with an agent.</summary>
    private sealed class SignedInHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "SignedIn";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var identity = new ClaimsIdentity(
                [new(ClaimTypes.NameIdentifier, "alice"), new(ClaimCccAgentResolver.DefaultClaimType, "agent1@ccc-local")], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
