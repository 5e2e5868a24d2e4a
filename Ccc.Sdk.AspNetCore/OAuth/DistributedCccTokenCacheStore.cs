using Ccc.Sdk.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Ccc.Sdk.AspNetCore.OAuth;

/// <summary>
/// An <see cref="ICccTokenCacheStore"/> on <see cref="IDistributedCache"/> (Redis, SQL Server…): each user's MSAL cache,
/// encrypted with ASP.NET Core data protection, under <c>ccc-oauth:{accountId}</c>, kept for <see cref="Lifetime"/> after its last write.
/// </summary>
public sealed class DistributedCccTokenCacheStore : ICccTokenCacheStore
{
    private readonly IDistributedCache _cache;
    private readonly IDataProtector _protector;

    /// <summary>Creates the store.</summary>
    public DistributedCccTokenCacheStore(IDistributedCache cache, IDataProtectionProvider dataProtection)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(dataProtection);
        _cache = cache;
        _protector = dataProtection.CreateProtector("Ccc.Sdk.AspNetCore.OAuth.TokenCache");
    }

    /// <summary>How long a user's cache is kept after its last write (the refresh token's lifetime).</summary>
    /// <value>30 days.</value>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(30);

    /// <inheritdoc />
    public async ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        byte[]? data = await _cache.GetAsync(Key(key), cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(data);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Keys rotated away or tampered: the user signs in again.
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(string key, byte[] data, CancellationToken cancellationToken) =>
        await _cache.SetAsync(Key(key), _protector.Protect(data), new DistributedCacheEntryOptions { SlidingExpiration = Lifetime }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken) =>
        await _cache.RemoveAsync(Key(key), cancellationToken).ConfigureAwait(false);

    private static string Key(string key) => "ccc-oauth:" + key;
}
