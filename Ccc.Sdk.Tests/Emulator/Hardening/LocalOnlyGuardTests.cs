using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Ccc.Sdk.Tests.Emulator.Hardening;

/// <summary>
/// The unsigned local surface (<c>/_emulator/…</c>: control API, phone page, phone gateway) answers loopback hosts
/// only (DNS rebinding), refuses pages of foreign origins, and lets the emulator's own phone page and .NET clients in.
/// </summary>
public sealed class LocalOnlyGuardTests
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8090")]
    [InlineData("192.168.1.20:8090")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task A_foreign_Host_is_refused_with_403_before_any_control_endpoint_runs(string host)
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.WebhookSecret = "whsec_" + Convert.ToBase64String(new byte[32]));
        foreach (var path in (string[])["/_emulator/phones/13800000001", "/_emulator/subscriptions/ccc-local", "/_emulator/phone?number=13800000001", "/_emulator/phone.js"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;

            var (status, body) = await SendAsync(h, request);

            ControlApiInputTests.AssertEnvelope(body, status, HttpStatusCode.Forbidden);
            Assert.Equal("Forbidden.Host", body.GetProperty("Code").GetString());
            Assert.DoesNotContain("whsec_", body.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:1234")]
    [InlineData("[::1]:8090")]
    public async Task Loopback_hosts_with_any_port_are_served(string host)
    {
        await using var h = await EmulatorHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_emulator/phones/13800000001");
        request.Headers.Host = host;

        var (status, body) = await SendAsync(h, request);

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
    }

    [Fact]
    public async Task A_host_listed_in_AllowedHosts_is_served()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.AllowedHosts = ["devbox.local"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_emulator/phones/13800000001");
        request.Headers.Host = "devbox.local:8090";
        request.Headers.Add("Origin", "http://devbox.local:8090");

        var (status, _) = await SendAsync(h, request);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public void AllowedHosts_is_bound_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:AllowedHosts:0"] = "devbox.local",
            ["Emulator:AllowedHosts:1"] = "10.0.0.5",
        }).Build();

        var options = Ccc.Sdk.Emulator.EmulatorProgram.BindOptions(configuration);

        Assert.Equal(["devbox.local", "10.0.0.5"], options.AllowedHosts);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://evil.example:8090")]
    [InlineData("null")]
    [InlineData("file://")]
    public async Task A_foreign_Origin_is_refused_with_403(string origin)
    {
        await using var h = await EmulatorHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_emulator/calls/inbound")
        {
            Content = new StringContent("""{"from":"13800000001","to":"02150000001"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Origin", origin);

        var (status, body) = await SendAsync(h, request);

        ControlApiInputTests.AssertEnvelope(body, status, HttpStatusCode.Forbidden);
        Assert.Equal("Forbidden.Origin", body.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task The_phone_page_origin_may_call_the_control_API()
    {
        await using var h = await EmulatorHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_emulator/calls/inbound")
        {
            Content = new StringContent("""{"from":"13800000001","to":"02150000001"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", h.Emulator.Endpoint.GetLeftPart(UriPartial.Authority));

        var (status, body) = await SendAsync(h, request);

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
    }

    [Fact]
    public async Task The_phone_gateway_refuses_a_WebSocket_from_a_foreign_origin_and_accepts_the_phone_page()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var uri = new UriBuilder(new Uri(h.Emulator.Endpoint, "/_emulator/phone-gateway")) { Scheme = "ws" }.Uri;

        using (var foreign = new ClientWebSocket())
        {
            foreign.Options.SetRequestHeader("Origin", "https://evil.example");
            foreign.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(uri, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
        }

        using var own = new ClientWebSocket();
        own.Options.SetRequestHeader("Origin", h.Emulator.Endpoint.GetLeftPart(UriPartial.Authority));
        await own.ConnectAsync(uri, CancellationToken.None);
        await own.SendAsync("""{"type":"hello","number":"13800000001"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var welcome = await Workbench.GatewaySocket.Next(own);
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_is_not_affected_by_the_guard()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", ("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "10"));

        Assert.Equal(HttpStatusCode.OK, r.Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(EmulatorHarness h, HttpRequestMessage request)
    {
        using (request)
        using (var response = await h.Http.SendAsync(request))
        {
            var raw = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, raw.StartsWith('{') ? JsonDocument.Parse(raw).RootElement.Clone() : JsonDocument.Parse("{}").RootElement.Clone());
        }
    }
}
