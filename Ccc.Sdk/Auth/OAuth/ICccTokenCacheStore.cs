using System.Collections.Concurrent;

namespace Ccc.Sdk.Auth;

/// <summary>
/// Where each user's MSAL token cache (refresh token, access token, id token) is kept between requests and restarts:
/// one opaque blob per key (MSAL's suggested key, the user's home account id). Back it by a database, Redis or
/// <c>IDistributedCache</c> (Ccc.Sdk.AspNetCore has <c>DistributedCccTokenCacheStore</c>). The blobs hold refresh
/// tokens: store them encrypted or in a protected store, and never log them.
/// </summary>
public interface ICccTokenCacheStore
{
    /// <summary>Returns the blob stored under <paramref name="key"/>, or <see langword="null"/>.</summary>
    ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/>, replacing any earlier blob.</summary>
    ValueTask WriteAsync(string key, byte[] data, CancellationToken cancellationToken);

    /// <summary>Removes the blob under <paramref name="key"/> (sign-out).</summary>
    ValueTask RemoveAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// An <see cref="ICccTokenCacheStore"/> in process memory: tokens are lost on restart. For tests and single-instance
/// development. It keeps at most <see cref="Capacity"/> users' caches; past that the least recently used ones are
/// forgotten (those users sign in again), so a flood of sign-ins cannot grow the process without bound.
/// </summary>
public sealed class InMemoryCccTokenCacheStore : ICccTokenCacheStore
{
    private readonly ConcurrentDictionary<string, Entry> _blobs = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>Creates a store for at most <paramref name="capacity"/> users' caches.</summary>
    /// <param name="capacity">The most caches kept; 10,000 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public InMemoryCccTokenCacheStore(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most users' caches kept at once.</summary>
    public int Capacity { get; }

    /// <summary>The keys currently stored.</summary>
    public IReadOnlyCollection<string> Keys => _blobs.Keys.ToArray();

    /// <inheritdoc />
    public ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        if (_blobs.TryGetValue(key, out var entry))
        {
            entry.LastUsed = Interlocked.Increment(ref _clock);
            return new(entry.Data);
        }

        return new((byte[]?)null);
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(string key, byte[] data, CancellationToken cancellationToken)
    {
        _blobs[key] = new Entry(data) { LastUsed = Interlocked.Increment(ref _clock) };
        if (_blobs.Count > Capacity)
        {
            Evict();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        _blobs.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    // Drops the least recently used tenth (at least one) in one pass, so eviction is not paid on every write.
    private void Evict()
    {
        int excess = _blobs.Count - Capacity + Math.Max(1, Capacity / 10);
        foreach (var (key, _) in _blobs.ToArray().OrderBy(e => e.Value.LastUsed).Take(excess))
        {
            _blobs.TryRemove(key, out _);
        }
    }

    private sealed class Entry(byte[] data)
    {
        public byte[] Data { get; } = data;

        public long LastUsed;
    }
}
