using System.Net.WebSockets;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>How a gateway (agents' or phones') checks a hello and keeps its connections.</summary>
/// <typeparam name="TKey">What a good hello names: an agent, a phone number.</typeparam>
internal interface IGatewaySessions<TKey>
{
    /// <summary>The gateway's name in the plain-GET error ("agent gateway").</summary>
    string Name { get; }

    /// <summary>Checks the first message: an error code and message, or the key.</summary>
    (string? Error, string? Message, TKey Key) Hello(string text);

    /// <summary>A new connection of <paramref name="key"/>, its first messages queued.</summary>
    GatewayConnection Register(TKey key);

    /// <summary>Reads the client's messages until it closes.</summary>
    Task ReceiveLoopAsync(WebSocket socket, TKey key, GatewayConnection connection, CancellationToken ct);

    /// <summary>The connection has ended, whichever side ended it.</summary>
    void Unregister(TKey key, GatewayConnection connection);
}

/// <summary>
/// The life of one gateway WebSocket, the same for both gateways: a plain GET is a 400 JSON error; the hello must come
/// within <see cref="AgentGatewayHub.HelloTimeout"/> and a refused one gets an <c>error</c> message and a 1008 close;
/// then the connection's queue is sent while the client's messages are read, until either side ends, and a connection
/// dropped for a full queue is closed with 1008 <c>SendQueueOverflow</c>. Never a 500.
/// </summary>
internal static class GatewaySession
{
    public static async Task HandleAsync<TKey>(HttpContext http, IGatewaySessions<TKey> gateway, CancellationToken stopping)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("{\"Code\":\"NotWebSocket\",\"Message\":\"The " + gateway.Name + " speaks WebSocket only (GET with Upgrade: websocket).\"}", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        try
        {
            await RunAsync(socket, gateway, lifetime.Token).ConfigureAwait(false);
        }
        catch (GatewayMessageRefusedException e)
        {
            // Binary, oversized or non-UTF-8 frames: a policy violation with a short reason, never an unhandled exception.
            await AgentGatewayHub.RefuseAsync(socket, e.Code, e.Message, lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            socket.Abort();
        }
    }

    private static async Task RunAsync<TKey>(WebSocket socket, IGatewaySessions<TKey> gateway, CancellationToken ct)
    {
        using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        helloTimeout.CancelAfter(AgentGatewayHub.HelloTimeout);
        string? first;
        try
        {
            first = await AgentGatewayHub.ReceiveTextAsync(socket, helloTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await AgentGatewayHub.RefuseAsync(socket, "HelloTimeout", "no hello within " + AgentGatewayHub.HelloTimeout.TotalSeconds + " s", ct).ConfigureAwait(false);
            return;
        }

        if (first is null)
        {
            await AgentGatewayHub.CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "", ct).ConfigureAwait(false);
            return;
        }

        var (error, message, key) = gateway.Hello(first);
        if (error is not null)
        {
            await AgentGatewayHub.RefuseAsync(socket, error, message!, ct).ConfigureAwait(false);
            return;
        }

        var connection = gateway.Register(key);
        try
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(ct, connection.Dropped.Token);
            var sending = AgentGatewayHub.SendLoopAsync(socket, connection, done.Token);
            var receiving = gateway.ReceiveLoopAsync(socket, key, connection, done.Token);
            await Task.WhenAny(sending, receiving).ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(sending, receiving).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
            }

            if (connection.Overflowed)
            {
                await AgentGatewayHub.CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, "SendQueueOverflow: client too slow", ct).ConfigureAwait(false);
            }
            else if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await AgentGatewayHub.CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "", ct).ConfigureAwait(false);
            }
        }
        finally
        {
            gateway.Unregister(key, connection);
            connection.Dropped.Dispose();
        }
    }
}
