using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Softphone;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.Tests.Development;

/// <summary><c>builder.AddCccEmulatorAsync()</c> (Ccc.Sdk.Development): one development-only call that starts the emulator
/// on loopback and points <c>AddCcc</c> and the softphone at it; a real <c>WebApplication</c> on 127.0.0.1.</summary>
public sealed class AddCccEmulatorTests
{
    private static WebApplicationBuilder Builder(string environment)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    [Fact]
    public async Task In_Development_one_call_gives_a_client_and_softphone_options_pointing_at_a_running_emulator()
    {
        var builder = Builder(Environments.Development);
        var emulator = await builder.AddCccEmulatorAsync(o => o.Softphone = s => s.AutoRegister = true);
        await using var app = builder.Build();
        await app.StartAsync();

        Assert.Same(emulator, app.Services.GetRequiredService<CccEmulator>());
        var client = app.Services.GetRequiredService<CccClient>();
        var groups = new List<string>();
        await foreach (var group in client.ListSkillGroupsAsync())
        {
            groups.Add(group.SkillGroupId!);
        }

        Assert.NotEmpty(groups);
        var softphone = app.Services.GetRequiredService<IOptions<SoftphoneOptions>>().Value;
        Assert.Equal(emulator.WorkbenchScriptUrl, softphone.ScriptUrl);
        Assert.Equal(emulator.InstanceId, softphone.InstanceId);
        Assert.Equal(emulator.RegionId, softphone.RegionId);
        Assert.True(softphone.AutoRegister);
        Assert.DoesNotContain("//workbench", softphone.ScriptUrl, StringComparison.Ordinal);
        using var http = new HttpClient();
        var script = await http.GetStringAsync(softphone.ScriptUrl);
        Assert.Contains("WorkbenchSdk", script, StringComparison.Ordinal);
        Assert.Equal(IPAddress.Loopback.ToString(), emulator.Endpoint.Host);
    }

    [Fact]
    public async Task The_emulator_stops_with_the_application()
    {
        var builder = Builder(Environments.Development);
        var emulator = await builder.AddCccEmulatorAsync();
        var app = builder.Build();
        await app.StartAsync();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(emulator.WorkbenchScriptUrl)).StatusCode);

        await app.StopAsync();
        await app.DisposeAsync();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(emulator.WorkbenchScriptUrl));
    }

    [Fact]
    public async Task Outside_Development_it_refuses_unless_told_and_says_how()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Builder(Environments.Production).AddCccEmulatorAsync());
        Assert.Contains("AllowOutsideDevelopment", error.Message, StringComparison.Ordinal);

        var builder = Builder(Environments.Staging);
        await using var emulator = await builder.AddCccEmulatorAsync(o => o.AllowOutsideDevelopment = true);
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(CccEmulator));
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://192.0.2.10:5000")]
    [InlineData("http://+:0")]
    public async Task An_emulator_address_beyond_loopback_is_refused(string urls)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Builder(Environments.Development).AddCccEmulatorAsync(o => o.Emulator.Urls = urls));

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_call_is_refused()
    {
        var builder = Builder(Environments.Development);
        await using var emulator = await builder.AddCccEmulatorAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => builder.AddCccEmulatorAsync());
    }

    [Fact]
    public async Task The_v3_option_points_the_softphone_at_the_emulators_3x_surface()
    {
        var builder = Builder(Environments.Development);
        await using var emulator = await builder.AddCccEmulatorAsync(o => o.UseWorkbenchV3Script = true);
        await using var provider = builder.Services.BuildServiceProvider();

        var softphone = provider.GetRequiredService<IOptions<SoftphoneOptions>>().Value;

        Assert.Equal(emulator.WorkbenchV3ScriptUrl, softphone.ScriptUrl);
        Assert.EndsWith("/workbench/v3/core.min.js", softphone.ScriptUrl, StringComparison.Ordinal);
        Assert.Equal(new Uri(emulator.Endpoint, "workbench/workbenchSdk.js").ToString(), emulator.WorkbenchScriptUrl);
    }

    [Fact]
    public async Task With_the_proxy_mapped_without_origins_the_page_of_the_app_reaches_the_emulator_through_it()
    {
        var builder = Builder(Environments.Development);
        await builder.AddCccEmulatorAsync();
        builder.Services.AddAuthentication(AgentHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, AgentHandler>(AgentHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery();
        builder.Services.AddCccWorkbenchProxy(o => o.ValidateAntiforgeryToken = false);
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapCccWorkbenchProxy("/ccc/workbench-api");
        await app.StartAsync();
        var address = new Uri(app.Urls.First());

        using var http = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/workbench-api?action=GetLoginDetails")
        {
            Content = new FormUrlEncodedContent([new("request", "{}")]),
        };
        request.Headers.Add("Origin", $"http://localhost:{address.Port}");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OK", body.RootElement.GetProperty("Code").GetString());
        Assert.Equal("/ccc/workbench-api", app.Services.GetRequiredService<CccWorkbenchProxyRoute>().Path);
    }

    private sealed class AgentHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Agent";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var identity = new ClaimsIdentity(
                [new(ClaimTypes.NameIdentifier, "alice"), new(Ccc.Sdk.AspNetCore.WorkbenchProxy.ClaimCccAgentResolver.DefaultClaimType, "agent1@ccc-local")], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
