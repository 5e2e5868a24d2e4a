using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;

namespace Ccc.Sdk.Emulator.Workbench;

/// <summary>
/// Relays WebRTC signalling between an agent's browser (agent gateway) and the phone page of the call's customer
/// number (phone gateway); the audio itself flows browser to browser. One session per call, opened when an agent's
/// leg becomes AgentTalk and closed on AgentRelease. <c>rtc</c> messages are forwarded unchanged, only between the
/// two parties of a session; the first connection of each side that sends one is bound to the session and the
/// others are ignored. A subscriber of the engine's event stream (after the agent gateway). Lock order: instance lock,
/// then this relay's lock, then a hub's lock (never the reverse).
/// </summary>
internal sealed class MediaRelay : ICallObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly AgentGatewayHub _agents;
    private readonly PhoneGatewayHub _phones;

    /// <summary>The relay between the two gateways; set it as their <c>Relay</c> (they refer to each other).</summary>
    public MediaRelay(AgentGatewayHub agents, PhoneGatewayHub phones)
    {
        _agents = agents;
        _phones = phones;
    }

    /// <summary>Calls with audio set up or waiting for a phone page (tests).</summary>
    public int SessionCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    // ---------------------------------------------------------------- engine side (instance lock held)

    public void Observe(CallEvent callEvent, Call? call)
    {
        if (call is null || callEvent.ContactId is not { } jobId || callEvent.AgentId is not { } userId)
        {
            return;
        }

        switch (callEvent.EventType)
        {
            case "AgentTalk":
                // No media for agent-to-agent calls, a consulted party (the customer is held), a supervisor's listening,
                // whispering or barging leg (one peer per call: docs/emulator-calls.md, "Supervisors") or an agent on a mobile.
                if (call.CallType == CallTypes.Internal || callEvent.Scenario is "CONSULTED" or "MONITORING" or "COACHING" or "BARGING"
                    || call.LiveChannelOf(userId) is not { IsPhone: false } own || call.LiveCustomer is not { } customer)
                {
                    return;
                }

                lock (_gate)
                {
                    var session = new Session(callEvent.InstanceId, userId, CallEngine.PhoneNumberOf(call, customer), own.UserExtension);
                    if (_sessions.Remove(jobId, out var previous))
                    {
                        Stop(jobId, previous);
                    }

                    _sessions[jobId] = session;
                    Start(jobId, session, null, null);
                }

                break;
            case "AgentRelease":
                lock (_gate)
                {
                    if (_sessions.TryGetValue(jobId, out var session) && session.InstanceId == callEvent.InstanceId && session.UserId == userId)
                    {
                        _sessions.Remove(jobId);
                        Stop(jobId, session);
                    }
                }

                break;
        }
    }

    // ---------------------------------------------------------------- connections

    /// <summary>A (re)connected agent whose call <paramref name="jobId"/> is in progress: audio again for that connection.</summary>
    public void AgentConnected(string instanceId, string userId, string jobId, GatewayConnection connection)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(jobId, out var session) && session.InstanceId == instanceId && session.UserId == userId)
            {
                Start(jobId, session, connection, null);
            }
        }
    }

    /// <summary>An agent connection closed (already unregistered from the agent hub).</summary>
    public void AgentGone(string instanceId, string userId, GatewayConnection connection)
    {
        lock (_gate)
        {
            foreach (var (jobId, session) in _sessions)
            {
                if (session.Started && session.InstanceId == instanceId && session.UserId == userId
                    && (session.Agent == connection || session.Agent is null && _agents.ConnectionsOf(instanceId, userId).Count == 0))
                {
                    // The phone's peer is gone: it stops; a reconnecting agent page starts again (AgentConnected).
                    session.Agent = null;
                    session.Phone = null;
                    session.Started = false;
                    Post(_phones.ConnectionsOf(session.Number), Stop(jobId));
                }
            }
        }
    }

    public void PhoneConnected(string number, GatewayConnection connection)
    {
        lock (_gate)
        {
            foreach (var (jobId, session) in _sessions)
            {
                if (session.Number == number && !session.Started)
                {
                    Start(jobId, session, null, connection);
                }
            }
        }
    }

    public void PhoneGone(string number, GatewayConnection connection)
    {
        lock (_gate)
        {
            foreach (var (jobId, session) in _sessions)
            {
                if (session.Number == number && (session.Phone == connection || session.Phone is null))
                {
                    if (session.Started)
                    {
                        Post(_agents.ConnectionsOf(session.InstanceId, session.UserId), Stop(jobId));
                    }

                    session.Agent = null;
                    session.Phone = null;
                    session.Started = false;
                    Start(jobId, session, null, null); // another page of the number, if any, takes over
                }
            }
        }
    }

    /// <summary>An agent's <c>rtc</c> message: to the phone page of the agent's own call, else ignored.</summary>
    public void FromAgent(string instanceId, string userId, GatewayConnection connection, string text)
    {
        if (RtcJobId(text) is not { } jobId)
        {
            return;
        }

        lock (_gate)
        {
            if (!_sessions.TryGetValue(jobId, out var session) || !session.Started || session.InstanceId != instanceId || session.UserId != userId)
            {
                return;
            }

            session.Agent ??= connection;
            if (session.Agent != connection)
            {
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            if (session.Phone is { } phone)
            {
                phone.Post(bytes);
            }
            else
            {
                Post(_phones.ConnectionsOf(session.Number), bytes);
            }
        }
    }

    /// <summary>A phone page's <c>rtc</c> message: to the agent of a call of that number, else ignored.</summary>
    public void FromPhone(string number, GatewayConnection connection, string text)
    {
        if (RtcJobId(text) is not { } jobId)
        {
            return;
        }

        lock (_gate)
        {
            if (!_sessions.TryGetValue(jobId, out var session) || !session.Started || session.Number != number)
            {
                return;
            }

            session.Phone ??= connection;
            if (session.Phone != connection)
            {
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            if (session.Agent is { } agent)
            {
                agent.Post(bytes);
            }
            else
            {
                Post(_agents.ConnectionsOf(session.InstanceId, session.UserId), bytes);
            }
        }
    }

    // ---------------------------------------------------------------- helpers (caller holds _gate)

    /// <summary>
    /// mediaStart to the agent (offerer) and the phone page(s) (answerer) when both are connected; only to
    /// <paramref name="agent"/> / <paramref name="phone"/> when given (a reconnect), else to all of each side.
    /// </summary>
    private void Start(string jobId, Session session, GatewayConnection? agent, GatewayConnection? phone)
    {
        var phones = phone is not null ? [phone] : _phones.ConnectionsOf(session.Number);
        var agents = agent is not null ? [agent] : _agents.ConnectionsOf(session.InstanceId, session.UserId);
        if (phones.Count == 0 || agents.Count == 0)
        {
            return;
        }

        if (session.Started)
        {
            // A new offerer or answerer: the other side starts over too.
            if (agent is not null)
            {
                phones = _phones.ConnectionsOf(session.Number);
            }
            else if (phone is not null)
            {
                agents = _agents.ConnectionsOf(session.InstanceId, session.UserId);
            }
        }

        session.Started = true;
        session.Agent = null;
        session.Phone = null;
        Post(agents, MediaStart(jobId, "offerer", session.Number));
        Post(phones, MediaStart(jobId, "answerer", session.Extension.Length > 0 ? session.Extension : session.UserId));
    }

    private void Stop(string jobId, Session session)
    {
        if (!session.Started)
        {
            return;
        }

        session.Started = false;
        var stop = Stop(jobId);
        Post(_agents.ConnectionsOf(session.InstanceId, session.UserId), stop);
        Post(_phones.ConnectionsOf(session.Number), stop);
    }

    private static void Post(IReadOnlyList<GatewayConnection> connections, byte[] message)
    {
        foreach (var connection in connections)
        {
            connection.Post(message);
        }
    }

    private static byte[] MediaStart(string jobId, string role, string peer) => AgentGatewayHub.Message("mediaStart", w =>
    {
        w.WriteString("jobId", jobId);
        w.WriteString("role", role);
        w.WriteString("peer", peer);
    });

    private static byte[] Stop(string jobId) => AgentGatewayHub.Message("mediaStop", w => w.WriteString("jobId", jobId));

    /// <summary>The jobId of a well-formed <c>rtc</c> message (a description or a candidate), else null.</summary>
    private static string? RtcJobId(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || AgentGatewayHub.Str(root, "type") != "rtc"
                || !(root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.Object
                    || root.TryGetProperty("candidate", out var c) && c.ValueKind is JsonValueKind.Object or JsonValueKind.Null))
            {
                return null;
            }

            return AgentGatewayHub.Str(root, "jobId");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Session(string instanceId, string userId, string number, string extension)
    {
        public string InstanceId { get; } = instanceId;

        public string UserId { get; } = userId;

        /// <summary>The customer's number: the caller of an inbound call, the callee of an outbound one.</summary>
        public string Number { get; } = number;

        public string Extension { get; } = extension;

        /// <summary>mediaStart was sent and no mediaStop since.</summary>
        public bool Started { get; set; }

        public GatewayConnection? Agent { get; set; }

        public GatewayConnection? Phone { get; set; }
    }
}
