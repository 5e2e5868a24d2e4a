using System.Globalization;
using Ccc.Sdk.Tests.Client;

namespace Ccc.Sdk.Tests.Generated;

/// <summary>
/// The two actions whose page is outside <c>Data</c> (<c>PagedAgentSummaryReport</c>, <c>PagedSkillGroupSummaryReport</c>)
/// page like every other list: <c>PageNumber</c>/<c>PageSize</c> are sent per page and the items come from that field.
/// </summary>
public sealed class PagedOutsideDataTests
{
    private static string AgentPage(int number, int size, int total, params string[] agents)
    {
        string items = string.Join(",", agents.Select(a => "{\"AgentId\":\"" + a + "\",\"Overall\":{\"TotalCalls\":" + a.Length.ToString(CultureInfo.InvariantCulture) + "}}"));
        return $$$"""{"RequestId":"req-{{{number}}}","Code":"OK","HttpStatusCode":200,"Message":"","Success":true,"PagedAgentSummaryReport":{"List":[{{{items}}}],"PageNumber":{{{number}}},"PageSize":{{{size}}},"TotalCount":{{{total}}}""" + "}}";
    }

    [Fact]
    public async Task ListAgentSummaryReportsSinceMidnight_pages_through_PagedAgentSummaryReport()
    {
        var fake = new FakeCcc()
            .ThenJson(AgentPage(1, 2, 3, "a1@ccc-test", "a2@ccc-test"))
            .ThenJson(AgentPage(2, 2, 3, "agent3@ccc-test"));
        using var client = fake.CreateClient();

        var pages = new List<CccPage<ListAgentSummaryReportsSinceMidnightItem>>();
        await foreach (var page in client.ListAgentSummaryReportsSinceMidnightAsync(new ListAgentSummaryReportsSinceMidnightRequest { SkillGroupId = "sales@ccc-test" }).AsPages(2))
        {
            pages.Add(page);
        }

        Assert.Equal(["a1@ccc-test", "a2@ccc-test", "agent3@ccc-test"], pages.SelectMany(p => p.Items).Select(i => i.AgentId));
        Assert.Equal(15L, pages[1].Items[0].Overall!.TotalCalls);
        Assert.Equal([3, 3], pages.Select(p => p.TotalCount));
        Assert.Equal(["req-1", "req-2"], pages.Select(p => p.RequestId));
        Assert.Equal(2, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal("GET", r.Method));
        Assert.Contains("PageNumber=1", fake.Requests[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("PageNumber=2", fake.Requests[1].PathAndQuery, StringComparison.Ordinal);
        Assert.All(fake.Requests, r => Assert.Contains("PageSize=2", r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(fake.Requests, r => Assert.Contains("SkillGroupId=sales%40ccc-test", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListSkillGroupSummaryReportsSinceMidnight_stops_at_a_short_page_and_reads_an_absent_page_as_empty()
    {
        var fake = new FakeCcc()
            .ThenJson("""{"RequestId":"r1","Code":"OK","HttpStatusCode":200,"Success":true,"PagedSkillGroupSummaryReport":{"List":[{"SkillGroupId":"sales@ccc-test"}],"PageNumber":1,"PageSize":20,"TotalCount":1}}""")
            .ThenJson("""{"RequestId":"r2","Code":"OK","HttpStatusCode":200,"Success":true}""");
        using var client = fake.CreateClient();

        var items = new List<ListSkillGroupSummaryReportsSinceMidnightItem>();
        await foreach (var item in client.ListSkillGroupSummaryReportsSinceMidnightAsync())
        {
            items.Add(item);
        }

        Assert.Equal("sales@ccc-test", Assert.Single(items).SkillGroupId);
        Assert.Single(fake.Requests);

        var none = new List<CccPage<ListSkillGroupSummaryReportsSinceMidnightItem>>();
        await foreach (var page in client.ListSkillGroupSummaryReportsSinceMidnightAsync().AsPages())
        {
            none.Add(page);
        }

        Assert.Empty(Assert.Single(none).Items);
        Assert.Equal(0, none[0].TotalCount);
    }

    [Fact]
    public async Task A_page_that_is_not_the_described_shape_is_a_typed_error()
    {
        var fake = new FakeCcc()
            .ThenJson("""{"RequestId":"r1","Code":"OK","HttpStatusCode":200,"PagedAgentSummaryReport":{"List":{"not":"a list"}}}""");
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccServiceException>(async () =>
        {
            await foreach (var item in client.ListAgentSummaryReportsSinceMidnightAsync())
            {
                Assert.Fail("no item expected: " + item.AgentId);
            }
        });
        Assert.Equal("InvalidResponse", ex.Code);
    }
}
