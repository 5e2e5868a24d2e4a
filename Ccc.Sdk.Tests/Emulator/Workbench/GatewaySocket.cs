using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator.Workbench;

/// <summary>A test client's view of a gateway WebSocket (agents' and phones'): send, read the next JSON message, and
/// assert silence or a refusal.</summary>
internal static class GatewaySocket
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static async Task Send(ClientWebSocket ws, string text)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next message; null when the server closed.</summary>
    public static async Task<JsonElement?> TryNext(ClientWebSocket ws, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[1 << 16];
        var count = 0;
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer.AsMemory(count), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                using var document = JsonDocument.Parse(buffer.AsMemory(0, count));
                return document.RootElement.Clone();
            }
        }
    }

    public static async Task<JsonElement> Next(ClientWebSocket ws) =>
        await TryNext(ws, Wait) ?? throw new Xunit.Sdk.XunitException($"closed: {ws.CloseStatus} {ws.CloseStatusDescription}");

    /// <summary>Skips messages until one of <paramref name="type"/> (status changes and call messages may interleave).</summary>
    public static async Task<JsonElement> NextOf(ClientWebSocket ws, string type)
    {
        var seen = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var message = await Next(ws);
            if (Str(message, "type") == type)
            {
                return message;
            }

            seen.Add(message.GetRawText());
        }

        throw new Xunit.Sdk.XunitException($"no {type}; saw {string.Join(", ", seen)}");
    }

    /// <summary>Nothing is queued for <paramref name="ws"/>: a ping's pong is the very next message (one FIFO queue per connection).</summary>
    public static async Task AssertSilent(ClientWebSocket ws)
    {
        await Send(ws, """{"type":"ping"}""");
        var next = await Next(ws);
        Assert.True(Str(next, "type") == "pong", "unexpected message: " + next.GetRawText());
    }

    public static async Task AssertRefused(ClientWebSocket ws, string code)
    {
        var error = await Next(ws);
        Assert.Equal(("error", code), (Str(error, "type"), Str(error, "code")));
        Assert.Null(await TryNext(ws, Wait));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
        Assert.StartsWith(code, ws.CloseStatusDescription, StringComparison.Ordinal);
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).ToString();
}
