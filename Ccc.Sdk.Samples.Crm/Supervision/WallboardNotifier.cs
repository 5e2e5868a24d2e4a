using System.Collections.Concurrent;

namespace Ccc.Sdk.Samples.Crm.Supervision;

/// <summary>
/// Tells the open supervisor pages that something changed in the call center, and remembers which call each agent is
/// on. Fed by <see cref="WallboardEventHandler"/> (the webhook path: <c>MapCccWebhooks</c> → the dispatcher → the
/// handler) and by the demo script; a singleton. Subscribers are called on the signalling thread and must return
/// quickly (the page only schedules a debounced re-read, see <see cref="DebouncedRefresh"/>).
/// </summary>
public sealed class WallboardNotifier
{
    private readonly ConcurrentDictionary<Guid, Action> _subscribers = new();
    private readonly ConcurrentDictionary<string, LiveCall> _calls = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>How many changes were signalled since the start.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Calls <paramref name="onChange"/> at every signal until the returned handle is disposed.</summary>
    /// <param name="onChange">What to do; must not block.</param>
    /// <returns>The subscription; dispose it to stop.</returns>
    public IDisposable Subscribe(Action onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var id = Guid.NewGuid();
        _subscribers[id] = onChange;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    /// <summary>Signals a change to every subscriber.</summary>
    public void Signal()
    {
        Interlocked.Increment(ref _version);
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber();
        }
    }

    /// <summary>Notes that <paramref name="agentId"/> is on call <paramref name="contactId"/> (ringing or talking).</summary>
    /// <param name="agentId">The agent, <c>loginName@instanceId</c>.</param>
    /// <param name="contactId">The call (its <c>JobId</c>).</param>
    /// <param name="since">When the agent's leg started (the event's time).</param>
    public void AgentOnCall(string agentId, string contactId, DateTimeOffset since) =>
        _calls.AddOrUpdate(agentId, _ => new LiveCall(contactId, since), (_, old) => old.ContactId == contactId ? old : new LiveCall(contactId, since));

    /// <summary>Notes that <paramref name="agentId"/> left call <paramref name="contactId"/> (a later call of the agent stays).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="contactId">The call the agent left.</param>
    public void AgentLeftCall(string agentId, string contactId) =>
        _calls.TryRemove(new KeyValuePair<string, LiveCall>(agentId, _calls.TryGetValue(agentId, out var call) && call.ContactId == contactId ? call : new LiveCall("", default)));

    /// <summary>The call <paramref name="agentId"/> is on, as the events told; null when none.</summary>
    /// <param name="agentId">The agent.</param>
    /// <returns>The call, or null.</returns>
    public LiveCall? CallOf(string agentId) => _calls.TryGetValue(agentId, out var call) ? call : null;

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

/// <summary>The call an agent is on.</summary>
/// <param name="ContactId">The call's id (<c>JobId</c> of the call actions).</param>
/// <param name="Since">When the agent's part in it began.</param>
public sealed record LiveCall(string ContactId, DateTimeOffset Since);
