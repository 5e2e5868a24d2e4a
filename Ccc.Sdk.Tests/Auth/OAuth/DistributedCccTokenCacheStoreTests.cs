using System.Text;
using Ccc.Sdk.AspNetCore.OAuth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Xunit;

namespace Ccc.Sdk.Tests.Auth.OAuth;

public sealed class DistributedCccTokenCacheStoreTests
{
    [Fact]
    public async Task Blobs_round_trip_encrypted_and_are_removed()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var store = new DistributedCccTokenCacheStore(cache, new EphemeralDataProtectionProvider());
        byte[] blob = Encoding.UTF8.GetBytes("""{"RefreshToken":{"secret":"rt-value"}}""");

        await store.WriteAsync("acct-1", blob, default);

        Assert.Equal(blob, await store.ReadAsync("acct-1", default));
        byte[] raw = (await cache.GetAsync("ccc-oauth:acct-1"))!;
        Assert.DoesNotContain("rt-value", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.Null(await store.ReadAsync("acct-2", default));

        await store.RemoveAsync("acct-1", default);
        Assert.Null(await store.ReadAsync("acct-1", default));
    }

    [Fact]
    public async Task A_blob_protected_with_other_keys_reads_as_missing()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        await new DistributedCccTokenCacheStore(cache, new EphemeralDataProtectionProvider()).WriteAsync("acct", [1, 2, 3], default);

        var rotated = new DistributedCccTokenCacheStore(cache, new EphemeralDataProtectionProvider());
        Assert.Null(await rotated.ReadAsync("acct", default));
    }
}
