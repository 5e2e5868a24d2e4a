using System.Net.WebSockets;
using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Control;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>
/// The phone gateway (docs/emulator-calls.md, "Simulated phone page"): WebSocket connections of simulated customer
/// phone pages, one number each. It tells a page when a call to its number rings, connects and ends, and carries the
/// WebRTC signalling of the media relay. While a page of a number is connected, calls to that number ring until
/// answered (<see cref="SimulatedPhones.HasPage"/>). A subscriber of the engine's event stream: <see cref="Observe"/> runs
/// under the instance lock and only <c>TryWrite</c>s to bounded per-connection queues, like the agent gateway.
/// </summary>
internal sealed class PhoneGatewayHub : ICallObserver, IGatewaySessions<string>, IDisposable
{
    public const string Path = "/_emulator/phone-gateway";

    private readonly EmulatorState _state;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PhoneEntry> _phones = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public PhoneGatewayHub(EmulatorState state) => _state = state;

    /// <summary>Set once at start-up (the relay and this hub refer to each other).</summary>
    public MediaRelay? Relay { get; set; }

    /// <summary>Open connections (tests).</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _phones.Values.Sum(p => p.Connections.Count);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_gate)
        {
            foreach (var connection in _phones.Values.SelectMany(p => p.Connections))
            {
                connection.Queue.Writer.TryComplete();
            }
        }
    }

    /// <summary>The pages of <paramref name="number"/> (a snapshot; the relay posts to them).</summary>
    public IReadOnlyList<GatewayConnection> ConnectionsOf(string number)
    {
        lock (_gate)
        {
            return _phones.TryGetValue(number, out var entry) ? entry.Connections.ToArray() : [];
        }
    }

    // ---------------------------------------------------------------- engine side (instance lock held)

    public void Observe(CallEvent callEvent, Call? call)
    {
        if (call is null || callEvent.ContactId is not { } jobId)
        {
            return;
        }

        lock (_gate)
        {
            if (_phones.Count == 0)
            {
                return;
            }

            switch (callEvent.EventType)
            {
                case "Ringing" when call.Find(callEvent.ChannelId ?? "") is { IsPhone: true } channel:
                    SendTo(CallEngine.PhoneNumberOf(call, channel), Ringing(jobId, channel.Originator));
                    break;
                case "Route2IVR" when call.Find(callEvent.ChannelId ?? "") is { IsPhone: true } channel:
                    SendTo(CallEngine.PhoneNumberOf(call, channel), Dialing(jobId, call.CalledNumber));
                    break;
                case "Established" or "AgentTalk": // AgentTalk comes first: established precedes the relay's mediaStart
                    foreach (var channel in call.Channels)
                    {
                        if (channel is { IsPhone: true, IsAnswered: true }
                            && _phones.TryGetValue(CallEngine.PhoneNumberOf(call, channel), out var entry)
                            && entry.Established.Add(jobId))
                        {
                            Send(entry, Established(jobId));
                        }
                    }

                    break;
                case "Released" when call.Find(callEvent.ChannelId ?? "") is { IsPhone: true } channel:
                    if (_phones.TryGetValue(CallEngine.PhoneNumberOf(call, channel), out var released))
                    {
                        released.Established.Remove(jobId);
                        Send(released, Released(jobId));
                    }

                    break;
            }
        }
    }

    private void SendTo(string number, byte[] message)
    {
        if (_phones.TryGetValue(number, out var entry))
        {
            Send(entry, message);
        }
    }

    private static void Send(PhoneEntry entry, byte[] message)
    {
        foreach (var connection in entry.Connections)
        {
            connection.Post(message);
        }
    }

    private static byte[] Ringing(string jobId, string from) => AgentGatewayHub.Message("ringing", w =>
    {
        w.WriteString("jobId", jobId);
        w.WriteString("from", from);
    });

    private static byte[] Dialing(string jobId, string to) => AgentGatewayHub.Message("dialing", w =>
    {
        w.WriteString("jobId", jobId);
        w.WriteString("to", to);
    });

    private static byte[] Established(string jobId) => AgentGatewayHub.Message("established", w => w.WriteString("jobId", jobId));

    private static byte[] Released(string jobId) => AgentGatewayHub.Message("released", w => w.WriteString("jobId", jobId));

    // ---------------------------------------------------------------- connection side

    public Task HandleAsync(HttpContext http) => GatewaySession.HandleAsync(http, this, _stopping.Token);

    string IGatewaySessions<string>.Name => "phone gateway";

    (string? Error, string? Message, string Key) IGatewaySessions<string>.Hello(string text)
    {
        var (error, message, number) = ParseHello(text);
        return (error, message, number ?? "");
    }

    GatewayConnection IGatewaySessions<string>.Register(string key) => Register(key);

    Task IGatewaySessions<string>.ReceiveLoopAsync(WebSocket socket, string key, GatewayConnection connection, CancellationToken ct) =>
        ReceiveLoopAsync(socket, key, connection, ct);

    void IGatewaySessions<string>.Unregister(string key, GatewayConnection connection)
    {
        Unregister(key, connection);
        Relay?.PhoneGone(key, connection);
    }

    private static (string? Error, string? Message, string? Number) ParseHello(string text)
    {
        string? type, number;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ("HelloExpected", "the first message must be a JSON hello object", null);
            }

            type = AgentGatewayHub.Str(root, "type");
            number = AgentGatewayHub.Str(root, "number");
        }
        catch (JsonException)
        {
            return ("HelloExpected", "the first message must be a JSON hello object", null);
        }

        if (type != "hello")
        {
            return ("HelloExpected", "the first message must be {\"type\":\"hello\",\"number\":...}", null);
        }

        if (number is null || !ControlApi.IsPhoneNumber(number))
        {
            return ("InvalidNumber", "hello needs a phone number (3-20 digits, optionally after '+')", null);
        }

        return (null, null, number);
    }

    private GatewayConnection Register(string number)
    {
        var connection = new GatewayConnection();
        connection.Post(AgentGatewayHub.Message("welcome", w => w.WriteString("number", number)));
        lock (_gate)
        {
            if (!_phones.TryGetValue(number, out var entry))
            {
                entry = new PhoneEntry();
                _phones[number] = entry;
            }

            entry.Connections.Add(connection);
        }

        _state.Engine.Phones.CountPage(number, +1);

        // The phone's calls in progress (a reloaded page gets them back): ringing, or established when connected.
        foreach (var instance in _state.Instances)
        {
            lock (instance.Gate)
            {
                foreach (var call in instance.Calls.Active.Values)
                {
                    var channel = call.Channels.Find(c => c.IsPhone && !c.IsReleased && CallEngine.PhoneNumberOf(call, c) == number);
                    if (channel is null)
                    {
                        continue;
                    }

                    if (channel.IsRinging)
                    {
                        connection.Post(Ringing(call.JobId, channel.Originator));
                    }
                    else if (call.Phase == CallPhase.Ivr || call.Phase == CallPhase.Queued || call.Phase == CallPhase.Offering)
                    {
                        connection.Post(Dialing(call.JobId, call.CalledNumber));
                    }
                    else
                    {
                        lock (_gate)
                        {
                            if (_phones.TryGetValue(number, out var entry))
                            {
                                entry.Established.Add(call.JobId);
                            }
                        }

                        connection.Post(Established(call.JobId));
                    }
                }
            }
        }

        Relay?.PhoneConnected(number, connection);
        return connection;
    }

    private void Unregister(string number, GatewayConnection connection)
    {
        lock (_gate)
        {
            if (_phones.TryGetValue(number, out var entry))
            {
                entry.Connections.Remove(connection);
                if (entry.Connections.Count == 0)
                {
                    _phones.Remove(number);
                }
            }
        }

        _state.Engine.Phones.CountPage(number, -1);
    }

    private async Task ReceiveLoopAsync(WebSocket socket, string number, GatewayConnection connection, CancellationToken ct)
    {
        while (await AgentGatewayHub.ReceiveTextAsync(socket, ct).ConfigureAwait(false) is { } text)
        {
            switch (AgentGatewayHub.ClientMessageType(text))
            {
                case "ping":
                    connection.Post(AgentGatewayHub.Message("pong"));
                    break;
                case "rtc":
                    Relay?.FromPhone(number, connection, text);
                    break;
            }
        }
    }

    private sealed class PhoneEntry
    {
        public List<GatewayConnection> Connections { get; } = [];

        /// <summary>Calls this number is connected in, so <c>established</c> is sent once per call.</summary>
        public HashSet<string> Established { get; } = new(StringComparer.Ordinal);
    }
}
