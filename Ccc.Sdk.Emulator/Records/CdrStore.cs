namespace Ccc.Sdk.Emulator.Records;

/// <summary>
/// The CDRs of one instance, bounded: at most <see cref="Capacity"/> records and none released more than
/// <see cref="Retention"/> ago (oldest dropped first, on insert). Guarded by the instance lock.
/// </summary>
internal sealed class CdrStore
{
    private readonly Queue<CallDetailRecord> _byRelease = new();
    private readonly Dictionary<string, CallDetailRecord> _byId = new(StringComparer.Ordinal);

    public CdrStore(int capacity, TimeSpan retention)
    {
        Capacity = capacity;
        Retention = retention;
    }

    public int Capacity { get; }

    public TimeSpan Retention { get; }

    public int Count => _byId.Count;

    public IEnumerable<CallDetailRecord> All => _byRelease;

    /// <summary>Adds a record; a second record with the same ContactId is ignored (never duplicated).</summary>
    public bool Add(CallDetailRecord record, long nowMs)
    {
        if (!_byId.TryAdd(record.ContactId, record))
        {
            return false;
        }

        _byRelease.Enqueue(record);
        var oldest = nowMs - (long)Retention.TotalMilliseconds;
        while (_byRelease.Count > Capacity || (_byRelease.Count > 0 && _byRelease.Peek().ReleaseTime < oldest))
        {
            _byId.Remove(_byRelease.Dequeue().ContactId);
        }

        return true;
    }

    public CallDetailRecord? Get(string contactId) => _byId.GetValueOrDefault(contactId);
}
