using System.Net;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Hardening;

/// <summary>
/// Every malformed, wrong-typed or oversized control-API body is a 400 in the cloud's envelope
/// (<c>{RequestId, Code, HttpStatusCode, Message}</c>); a body that is not JSON is a 415.
/// </summary>
public sealed class ControlApiInputTests : IAsyncLifetime
{
    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("PUT", "/_emulator/phones/13800000001", """{"behavior":"\ud800"}""")]
    [InlineData("PUT", "/_emulator/phones/13800000001", """{"\udfff":"answer"}""")]
    [InlineData("POST", "/_emulator/calls/inbound", """{"from":"\ud800","to":"02150000001"}""")]
    [InlineData("POST", "/_emulator/calls/inbound", """{"from":"13800000001","to":"02150000001","userName":"\udc00"}""")]
    [InlineData("PUT", "/_emulator/instances/ccc-local/call-settings", """{"inboundBlacklist":["\ud800"]}""")]
    [InlineData("PUT", "/_emulator/instances/ccc-local/call-settings", """{"workHours":{"start":"\ud800","end":"18:00"}}""")]
    [InlineData("PUT", "/_emulator/agents/agent1@ccc-local", """{"autoAnswer":"yes"}""")]
    [InlineData("PUT", "/_emulator/instances/ccc-local/call-settings", """{"afterCallWorkSeconds":1e400}""")]
    [InlineData("PUT", "/_emulator/phones/13800000001", """{"behavior":"answer",}""")]
    [InlineData("PUT", "/_emulator/phones/13800000001", "\"answer\"")]
    public async Task A_malformed_or_wrong_typed_body_is_a_400_envelope(string method, string path, string json)
    {
        var (status, body) = await SendAsync(method, path, new StringContent(json, Encoding.UTF8, "application/json"));

        AssertEnvelope(body, status, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Deeply_nested_JSON_is_a_400_envelope()
    {
        var json = "{\"behavior\":" + new string('[', 200) + new string(']', 200) + "}";

        var (status, body) = await SendAsync("PUT", "/_emulator/phones/13800000001", new StringContent(json, Encoding.UTF8, "application/json"));

        AssertEnvelope(body, status, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_UTF8_in_the_body_is_a_400_envelope()
    {
        var content = new ByteArrayContent([.. "{\"behavior\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        content.Headers.ContentType = new("application/json");

        var (status, body) = await SendAsync("PUT", "/_emulator/phones/13800000001", content);

        AssertEnvelope(body, status, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_oversized_chunked_body_is_a_400_envelope_without_reading_it_all()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"behavior\":\"" + new string('a', 200_000) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/_emulator/phones/13800000001") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _h.Http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        AssertEnvelope(body, response.StatusCode, HttpStatusCode.BadRequest);
        Assert.Contains("65536 bytes", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_body_that_is_not_declared_JSON_is_a_415_envelope(string contentType)
    {
        var content = new ByteArrayContent("""{"from":"13800000001","to":"02150000001"}"""u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var (status, body) = await SendAsync("POST", "/_emulator/calls/inbound", content);

        AssertEnvelope(body, status, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("UnsupportedMediaType", body.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task A_text_plain_post_to_a_bodiless_endpoint_is_a_415_envelope_too()
    {
        var (status, body) = await SendAsync("POST", "/_emulator/phones/13800000001/hang-up", new StringContent("x", Encoding.UTF8, "text/plain"));

        AssertEnvelope(body, status, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Errors_that_were_already_4xx_now_carry_the_envelope()
    {
        var (status, body) = await SendAsync("GET", "/_emulator/nothing-here", null);

        AssertEnvelope(body, status, HttpStatusCode.NotFound);
        Assert.Equal("NotFound", body.GetProperty("Code").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        using var response = await _h.Http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} {raw}");
        return (response.StatusCode, JsonDocument.Parse(raw).RootElement.Clone());
    }

    internal static void AssertEnvelope(JsonElement body, HttpStatusCode status, HttpStatusCode expected)
    {
        Assert.True(status == expected, $"{(int)status} {body.GetRawText()}");
        Assert.False(string.IsNullOrEmpty(body.GetProperty("RequestId").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("Code").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("Message").GetString()));
        Assert.Equal((int)expected, body.GetProperty("HttpStatusCode").GetInt32());
    }
}
