using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Workbench;

[JsonSerializable(typeof(CallContextDto))]
internal sealed partial class WorkbenchJsonContext : JsonSerializerContext;

/// <summary>
/// The agent gateway (docs/emulator-calls.md, "Agent gateway"): WebSocket connections of agents' browser softphones,
/// fed with the Workbench SDK callback vocabulary (docs/reference/workbench-sdk.md#callbacks-2x) from the call engine's
/// event stream, which it subscribes to like every other consumer: call events become call messages, every agent
/// state change one <c>statusChange</c> (no timer, no poll: nothing is sent but for an event or a state change).
/// <see cref="Observe"/> and <see cref="ObserveAgentState"/> run under the instance lock and only serialise and
/// <c>TryWrite</c> to bounded per-connection queues; a connection whose queue is full is dropped, so a slow or dead
/// client never blocks the engine.
/// </summary>
internal sealed class AgentGatewayHub : ICallObserver, IGatewaySessions<(string Instance, string User)>, IDisposable
{
    /// <summary>Messages a connection may have waiting; one more and it is closed.</summary>
    public const int QueueCapacity = GatewayConnection.QueueCapacity;

    /// <summary>Largest message accepted from a client.</summary>
    public const int MaxClientMessageBytes = 16 * 1024;

    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    private readonly EmulatorState _state;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Instance, string User), AgentEntry> _agents = [];
    private readonly CancellationTokenSource _stopping = new();

    public AgentGatewayHub(EmulatorState state) => _state = state;

    /// <summary>The media relay, set once at start-up (the relay and this hub refer to each other).</summary>
    public MediaRelay? Relay { get; set; }

    /// <summary>Open connections (tests).</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _agents.Values.Sum(a => a.Connections.Count);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_gate)
        {
            foreach (var connection in _agents.Values.SelectMany(a => a.Connections))
            {
                connection.Queue.Writer.TryComplete();
            }
        }
    }

    // ---------------------------------------------------------------- engine side (instance lock held)

    public void Observe(CallEvent callEvent, Call? call)
    {
        // Hold and consultation change the status code (12 hold, 17 consultation: docs/reference/workbench-sdk.md#status-codes-2x) of every agent in the call,
        // and some of their events (the customer retrieved when a consultation ends) name no agent.
        if (call is not null && callEvent.EventType is "Held" or "Retrieved" or "InitiateConsultant" or "AttendedTransfer"
            or "StartMonitor" or "StartCoach" or "BargeIn" or "Intercept")
        {
            RefreshAgentsOf(call);
        }

        if (callEvent.AgentId is not { } userId)
        {
            return;
        }

        lock (_gate)
        {
            if (_agents.Count == 0 || !_agents.TryGetValue((callEvent.InstanceId, userId), out var entry) || entry.Connections.Count == 0)
            {
                return;
            }

            if (call is not null && callEvent.ContactId is not null)
            {
                SendCallMessage(entry, callEvent, call);
            }

            // A call's state (RINGING, DIALING, TALKING) is reported right after the Agent* event's call message.
            if (callEvent.EventType.StartsWith("Agent", StringComparison.Ordinal) && entry.Pending is { } pending)
            {
                entry.Pending = null;
                SendStatus(entry, pending);
            }
        }
    }

    /// <summary>
    /// One <c>statusChange</c> per agent state change, in order, with the change's time. A change into a call's state
    /// (RINGING, DIALING, TALKING) waits for the Agent* event the engine raises next in the same step, so the client
    /// gets <c>callComing</c> before status 6, and the talk code (9, 10, 11) is known.
    /// </summary>
    public void ObserveAgentState(AgentStateChange change)
    {
        lock (_gate)
        {
            if (_agents.Count == 0 || !_agents.TryGetValue((change.InstanceId, change.UserId), out var entry) || entry.Connections.Count == 0)
            {
                return;
            }

            if (entry.Pending is { } pending)
            {
                entry.Pending = null;
                SendStatus(entry, pending);
            }

            if (change.State is UserStates.Ringing or UserStates.Dialing or UserStates.Talking)
            {
                entry.Pending = change;
                return;
            }

            SendStatus(entry, change);
        }
    }

    /// <summary>The agents' connections of <paramref name="userId"/> (a snapshot; the relay posts to them).</summary>
    public IReadOnlyList<GatewayConnection> ConnectionsOf(string instanceId, string userId)
    {
        lock (_gate)
        {
            return _agents.TryGetValue((instanceId, userId), out var entry) ? entry.Connections.ToArray() : [];
        }
    }

    /// <summary>The call message of an agent's call event. Caller holds both locks.</summary>
    private static void SendCallMessage(AgentEntry entry, CallEvent callEvent, Call call)
    {
        var jobId = callEvent.ContactId!;
        switch (callEvent.EventType)
        {
            case "AgentRinging":
                entry.Legs[jobId] = new Leg(Outgoing: false);
                Send(entry, CallDetail("callComing", call, callEvent));
                break;
            case "AgentDialing":
                entry.Legs[jobId] = new Leg(Outgoing: true);
                Send(entry, CallDetail("callDialing", call, callEvent));
                break;
            case "AgentTalk":
                (entry.Legs.TryGetValue(jobId, out var talking) ? talking : entry.Legs[jobId] = new Leg(false)).Answered = true;
                entry.TalkCode = TalkCode(call.CallType, entry.Legs[jobId].Outgoing);
                Send(entry, ContextOnly("callEstablish", call));
                break;
            case "AgentRelease":
                var leg = entry.Legs.Remove(jobId, out var known) ? known : new Leg(call.CallType == CallTypes.Outbound);
                Send(entry, ContextOnly("callRelease", call));
                Send(entry, HangUp((leg.Outgoing, leg.Answered) switch
                {
                    (false, false) => "ringing",
                    (true, false) => "dialing",
                    (false, true) => "inbound",
                    (true, true) => "outbound",
                }));
                break;
        }
    }

    /// <summary><c>hangUp</c>: "type" names the message, so the argument is <c>hangUpType</c>.</summary>
    private static byte[] HangUp(string type)
    {
        var (buffer, w) = Start("hangUp");
        w.WriteString("hangUpType", type);
        return Finish(buffer, w);
    }

    /// <summary>Workbench status code (docs/reference/workbench-sdk.md#status-codes-2x) of a UserState.</summary>
    public static int StatusCode(string userState, int talkCode) => userState switch
    {
        UserStates.Ready => 3,
        UserStates.Break => 2,
        UserStates.Ringing => 6,
        UserStates.Dialing => 8,
        UserStates.Talking => talkCode,
        UserStates.Working => 5,
        _ => 1,
    };

    private static int TalkCode(string callType, bool outgoing) => callType switch
    {
        CallTypes.Inbound => 9,
        CallTypes.Outbound => 10,
        CallTypes.Internal => 11,
        _ => outgoing ? 10 : 9,
    };

    /// <summary>Caller holds the instance lock.</summary>
    private void RefreshAgentsOf(Call call)
    {
        var users = call.Instance.Users;
        lock (_gate)
        {
            foreach (var userId in call.Channels.Select(c => c.UserId).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (_agents.TryGetValue((call.Instance.InstanceId, userId), out var entry) && users.TryGetValue(userId, out var agent))
                {
                    SendStatusIfChanged(entry, agent, call.Instance);
                }
            }
        }
    }

    /// <summary>The agent's status code, with hold (12) and consultation (17) read from the agent's call in progress.
    /// Caller holds the instance lock.</summary>
    private static int StatusCode(Agent agent, AgentEntry entry, CccInstance instance)
    {
        // A supervisor's leg: 24 while it rings, then 21 monitoring, 26 coaching, 25 barge-in.
        if (agent.JobId.Length > 0 && instance.Calls.Active.TryGetValue(agent.JobId, out var supervised)
            && CallEngine.SupervisorStatusCode(supervised, agent.UserId) is { } supervising)
        {
            return supervising;
        }

        int code = StatusCode(agent.UserState, entry.TalkCode);
        if (agent.UserState != UserStates.Talking || agent.JobId.Length == 0
            || !instance.Calls.Active.TryGetValue(agent.JobId, out var call))
        {
            return code;
        }

        if (call.ConsultingUserId == agent.UserId)
        {
            return 17;
        }

        // HoldCall names either leg (the cloud's own example holds the agent's channel): a held leg in the call is a
        // hold for the agent who holds it — not for an agent consulted meanwhile, who talks to the transferor.
        var own = call.Channels.FirstOrDefault(c => c.UserId == agent.UserId && c.State != ChannelStates.Released);
        if (own is null || own.Role == ChannelRole.ConsultTarget)
        {
            return code;
        }

        return call.Channels.Any(c => c.Held && c.State != ChannelStates.Released) ? 12 : code;
    }

    /// <summary>A hold or consultation code change within a call (no agent state change). Caller holds both locks.</summary>
    private void SendStatusIfChanged(AgentEntry entry, Agent agent, CccInstance instance)
    {
        if (entry.Pending is { } pending)
        {
            entry.Pending = null;
            SendStatus(entry, pending);
        }

        var code = StatusCode(agent, entry, instance);
        if (code == entry.LastCode)
        {
            return;
        }

        var last = entry.LastCode;
        entry.LastCode = code;
        Send(entry, StatusMessage(code, last, agent.UserState, agent.UserState == UserStates.Break ? agent.BreakCode : "", _state.NowMilliseconds));
    }

    /// <summary>The status of one agent state change. Caller holds <see cref="_gate"/> and the instance lock.</summary>
    private void SendStatus(AgentEntry entry, AgentStateChange change)
    {
        int code;
        var instance = _state.GetInstance(change.InstanceId);
        if (instance.Users.TryGetValue(change.UserId, out var agent) && agent.UserState == change.State)
        {
            code = StatusCode(agent, entry, instance);
        }
        else
        {
            code = StatusCode(change.State, entry.TalkCode);
        }

        var last = entry.LastCode;
        entry.LastCode = code;
        Send(entry, StatusMessage(code, last, change.State, change.BreakCode, change.Time));
    }

    /// <summary><c>{"type":"statusChange","code","lastCode","context":{"userState","breakCode","time"}}</c>.</summary>
    private static byte[] StatusMessage(int code, int lastCode, string userState, string breakCode, long time)
    {
        var (buffer, w) = Start("statusChange");
        w.WriteNumber("code", code);
        w.WriteNumber("lastCode", lastCode);
        w.WriteStartObject("context");
        w.WriteString("userState", userState);
        w.WriteString("breakCode", breakCode);
        w.WriteNumber("time", time);
        w.WriteEndObject();
        return Finish(buffer, w);
    }

    private static byte[] CallDetail(string type, Call call, CallEvent callEvent) => Message(type, w =>
    {
        var hide = call.Instance.Calls.Settings.HideCustomerNumbers;
        var caller = callEvent.Caller ?? call.CallingNumber;
        var callee = callEvent.Callee ?? call.CalledNumber;
        if (call.CallType == CallTypes.Inbound && hide)
        {
            caller = CallControlData.Mask(caller);
        }
        else if (call.CallType == CallTypes.Outbound)
        {
            callee = call.MaskedCallee ?? (hide ? CallControlData.Mask(callee) : callee);
        }

        w.WriteString("caller", caller);
        w.WriteString("callee", callee);
        w.WriteString("callType", call.CallType);
        w.WriteString("jobId", call.JobId);
        WriteContext(w, call);
    });

    private static byte[] ContextOnly(string type, Call call) => Message(type, w =>
    {
        w.WriteString("jobId", call.JobId);
        WriteContext(w, call);
    });

    private static void WriteContext(Utf8JsonWriter w, Call call)
    {
        w.WritePropertyName("callContext");
        JsonSerializer.Serialize(w, CallControlData.Context(call.Instance, call, forAgent: true), WorkbenchJsonContext.Default.CallContextDto);
    }

    internal static byte[] Message(string type, Action<Utf8JsonWriter>? body = null)
    {
        var (buffer, w) = Start(type);
        body?.Invoke(w);
        return Finish(buffer, w);
    }

    /// <summary>A message's writer, its object and <c>type</c> started; end it with <see cref="Finish"/>.</summary>
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) Start(string type)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteString("type", type);
        return (buffer, w);
    }

    private static byte[] Finish(System.Buffers.ArrayBufferWriter<byte> buffer, Utf8JsonWriter w)
    {
        using (w)
        {
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Caller holds <see cref="_gate"/>. Never blocks: a full queue drops the connection.</summary>
    private static void Send(AgentEntry entry, byte[] message)
    {
        foreach (var connection in entry.Connections)
        {
            connection.Post(message);
        }
    }

    // ---------------------------------------------------------------- connection side

    public Task HandleAsync(HttpContext http) => GatewaySession.HandleAsync(http, this, _stopping.Token);

    string IGatewaySessions<(string Instance, string User)>.Name => "agent gateway";

    (string? Error, string? Message, (string Instance, string User) Key) IGatewaySessions<(string Instance, string User)>.Hello(string text) => Authenticate(text);

    GatewayConnection IGatewaySessions<(string Instance, string User)>.Register((string Instance, string User) key) => Register(key);

    Task IGatewaySessions<(string Instance, string User)>.ReceiveLoopAsync(WebSocket socket, (string Instance, string User) key, GatewayConnection connection, CancellationToken ct) =>
        ReceiveLoopAsync(socket, key, connection, ct);

    void IGatewaySessions<(string Instance, string User)>.Unregister((string Instance, string User) key, GatewayConnection connection)
    {
        Unregister(key, connection);
        Relay?.AgentGone(key.Instance, key.User, connection);
    }

    private (string? Error, string? Message, (string Instance, string User) Key) Authenticate(string text)
    {
        string? type, userId, signature, instanceId;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ("HelloExpected", "the first message must be a JSON hello object", default);
            }

            type = Str(root, "type");
            userId = Str(root, "userId");
            signature = Str(root, "signature");
            instanceId = Str(root, "instanceId");
        }
        catch (JsonException)
        {
            return ("HelloExpected", "the first message must be a JSON hello object", default);
        }

        if (type != "hello")
        {
            return ("HelloExpected", "the first message must be {\"type\":\"hello\",...}", default);
        }

        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(signature))
        {
            return ("MissingSignature", "hello needs userId and signature (from GetLoginDetails)", default);
        }

        var tokens = AgentGatewayTokens.For(_state);
        var now = _state.NowMilliseconds;
        var expired = false;
        foreach (var instance in _state.Instances.Where(i => instanceId is null || i.InstanceId == instanceId))
        {
            bool known;
            lock (instance.Gate)
            {
                known = instance.Users.ContainsKey(userId);
            }

            if (!known)
            {
                continue;
            }

            switch (tokens.Verify(instance.InstanceId, userId, signature, now))
            {
                case TokenCheck.Valid:
                    return (null, null, (instance.InstanceId, userId));
                case TokenCheck.Expired:
                    expired = true;
                    break;
            }
        }

        return expired
            ? ("SignatureExpired", "the signature has expired; call GetLoginDetails again", default)
            : ("InvalidSignature", "the signature does not match this userId", default);
    }

    /// <summary>The string property, or null when absent or not a string.</summary>
    /// <exception cref="JsonException">The string is not valid Unicode (an escaped lone surrogate such as <c>"\ud800"</c>).</exception>
    internal static string? Str(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException e)
        {
            // Callers already treat malformed JSON as a refused message; a lone surrogate is malformed text.
            throw new JsonException($"'{name}' is not valid Unicode text.", e);
        }
    }

    private GatewayConnection Register((string Instance, string User) key)
    {
        var connection = new GatewayConnection();
        var instance = _state.GetInstance(key.Instance);
        lock (instance.Gate)
        {
            var userState = instance.Users.TryGetValue(key.User, out var agent) ? agent.UserState : UserStates.Offline;
            var current = agent is { JobId.Length: > 0 } && instance.Calls.Active.TryGetValue(agent.JobId, out var active) && active.LiveChannelOf(key.User) is not null
                ? active
                : null;
            lock (_gate)
            {
                if (!_agents.TryGetValue(key, out var entry))
                {
                    entry = new AgentEntry();
                    _agents[key] = entry;
                }

                // The call in progress, as the agent last saw it (a reloaded page gets its state back).
                var replay = current is not null ? Replay(entry, current, key.User, userState) : [];
                var code = StatusCode(userState, entry.TalkCode);
                if (entry.Connections.Count == 0)
                {
                    entry.LastCode = code;
                    entry.Pending = null;
                }

                connection.Queue.Writer.TryWrite(Message("welcome", w =>
                {
                    w.WriteString("userId", key.User);
                    w.WriteString("instanceId", key.Instance);
                }));
                connection.Queue.Writer.TryWrite(StatusMessage(entry.LastCode, 0, userState, agent is { UserState: UserStates.Break } ? agent.BreakCode : "", agent?.StateTime ?? 0));
                foreach (var message in replay)
                {
                    connection.Queue.Writer.TryWrite(message);
                }

                entry.Connections.Add(connection);
            }

            // Still under the instance lock (lock order: instance, relay, hubs), so no media event comes in between.
            if (current is not null)
            {
                Relay?.AgentConnected(key.Instance, key.User, current.JobId, connection);
            }
        }

        return connection;
    }

    /// <summary>callComing or callDialing as it was, then callEstablish when connected. Caller holds both locks.</summary>
    private static List<byte[]> Replay(AgentEntry entry, Call call, string userId, string userState)
    {
        var started = call.Timeline.FindLast(t => t.Party == 'A' && t.PartyId == userId && t.Event is "AgentRinging" or "AgentDialing");
        var outgoing = started.Event == "AgentDialing";
        var answered = userState == UserStates.Talking;
        var leg = entry.Legs.TryGetValue(call.JobId, out var known) ? known : entry.Legs[call.JobId] = new Leg(outgoing);
        leg.Answered |= answered;
        var synthetic = new CallEvent { EventType = outgoing ? "AgentDialing" : "AgentRinging", EventTime = 0, InstanceId = call.Instance.InstanceId, AgentId = userId };
        var messages = new List<byte[]> { CallDetail(outgoing ? "callDialing" : "callComing", call, synthetic) };
        if (answered)
        {
            entry.TalkCode = TalkCode(call.CallType, leg.Outgoing);
            messages.Add(ContextOnly("callEstablish", call));
        }

        return messages;
    }

    private void Unregister((string Instance, string User) key, GatewayConnection connection)
    {
        lock (_gate)
        {
            if (_agents.TryGetValue(key, out var entry))
            {
                entry.Connections.Remove(connection);
                if (entry.Connections.Count == 0)
                {
                    _agents.Remove(key);
                }
            }
        }
    }

    internal static async Task SendLoopAsync(WebSocket socket, GatewayConnection connection, CancellationToken ct)
    {
        await foreach (var message in connection.Queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(SendTimeout);
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, timeout.Token).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, (string Instance, string User) key, GatewayConnection connection, CancellationToken ct)
    {
        while (await ReceiveTextAsync(socket, ct).ConfigureAwait(false) is { } text)
        {
            switch (ClientMessageType(text))
            {
                case "ping":
                    connection.Post(Message("pong"));
                    break;
                case "rtc":
                    Relay?.FromAgent(key.Instance, key.User, connection, text);
                    break;
                case "signIn":
                    connection.Post(SignIn(key, text));
                    break;
            }
        }
    }

    /// <summary>
    /// <c>{"type":"signIn","id","skillGroupIds":[…],"deviceId"}</c>: the workbench script signs its agent in over its
    /// own channel, as the cloud's 2.x script does (its proxy list has no SignInGroup; docs/decisions/0020-workbench-sign-in-and-3x-surface.md).
    /// The same sign-in, validation and error codes as SignInGroup; an empty or absent list is every group of the
    /// agent's. The status change (2, break) is posted by the engine's event stream before this answer,
    /// <c>{"type":"signInResult","id","code":"OK","skillGroupIds":[…]}</c> or <c>{…,"code":error code,"message"}</c>.
    /// </summary>
    internal byte[] SignIn((string Instance, string User) key, string text)
    {
        long id = 0;
        try
        {
            List<string>? groups;
            string? deviceId;
            using (var document = JsonDocument.Parse(text))
            {
                var root = document.RootElement;
                if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var given))
                {
                    id = given;
                }

                deviceId = Str(root, "deviceId");
                groups = ReadGroups(root);
            }

            if (string.IsNullOrEmpty(deviceId))
            {
                throw Gateway.ApiErrors.ParameterBlank("DeviceId");
            }

            var instance = _state.GetInstance(key.Instance);
            string[] signed;
            lock (instance.Gate)
            {
                var agent = instance.GetUser(key.User);
                IReadOnlyCollection<string> wanted = groups is { Count: > 0 } ? groups : agent.SkillLevels.Select(s => s.SkillGroupId).ToList();
                Agents.AgentStateActions.SignIn(_state, instance, agent, wanted, additive: false, deviceId);
                CallEngine.Drain(instance);
                signed = [.. agent.SignedSkillGroupIds];
            }

            return Message("signInResult", w =>
            {
                w.WriteNumber("id", id);
                w.WriteString("code", "OK");
                w.WriteStartArray("skillGroupIds");
                foreach (var group in signed)
                {
                    w.WriteStringValue(group);
                }

                w.WriteEndArray();
            });
        }
        catch (Exception e) when (e is Gateway.ApiException or JsonException)
        {
            var (code, message) = e is Gateway.ApiException api ? (api.Code, api.Message) : ("InvalidParameter.Format", "signIn needs a JSON object {type, skillGroupIds: [strings], deviceId}.");
            return Message("signInResult", w =>
            {
                w.WriteNumber("id", id);
                w.WriteString("code", code);
                w.WriteString("message", message);
            });
        }
    }

    /// <summary><c>skillGroupIds</c>: absent or null is empty; anything but an array of strings is refused like SignInGroup's list.</summary>
    private static List<string>? ReadGroups(JsonElement root)
    {
        if (!root.TryGetProperty("skillGroupIds", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(g => g.ValueKind != JsonValueKind.String))
        {
            throw Gateway.ApiErrors.ParameterFormat("SignedSkillGroupIdList", "Expected a JSON array of strings.");
        }

        var groups = new List<string>();
        foreach (var group in list.EnumerateArray())
        {
            try
            {
                groups.Add(group.GetString()!);
            }
            catch (InvalidOperationException e)
            {
                throw new JsonException("a skill group id is not valid Unicode text.", e);
            }
        }

        return groups;
    }

    /// <summary>The <c>type</c> of a client's JSON object message, or null (not JSON, not an object, no type).</summary>
    internal static string? ClientMessageType(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Str(document.RootElement, "type") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The next text message; null when the client closed.</summary>
    /// <exception cref="GatewayMessageRefusedException">The message is binary, larger than <see cref="MaxClientMessageBytes"/>, or not UTF-8.</exception>
    internal static async Task<string?> ReceiveTextAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[MaxClientMessageBytes];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                throw new GatewayMessageRefusedException("MessageTooBig", $"messages are at most {MaxClientMessageBytes} bytes");
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(count), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            if (result.MessageType != WebSocketMessageType.Text)
            {
                throw new GatewayMessageRefusedException("TextExpected", "the gateway speaks JSON text messages, not binary");
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                try
                {
                    return StrictUtf8.GetString(buffer, 0, count);
                }
                catch (DecoderFallbackException)
                {
                    throw new GatewayMessageRefusedException("InvalidText", "the message is not valid UTF-8");
                }
            }
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static async Task RefuseAsync(WebSocket socket, string code, string message, CancellationToken ct)
    {
        var error = Message("error", w =>
        {
            w.WriteString("code", code);
            w.WriteString("message", message);
        });
        try
        {
            await socket.SendAsync(error, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, code + ": " + message, ct).ConfigureAwait(false);
    }

    internal static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string description, CancellationToken ct)
    {
        if (description.Length > 120)
        {
            description = description[..120];
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    private sealed class AgentEntry
    {
        public List<GatewayConnection> Connections { get; } = [];

        /// <summary>The agent's calls in progress by JobId (direction, answered) for hangUp's type.</summary>
        public Dictionary<string, Leg> Legs { get; } = new(StringComparer.Ordinal);

        public int LastCode { get; set; } = 1;

        public int TalkCode { get; set; } = 9;

        /// <summary>A change into a call's state waiting for its Agent* event (see <see cref="ObserveAgentState"/>).</summary>
        public AgentStateChange? Pending { get; set; }
    }

    private sealed record Leg(bool Outgoing)
    {
        public bool Answered { get; set; }
    }
}

/// <summary>A client message the gateways refuse outright (binary, too big, not UTF-8): the socket is closed with 1008.</summary>
internal sealed class GatewayMessageRefusedException(string code, string reason) : Exception(reason)
{
    /// <summary>The error code sent in the <c>error</c> message and the close description.</summary>
    public string Code { get; } = code;
}
