using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Control;

/// <summary>
/// The dashboard's live feed (<c>GET /_emulator/stream</c>, docs/emulator.md#dashboard): the open Server-Sent Events
/// clients of one emulator. Each client is its own subscriber of the engine's event stream
/// (<see cref="CallEngine.Subscribe"/>) with a bounded buffer; a client that falls <see cref="BufferCapacity"/>
/// messages behind is dropped (its stream ends, the browser reconnects and fetches the lists again) rather than
/// growing memory. At most <see cref="MaxClients"/> streams are open at once.
/// </summary>
internal sealed class DashboardStreams
{
    /// <summary>Messages a client may fall behind before it is dropped.</summary>
    public const int BufferCapacity = 256;

    /// <summary>Streams open at once; one more is refused (429).</summary>
    public const int MaxClients = 32;

    private static readonly ConditionalWeakTable<EmulatorState, DashboardStreams> ByState = new();

    private readonly Lock _gate = new();
    private readonly HashSet<DashboardClient> _clients = [];

    /// <summary>The streams of one emulator (one per <see cref="EmulatorState"/>).</summary>
    public static DashboardStreams For(EmulatorState state) => ByState.GetValue(state, _ => new DashboardStreams());

    /// <summary>How many streams are open now.</summary>
    public int ClientCount
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Opens a client subscribed to <paramref name="engine"/>, or null when <see cref="MaxClients"/> are open.
    /// Dispose the client when its request ends.</summary>
    public DashboardClient? Open(CallEngine engine, int capacity = BufferCapacity)
    {
        var client = new DashboardClient(this, capacity);
        lock (_gate)
        {
            if (_clients.Count >= MaxClients)
            {
                return null;
            }

            _clients.Add(client);
        }

        client.Attach(engine.Subscribe(client));
        return client;
    }

    internal void Remove(DashboardClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }
    }
}

/// <summary>
/// One open stream: an engine subscriber that turns each event into one SSE message (<c>event: call</c> or
/// <c>event: agent</c>, a one-line JSON <c>data:</c>) in a bounded buffer. The observer side never blocks or throws.
/// </summary>
internal sealed class DashboardClient : ICallObserver, IDisposable
{
    private readonly DashboardStreams _owner;
    private readonly Channel<string> _buffer;
    private IDisposable? _subscription;
    private int _disposed;

    internal DashboardClient(DashboardStreams owner, int capacity)
    {
        _owner = owner;
        _buffer = System.Threading.Channels.Channel.CreateBounded<string>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the client is dropped, nothing waits.
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>The messages waiting to be written; completes when the client is dropped or disposed.</summary>
    public ChannelReader<string> Messages => _buffer.Reader;

    /// <summary>True once the client fell too far behind and was dropped.</summary>
    public bool Dropped { get; private set; }

    internal void Attach(IDisposable subscription)
    {
        _subscription = subscription;
        if (Volatile.Read(ref _disposed) != 0 || Dropped)
        {
            subscription.Dispose();
        }
    }

    public void Observe(CallEvent callEvent, Call? call) =>
        Offer("call", w =>
        {
            w.WriteString("instanceId", callEvent.InstanceId);
            w.WriteString("eventType", callEvent.EventType);
            w.WriteString("time", Events.EventPayload.IsoTime(callEvent.EventTime));
            if (callEvent.ContactId is { } contactId)
            {
                w.WriteString("contactId", contactId);
            }

            if (callEvent.AgentId is { } agentId)
            {
                w.WriteString("agentId", agentId);
            }
        });

    public void ObserveAgentState(AgentStateChange change) =>
        Offer("agent", w =>
        {
            w.WriteString("instanceId", change.InstanceId);
            w.WriteString("userId", change.UserId);
            w.WriteString("previousState", change.PreviousState);
            w.WriteString("state", change.State);
            w.WriteString("breakCode", change.BreakCode);
            w.WriteString("time", Events.EventPayload.IsoTime(change.Time));
        });

    /// <summary>One SSE message; JSON's default encoder escapes line breaks and HTML characters, so the data stays one line.</summary>
    internal static string Format(string eventName, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return "event: " + eventName + "\ndata: " + Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n\n";
    }

    private void Offer(string eventName, Action<Utf8JsonWriter> write)
    {
        if (Dropped || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        string message;
        try
        {
            message = Format(eventName, write);
        }
#pragma warning disable CA1031 // The observer contract: never throw into the engine. A message that cannot be built is skipped.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        if (!_buffer.Writer.TryWrite(message))
        {
            // Too far behind: end this stream instead of growing memory. The browser reconnects and re-fetches.
            Dropped = true;
            _buffer.Writer.TryComplete();
            _subscription?.Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _subscription?.Dispose();
        _buffer.Writer.TryComplete();
        _owner.Remove(this);
    }
}
