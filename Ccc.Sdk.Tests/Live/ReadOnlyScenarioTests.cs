using Xunit.Abstractions;
using System.Globalization;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Live;

/// <summary>
/// What a user would run against their own instance, read-only: written to pass against any instance (they assert
/// shapes and invariants, never seed data). They run against the instance the <c>CCC_LIVE_*</c> variables configure
/// (CI: an emulator out of process), else against an embedded emulator; each writes its target to the test output.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class ReadOnlyScenarioTests
{
    private readonly LiveFixture _live;

    public ReadOnlyScenarioTests(LiveFixture live, ITestOutputHelper output)
    {
        _live = live;
        live.Announce(output);
    }

    private CccClient Client => _live.Client;

    [Fact]
    public async Task ListUsers_pages_consistently_and_every_user_has_a_UserId()
    {
        var pages = await LiveHelpers.Collect(Client.ListUsersAsync().AsPages(pageSize: 2), max: 3);

        Assert.NotEmpty(pages); // an instance always has its administrator
        int total = pages[0].TotalCount;
        Assert.True(total >= 1, $"TotalCount {total}");
        for (int i = 0; i < pages.Count; i++)
        {
            Assert.Equal(i + 1, pages[i].PageNumber);
            Assert.Equal(total, pages[i].TotalCount);
            Assert.InRange(pages[i].Items.Count, 1, 2);
            Assert.False(string.IsNullOrEmpty(pages[i].RequestId));
        }

        var ids = pages.SelectMany(p => p.Items).Select(u => u.UserId).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Math.Min(total, 6), ids.Count); // pages are full until the total is reached

        // The same users, whatever the page size: page 1 of 6 holds exactly what pages 1 to 3 of 2 held.
        var wide = Assert.Single(await LiveHelpers.Collect(Client.ListUsersAsync().AsPages(pageSize: 6), max: 1));
        Assert.Equal(ids.Order(StringComparer.Ordinal), wide.Items.Select(u => u.UserId).Order(StringComparer.Ordinal));
        Assert.Equal(total, wide.TotalCount);
    }

    [Fact]
    public async Task GetUser_of_a_listed_user_returns_that_user_by_id_and_by_extension()
    {
        var listed = await LiveHelpers.Collect(Client.ListUsersAsync(), max: 5);
        Assert.NotEmpty(listed);

        foreach (var user in listed)
        {
            var byId = await Client.GetUserAsync(new GetUserRequest { UserId = user.UserId });
            Assert.Equal(user.UserId, byId.Value.UserId);
            Assert.Equal(user.DisplayName, byId.Value.DisplayName);
            Assert.Equal(user.Extension, byId.Value.Extension);
            Assert.False(string.IsNullOrEmpty(byId.RequestId));

            if (!string.IsNullOrEmpty(user.Extension))
            {
                var byExtension = await Client.GetUserAsync(new GetUserRequest { Extension = user.Extension });
                Assert.Equal(user.UserId, byExtension.Value.UserId);
            }
        }
    }

    [Fact]
    public async Task ListSkillGroups_lists_distinct_groups_and_users_belong_only_to_listed_groups()
    {
        var groups = await LiveHelpers.Collect(Client.ListSkillGroupsAsync(), max: 1000);
        var groupIds = groups.Select(g => g.SkillGroupId).ToList();
        Assert.All(groupIds, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.Equal(groupIds.Count, groupIds.Distinct(StringComparer.Ordinal).Count());
        Assert.All(groups, g => Assert.True(g.UserCount is null or >= 0 && g.PhoneNumberCount is null or >= 0, $"{g.SkillGroupId}: negative count"));

        if (groups.Count >= 1000)
        {
            return; // a larger instance: membership below would need every group
        }

        // ListSkillLevelsOfUser (sent as an ApiRequest: the raw path must work against a live target too) names only groups ListSkillGroups lists,
        // and agrees with the skill levels ListUsers reports for the same user.
        var users = await LiveHelpers.Collect(Client.ListUsersAsync(), max: 3);
        foreach (var user in users)
        {
            var response = await Client.SendAsync(new ApiRequest("ListSkillLevelsOfUser")
                .With("UserId", user.UserId).With("PageNumber", "1").With("PageSize", "100"));
            var levels = response.Value.GetProperty("List").EnumerateArray()
                .Select(l => l.GetProperty("SkillGroupId").GetString()).ToList();
            Assert.All(levels, id => Assert.Contains(id, groupIds));
            Assert.Equal(levels.Count, levels.Distinct(StringComparer.Ordinal).Count());
            if (user.SkillLevelList is { } listedLevels && levels.Count < 100)
            {
                Assert.Equal(listedLevels.Select(l => l.SkillGroupId).Order(StringComparer.Ordinal), levels.Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public async Task ListPhoneNumbers_filters_by_usage_and_GetNumberLocation_answers_for_a_listed_number()
    {
        var numbers = await LiveHelpers.Collect(Client.ListPhoneNumbersAsync(), max: 300);
        var values = numbers.Select(n => n.Number).ToList();
        Assert.All(values, n => Assert.False(string.IsNullOrWhiteSpace(n)));
        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());

        foreach (string usage in numbers.Select(n => n.Usage).OfType<string>().Distinct(StringComparer.Ordinal).Take(3))
        {
            var filtered = await LiveHelpers.Collect(Client.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { Usage = usage }), max: 300);
            Assert.NotEmpty(filtered);
            Assert.All(filtered, n => Assert.Equal(usage, n.Usage));
        }

        foreach (var number in numbers.Take(3))
        {
            var location = await Client.GetNumberLocationAsync(new GetNumberLocationRequest { Number = number.Number });
            Assert.Equal(number.Number, location.Value.Number);
            Assert.NotNull(location.Value.Province);
            Assert.NotNull(location.Value.City);
        }
    }

    [Fact]
    public async Task ListRealtimeAgentStates_reports_each_agent_once_and_filters_by_agent()
    {
        var states = await LiveHelpers.Collect(Client.ListRealtimeAgentStatesAsync(), max: 1000);
        Assert.All(states, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.AgentId));
            Assert.False(string.IsNullOrWhiteSpace(s.State), $"{s.AgentId} has no State");
            Assert.True(s.Duration is null or >= 0, $"{s.AgentId}: negative Duration");
        });
        Assert.Equal(states.Count, states.Select(s => s.AgentId).Distinct(StringComparer.Ordinal).Count());

        var users = await LiveHelpers.Collect(Client.ListUsersAsync(), max: 2);
        var wanted = users.Select(u => u.UserId!).ToList();
        var filtered = await LiveHelpers.Collect(Client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = wanted }));
        Assert.All(filtered, s => Assert.Contains(s.AgentId, wanted));
    }

    [Fact]
    public async Task ListRealtimeAgentStates_StateTime_is_when_the_state_started()
    {
        var before = DateTimeOffset.UtcNow;
        var states = await LiveHelpers.Collect(Client.ListRealtimeAgentStatesAsync(), max: 200);
        foreach (var state in states.Where(s => s.StateTime is not null))
        {
            // Epoch milliseconds of the state's start: not a duration read as a date in 1970, not in the future.
            Assert.InRange(state.StateTime!.Value, new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), before.AddMinutes(15));
        }
    }

    [Fact]
    public async Task ListCallDetailRecords_in_a_recent_window_returns_records_of_that_window_that_GetCallDetailRecord_finds()
    {
        var end = DateTimeOffset.UtcNow;
        var start = end.AddDays(-2);
        var records = await LiveHelpers.Collect(Client.ListCallDetailRecordsAsync(new ListCallDetailRecordsRequest { StartTime = start, EndTime = end }), max: 200);

        Assert.All(records, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.ContactId));
            Assert.NotNull(r.StartTime);
            Assert.InRange(r.StartTime!.Value, start.AddMinutes(-1), end.AddMinutes(1));
            Assert.True(r.CallDuration is null || r.CallDuration >= TimeSpan.Zero, $"{r.ContactId}: negative CallDuration");
        });
        Assert.Equal(records.Count, records.Select(r => r.ContactId).Distinct(StringComparer.Ordinal).Count());

        foreach (var record in records.Take(2))
        {
            var details = await Client.GetCallDetailRecordAsync(record.ContactId!);
            Assert.Equal(record.ContactId, details.Value.ContactId);
        }
    }

    [Fact]
    public async Task ListOutboundNumbersOfUser_lists_distinct_numbers_for_listed_users()
    {
        var users = await LiveHelpers.Collect(Client.ListUsersAsync(), max: 3);
        foreach (var user in users)
        {
            var numbers = await LiveHelpers.Collect(Client.ListOutboundNumbersOfUserAsync(new ListOutboundNumbersOfUserRequest { UserId = user.UserId }), max: 300);
            var values = numbers.Select(n => n.Number).ToList();
            Assert.All(values, n => Assert.False(string.IsNullOrWhiteSpace(n)));
            Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public async Task Read_answers_have_exactly_the_fields_and_JSON_types_of_the_cloud_description()
    {
        var users = await LiveHelpers.Collect(Client.ListUsersAsync(), max: 1);
        string userId = Assert.Single(users).UserId!;
        var numbers = await LiveHelpers.Collect(Client.ListPhoneNumbersAsync(), max: 1);
        string end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        string start = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        List<ApiRequest> requests =
        [
            Paged("ListUsers"),
            new ApiRequest("GetUser").With("UserId", userId),
            Paged("ListSkillGroups"),
            Paged("ListSkillLevelsOfUser").With("UserId", userId),
            Paged("ListPhoneNumbers"),
            Paged("ListOutboundNumbersOfUser").With("UserId", userId),
            Paged("ListRealtimeAgentStates"),
            Paged("ListCallDetailRecords").With("StartTime", start).With("EndTime", end),
            Paged("ListCallDetailRecordsV2").With("StartTime", start).With("EndTime", end),
        ];
        if (numbers.Count > 0)
        {
            requests.Add(new ApiRequest("GetNumberLocation").With("Number", numbers[0].Number));
        }

        var violations = new List<string>();
        foreach (var request in requests)
        {
            var response = await Client.SendAsync(request);
            violations.AddRange(DescriptionShape.Violations(request.Action, response.RawContent!));
            if (request.Action == "ListCallDetailRecords" && response.Value.ValueKind == JsonValueKind.Object
                && response.Value.GetProperty("List").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first)
            {
                var details = await Client.SendAsync(new ApiRequest("GetCallDetailRecord").With("ContactId", first.GetProperty("ContactId").GetString()));
                violations.AddRange(DescriptionShape.Violations("GetCallDetailRecord", details.RawContent!));
            }
        }

        Assert.True(violations.Count == 0, "Answers outside the cloud's description:\n  " + string.Join("\n  ", violations));

        static ApiRequest Paged(string action) => new ApiRequest(action).With("PageNumber", "1").With("PageSize", "10");
    }
}
