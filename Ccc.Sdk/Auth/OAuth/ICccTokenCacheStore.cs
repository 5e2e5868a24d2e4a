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

/// <summary>An <see cref="ICccTokenCacheStore"/> in process memory: tokens are lost on restart. For tests and single-instance development.</summary>
public sealed class InMemoryCccTokenCacheStore : ICccTokenCacheStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    /// <summary>The keys currently stored.</summary>
    public IReadOnlyCollection<string> Keys => _blobs.Keys.ToArray();

    /// <inheritdoc />
    public ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken) =>
        new(_blobs.TryGetValue(key, out var data) ? data : null);

    /// <inheritdoc />
    public ValueTask WriteAsync(string key, byte[] data, CancellationToken cancellationToken)
    {
        _blobs[key] = data;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        _blobs.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }
}
