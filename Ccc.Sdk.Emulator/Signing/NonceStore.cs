using System.Collections.Concurrent;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Signing;

/// <summary>
/// Remembers signature nonces (per AccessKeyId) for twice the clock-skew tolerance — long enough that a
/// replay is refused for as long as its timestamp would still be accepted — and forgets them after, so memory
/// stays bounded by the request rate. A hard cap refuses new nonces (Throttling.User) rather than growing.
/// </summary>
internal sealed class NonceStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly int _capacity;
    private long _nextSweepTicks;

    public NonceStore(TimeProvider time, TimeSpan clockSkewTolerance, int capacity = 1_000_000)
    {
        _time = time;
        _retention = clockSkewTolerance * 2;
        _capacity = capacity;
    }

    public int Count => _expiries.Count;

    /// <summary>Benchmark-only switch (<see cref="CccEmulatorOptions.AcceptReplayedNonces"/>): remember nothing, refuse nothing.</summary>
    public bool AcceptReplays { get; init; }

    /// <summary>Records the nonce; throws SignatureNonceUsed when it is still remembered.</summary>
    public void Use(string accessKeyId, string nonce)
    {
        if (AcceptReplays)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var key = accessKeyId + "\n" + nonce;
        if (_expiries.TryGetValue(key, out var seen) && seen > now)
        {
            throw ApiErrors.NonceUsed(nonce);
        }

        SweepIfDue(now);
        if (_expiries.Count >= _capacity)
        {
            Sweep(now);
            if (_expiries.Count >= _capacity)
            {
                throw ApiErrors.NonceStoreFull();
            }
        }

        var expiry = now + _retention;
        while (true)
        {
            if (_expiries.TryAdd(key, expiry))
            {
                return;
            }

            if (_expiries.TryGetValue(key, out var existing))
            {
                if (existing > now)
                {
                    throw ApiErrors.NonceUsed(nonce);
                }

                // Expired entry not swept yet: replace it atomically.
                if (_expiries.TryUpdate(key, expiry, existing))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Forgets every nonce (test hook).</summary>
    public void Clear() => _expiries.Clear();

    private void SweepIfDue(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + TimeSpan.TicksPerMinute, next) != next)
        {
            return;
        }

        Sweep(now);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var entry in _expiries)
        {
            if (entry.Value <= now)
            {
                _expiries.TryRemove(entry);
            }
        }
    }
}
