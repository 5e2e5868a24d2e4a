using System.Net.WebSockets;
using System.Text;

using static Ccc.Sdk.Tests.Emulator.Workbench.GatewaySocket;

namespace Ccc.Sdk.Tests.Emulator.Hardening;

/// <summary>
/// A bad first message on either gateway (binary, oversized, not UTF-8, strings that are not Unicode, wrong types)
/// gets an <c>error</c> message and a 1008 close with a short reason — never an unhandled exception.
/// </summary>
public sealed class GatewayHelloTests : IAsyncLifetime
{
    private const string PhoneGateway = "/_emulator/phone-gateway";
    private const string AgentGateway = "/workbench/agent-gateway";

    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(PhoneGateway)]
    [InlineData(AgentGateway)]
    public async Task A_binary_hello_is_refused_with_a_policy_violation(string path)
    {
        using var ws = await ConnectAsync(path);
        await ws.SendAsync("""{"type":"hello"}"""u8.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);

        await AssertRefused(ws, "TextExpected");
    }

    [Theory]
    [InlineData(PhoneGateway)]
    [InlineData(AgentGateway)]
    public async Task An_oversized_hello_is_refused_with_a_policy_violation(string path)
    {
        using var ws = await ConnectAsync(path);
        var huge = """{"type":"hello","number":""" + "\"" + new string('1', 40_000) + "\"}";
        await ws.SendAsync(Encoding.UTF8.GetBytes(huge), WebSocketMessageType.Text, true, CancellationToken.None);

        await AssertRefused(ws, "MessageTooBig");
    }

    [Theory]
    [InlineData(PhoneGateway)]
    [InlineData(AgentGateway)]
    public async Task A_hello_that_is_not_UTF8_fails_that_connection_only(string path)
    {
        using (var ws = await ConnectAsync(path))
        {
            await ws.SendAsync(new byte[] { 0x7B, 0xFF, 0xFE, 0x7D }, WebSocketMessageType.Text, true, CancellationToken.None);

            // RFC 6455, section 8.1: the WebSocket layer itself fails a text frame that is not UTF-8 (1007, or a dropped connection).
            try
            {
                Assert.Null(await TryNext(ws, Wait));
                Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, ws.CloseStatus);
            }
            catch (WebSocketException)
            {
            }
        }

        using var next = await ConnectAsync(path);
        await Send(next, "[]");
        await AssertRefused(next, "HelloExpected");
    }

    [Theory]
    [InlineData(PhoneGateway, """{"type":"hello","number":"\ud800"}""")]
    [InlineData(AgentGateway, """{"type":"hello","userId":"\ud800","signature":"x"}""")]
    [InlineData(PhoneGateway, """{"type":"\udfff"}""")]
    [InlineData(AgentGateway, """{"type":["hello"],"userId":1,"signature":{}}""")]
    [InlineData(PhoneGateway, """{"type":"hello","number":13800000001}""")]
    [InlineData(AgentGateway, "[]")]
    public async Task A_hello_with_lone_surrogates_or_wrong_types_is_refused_with_a_policy_violation(string path, string hello)
    {
        using var ws = await ConnectAsync(path);
        await Send(ws, hello);

        var error = await Next(ws);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Null(await TryNext(ws, Wait));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
        Assert.False(string.IsNullOrEmpty(ws.CloseStatusDescription));
    }

    [Fact]
    public async Task A_binary_message_after_a_good_hello_closes_the_phone_socket_with_a_policy_violation()
    {
        using var ws = await ConnectAsync(PhoneGateway);
        await Send(ws, """{"type":"hello","number":"13800000001"}""");
        Assert.Equal("welcome", (await Next(ws)).GetProperty("type").GetString());
        await ws.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        await AssertRefused(ws, "TextExpected");
    }

    private async Task<ClientWebSocket> ConnectAsync(string path)
    {
        var ws = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(_h.Emulator.Endpoint, path)) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(Wait);
        await ws.ConnectAsync(uri, timeout.Token);
        return ws;
    }
}
