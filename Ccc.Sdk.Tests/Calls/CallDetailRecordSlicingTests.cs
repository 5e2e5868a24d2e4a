using System.Globalization;
using System.Net;
using Ccc.Sdk.Tests.Client;
using Microsoft.AspNetCore.WebUtilities;

namespace Ccc.Sdk.Tests.Calls;

/// <summary>ListCallDetailRecords over a window holding more than the cloud's 100-page cap.</summary>
public sealed class CallDetailRecordSlicingTests
{
    private static readonly DateTimeOffset DayStart = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero); // 00:00 China time

    /// <summary>A fake service that behaves like the cloud: inclusive StartTime/EndTime filter, 100-page cap, TotalCount on page 1 only.</summary>
    private sealed class CappedCdrService
    {
        public CappedCdrService(int count)
        {
            // Three records share each millisecond, so slice boundaries fall between records of the same time.
            Records = Enumerable.Range(0, count)
                .Select(i => (Id: "job-" + i.ToString("D6", CultureInfo.InvariantCulture), Start: DayStart.ToUnixTimeMilliseconds() + (i / 3 * 7_919L)))
                .ToList();
        }

        public List<(string Id, long Start)> Records { get; }

        public int Requests { get; private set; }

        public int HighestPage { get; private set; }

        public HttpResponseMessage Answer(SeenRequest seen)
        {
            Requests++;
            var q = QueryHelpers.ParseQuery(new Uri("http://x" + seen.PathAndQuery).Query);
            int number = int.Parse(q["PageNumber"]!, CultureInfo.InvariantCulture);
            int size = int.Parse(q["PageSize"]!, CultureInfo.InvariantCulture);
            HighestPage = Math.Max(HighestPage, number);
            if (number is < 1 or > 100 || size is < 1 or > 100)
            {
                return FakeCcc.Error(HttpStatusCode.BadRequest, "Parameter.Maximum", "PageNumber or PageSize out of range");
            }

            long start = q.TryGetValue("StartTime", out var s) ? long.Parse(s!, CultureInfo.InvariantCulture) : DayStart.ToUnixTimeMilliseconds();
            long end = q.TryGetValue("EndTime", out var e) ? long.Parse(e!, CultureInfo.InvariantCulture) : long.MaxValue;
            bool ascending = q.TryGetValue("SortOrder", out var o) && o == "ASC";
            var matching = Records.Where(r => r.Start >= start && r.Start <= end);
            var ordered = (ascending ? matching.OrderBy(r => r.Start) : matching.OrderByDescending(r => r.Start)).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            var items = ordered.Skip((number - 1) * size).Take(size)
                .Select(r => $$"""{"ContactId":"{{r.Id}}","StartTime":{{r.Start}},"CallDuration":"12","ContactDisposition":"Success"}""")
                .ToArray();
            return FakeCcc.Ok(FakeCcc.Page(number, size, number == 1 ? ordered.Count : 0, items));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ASC")]
    public async Task A_window_over_the_100_page_cap_is_sliced_by_time_and_every_record_comes_exactly_once_in_StartTime_order(string? sortOrder)
    {
        var service = new CappedCdrService(2_600); // page size 10 → the cap is 1 000 records per query
        var fake = new FakeCcc { Fallback = service.Answer };
        using var client = fake.CreateClient();

        var records = new List<CallDetailRecord>();
        await foreach (var page in client.ListCallDetailRecordsAsync(new ListCallDetailRecordsRequest
        {
            StartTime = DayStart,
            EndTime = DayStart.AddDays(1).AddMilliseconds(-1),
            SortOrder = sortOrder,
        }).AsPages(10))
        {
            records.AddRange(page.Items);
        }

        Assert.Equal(2_600, records.Count);
        Assert.Equal(2_600, records.Select(r => r.ContactId).Distinct().Count());
        Assert.True(service.HighestPage <= 100);
        var starts = records.Select(r => r.StartTime!.Value).ToList();
        var expected = sortOrder == "ASC" ? starts.Order().ToList() : starts.OrderDescending().ToList();
        Assert.Equal(expected, starts);
        Assert.Equal(TimeSpan.FromSeconds(12), records[0].CallDuration);
    }

    [Fact]
    public async Task A_window_under_the_cap_is_read_with_one_query_and_no_slicing()
    {
        var service = new CappedCdrService(250);
        var fake = new FakeCcc { Fallback = service.Answer };
        using var client = fake.CreateClient();

        int count = 0;
        await foreach (var _ in client.ListCallDetailRecordsAsync(new ListCallDetailRecordsRequest { StartTime = DayStart, EndTime = DayStart.AddDays(1) }))
        {
            count++;
        }

        Assert.Equal(250, count);
        Assert.Equal(3, service.Requests); // pages of 100, 100, 50
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_throws_before_any_request()
    {
        var fake = new FakeCcc();
        using var client = fake.CreateClient();

        Assert.Throws<ArgumentException>(() => client.ListCallDetailRecordsAsync(new ListCallDetailRecordsRequest { StartTime = DayStart, EndTime = DayStart.AddHours(-1) }));
        Assert.Equal(0, fake.Count);
    }
}
