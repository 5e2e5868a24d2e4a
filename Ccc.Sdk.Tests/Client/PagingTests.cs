namespace Ccc.Sdk.Tests.Client;

public sealed class PagingTests
{
    private static string User(int i) => $$"""{"UserId":"u{{i}}@ccc-test"}""";

    [Fact]
    public async Task Enumerating_fetches_page_after_page_until_a_short_page()
    {
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(1, 2, 0, User(1), User(2))))
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(2, 2, 0, User(3), User(4))))
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(3, 2, 0, User(5))));
        using var client = fake.CreateClient();

        var pages = new List<CccPage<CccUser>>();
        await foreach (var page in client.ListUsersAsync(new ListUsersRequest { SearchPattern = "u" }).AsPages(2))
        {
            pages.Add(page);
        }

        Assert.Equal([1, 2, 3], pages.Select(p => p.PageNumber));
        Assert.Equal(5, pages.Sum(p => p.Items.Count));
        Assert.Equal(3, fake.Count);
        Assert.Contains("PageNumber=3", fake.Requests[2].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("PageSize=2", fake.Requests[2].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_stops_when_the_TotalCount_of_page_1_is_reached_even_if_later_pages_report_0()
    {
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(1, 2, 4, User(1), User(2))))
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(2, 2, 0, User(3), User(4))))
            .Then(_ => throw new InvalidOperationException("page 3 must not be requested"));
        using var client = fake.CreateClient();

        var users = new List<CccUser>();
        await foreach (var page in client.ListUsersAsync().AsPages(2))
        {
            users.AddRange(page.Items);
        }

        Assert.Equal(4, users.Count);
        Assert.Equal(2, fake.Count);
    }

    [Fact]
    public async Task Paging_never_asks_beyond_page_100()
    {
        var fake = new FakeCcc { Fallback = r => FakeCcc.Ok(FakeCcc.Page(1, 1, 0, User(1))) };
        using var client = fake.CreateClient();

        int count = 0;
        await foreach (var _ in client.ListSkillGroupsAsync().AsPages(1))
        {
            count++;
        }

        Assert.Equal(100, count);
        Assert.Equal(100, fake.Count);
        Assert.Contains("PageNumber=100", fake.Requests[^1].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enumerating_items_uses_pages_of_100()
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Ok(FakeCcc.Page(1, 100, 1, """{"Number":"0571"}""")) };
        using var client = fake.CreateClient();

        var numbers = new List<PhoneNumber>();
        await foreach (var n in client.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { Active = true }))
        {
            numbers.Add(n);
        }

        Assert.Single(numbers);
        Assert.Contains("PageSize=100", fake.Requests[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("Active=true", fake.Requests[0].PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public void A_page_size_outside_1_to_100_is_rejected_before_any_request(int pageSize)
    {
        var fake = new FakeCcc();
        using var client = fake.CreateClient();

        Assert.Throws<ArgumentOutOfRangeException>(() => client.ListUsersAsync().AsPages(pageSize));
        Assert.Equal(0, fake.Count);
    }

    [Fact]
    public async Task A_failing_page_surfaces_its_exception_from_the_enumeration()
    {
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(1, 1, 0, User(1))))
            .Then(_ => FakeCcc.Error(System.Net.HttpStatusCode.NotFound, "NotExists.InstanceId"));
        using var client = fake.CreateClient();

        await Assert.ThrowsAsync<CccNotFoundException>(async () =>
        {
            await foreach (var _ in client.ListUsersAsync().AsPages(1))
            {
            }
        });
    }

    [Fact]
    public async Task FromPages_fakes_a_pageable_for_tests()
    {
        var pageable = CccPageable<string>.FromPages([new CccPage<string>(["a", "b"], 1, 2, 3, "r1"), new CccPage<string>(["c"], 2, 2, 0, "r2")]);

        var items = new List<string>();
        await foreach (var page in pageable.AsPages(2))
        {
            items.AddRange(page.Items);
        }

        Assert.Equal(["a", "b", "c"], items);
    }
}
