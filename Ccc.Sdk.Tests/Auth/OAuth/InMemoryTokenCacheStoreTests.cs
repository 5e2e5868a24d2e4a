using Ccc.Sdk.Auth;

namespace Ccc.Sdk.Tests.Auth.OAuth;

public sealed class InMemoryTokenCacheStoreTests
{
    [Fact]
    public async Task A_flood_of_users_keeps_at_most_the_capacity_and_the_recently_used_caches_survive()
    {
        var store = new InMemoryCccTokenCacheStore(capacity: 100);
        await store.WriteAsync("regular", [1], default);

        for (var i = 0; i < 10_000; i++)
        {
            await store.WriteAsync("user-" + i, [2], default);
            if (i % 50 == 0)
            {
                Assert.NotNull(await store.ReadAsync("regular", default)); // used all along: never the least recent
            }
        }

        Assert.InRange(store.Keys.Count, 1, 100);
        Assert.Contains("regular", store.Keys);
        Assert.Contains("user-9999", store.Keys);
        Assert.DoesNotContain("user-0", store.Keys);
    }

    [Fact]
    public void A_capacity_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryCccTokenCacheStore(0));
}
