using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>
/// Skill-group administration simulated by the emulator (issue 13), through the generated <see cref="CccClient"/>
/// methods over loopback: answers come from the instance's state, errors carry the cloud's codes.
/// </summary>
public sealed class SkillGroupAdminTests : IAsyncLifetime
{
    private CccEmulator _emulator = null!;
    private CccClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync();
        var options = new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId };
        _client = new CccClient(new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret), options);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GetSkillGroup_returns_the_seeded_group()
    {
        var r = await _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = "support@ccc-local" });

        Assert.Equal("support@ccc-local", r.Value.SkillGroupId);
        Assert.Equal("support", r.Value.Name);
        Assert.Equal("ccc-local", r.Value.InstanceId);
        Assert.Equal("VOICE", r.Value.MediaType);
        Assert.False(string.IsNullOrEmpty(r.RequestId));
    }

    [Fact]
    public async Task GetSkillGroup_of_an_unknown_group_is_NotExists_SkillGroupId()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = "vip@ccc-local" }));

        Assert.Equal("NotExists.SkillGroupId", ex.Code);
        Assert.Equal(404, ex.HttpStatusCode);
    }

    [Fact]
    public async Task ListBriefSkillGroups_lists_the_groups_with_counts_and_filters_by_pattern()
    {
        var all = await Collect(_client.ListBriefSkillGroupsAsync());
        var sales = Assert.Single(await Collect(_client.ListBriefSkillGroupsAsync(new ListBriefSkillGroupsRequest { SearchPattern = "sal" })));

        Assert.Equal(["sales@ccc-local", "support@ccc-local"], all.Select(g => g.SkillGroupId).Order());
        Assert.Equal("sales@ccc-local", sales.SkillGroupId);
        Assert.Equal("sales", sales.SkillGroupName);
        Assert.Equal(2, sales.UserCount);
        Assert.Equal(3, sales.PhoneNumberCount);
    }

    [Fact]
    public async Task ListBriefSkillGroups_with_an_unmatched_media_type_is_empty()
    {
        var none = await Collect(_client.ListBriefSkillGroupsAsync(new ListBriefSkillGroupsRequest { MediaType = "CHAT" }));

        Assert.Empty(none);
    }

    [Fact]
    public async Task CreateSkillGroup_adds_a_group_that_GetSkillGroup_then_returns()
    {
        var created = await _client.CreateSkillGroupAsync(new CreateSkillGroupRequest { Name = "vip", DisplayName = "VIP line", Description = "Gold customers" });
        var got = await _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = created.Value.SkillGroupId });

        Assert.Equal("vip@ccc-local", created.Value.SkillGroupId);
        Assert.Equal("VOICE", created.Value.MediaType);
        Assert.Equal("VIP line", got.Value.DisplayName);
        Assert.Equal("Gold customers", got.Value.Description);
    }

    [Fact]
    public async Task CreateSkillGroup_with_a_taken_name_is_AlreadyExists_SkillGroupId()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => _client.CreateSkillGroupAsync(new CreateSkillGroupRequest { Name = "sales", DisplayName = "Sales again" }));

        Assert.Equal("AlreadyExists.SkillGroupId", ex.Code);
        Assert.Equal(409, ex.HttpStatusCode);
    }

    [Fact]
    public async Task ModifySkillGroup_changes_display_name_and_description_only_where_given()
    {
        await _client.ModifySkillGroupAsync(new ModifySkillGroupRequest { SkillGroupId = "sales@ccc-local", DisplayName = "Sales team" });
        var afterName = await _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = "sales@ccc-local" });
        await _client.ModifySkillGroupAsync(new ModifySkillGroupRequest { SkillGroupId = "sales@ccc-local", Description = "New leads" });
        var afterDescription = await _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = "sales@ccc-local" });

        Assert.Equal("Sales team", afterName.Value.DisplayName);
        Assert.Equal("Sales team", afterDescription.Value.DisplayName);
        Assert.Equal("New leads", afterDescription.Value.Description);
    }

    [Fact]
    public async Task ModifySkillGroup_of_an_unknown_group_is_NotExists_SkillGroupId()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => _client.ModifySkillGroupAsync(new ModifySkillGroupRequest { SkillGroupId = "vip@ccc-local", DisplayName = "x" }));

        Assert.Equal("NotExists.SkillGroupId", ex.Code);
    }

    [Fact]
    public async Task DeleteSkillGroup_removes_an_unused_group()
    {
        await _client.CreateSkillGroupAsync(new CreateSkillGroupRequest { Name = "temp", DisplayName = "Temp" });

        await _client.DeleteSkillGroupAsync(new DeleteSkillGroupRequest { SkillGroupId = "temp@ccc-local" });

        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = "temp@ccc-local" }));
        Assert.Equal("NotExists.SkillGroupId", ex.Code);
    }

    [Fact]
    public async Task DeleteSkillGroup_in_use_is_InUse_SkillGroup_and_the_group_stays()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => _client.DeleteSkillGroupAsync(new DeleteSkillGroupRequest { SkillGroupId = "support@ccc-local" }));
        var still = await _client.GetSkillGroupAsync(new GetSkillGroupRequest { SkillGroupId = "support@ccc-local" });

        Assert.Equal("InUse.SkillGroup", ex.Code);
        Assert.Equal(400, ex.HttpStatusCode);
        Assert.Equal("support@ccc-local", still.Value.SkillGroupId);
    }

    [Fact]
    public async Task DeleteSkillGroup_with_Force_drops_memberships_and_number_bindings()
    {
        await _client.DeleteSkillGroupAsync(new DeleteSkillGroupRequest { SkillGroupId = "support@ccc-local", Force = true });

        var groups = await Collect(_client.ListBriefSkillGroupsAsync());
        var inSupport = await Collect(_client.ListUsersAsync(new ListUsersRequest { SkillGroupId = "support@ccc-local" }));
        Assert.Equal(["sales@ccc-local"], groups.Select(g => g.SkillGroupId));
        Assert.Empty(inSupport);
    }

    [Fact]
    public async Task DeleteSkillGroup_of_an_unknown_group_is_NotExists_SkillGroupId()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => _client.DeleteSkillGroupAsync(new DeleteSkillGroupRequest { SkillGroupId = "vip@ccc-local" }));

        Assert.Equal("NotExists.SkillGroupId", ex.Code);
        Assert.Equal(404, ex.HttpStatusCode);
    }

    [Fact]
    public async Task AddUsersToSkillGroup_adds_agents_with_their_levels_and_ListUserLevelsOfSkillGroup_shows_them()
    {
        await _client.AddUsersToSkillGroupAsync(new AddUsersToSkillGroupRequest
        {
            SkillGroupId = "support@ccc-local",
            UserSkillLevelList = """[{"userId":"agent2@ccc-local","skillLevel":7}]""",
        });

        var members = await Collect(_client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = "support@ccc-local", IsMember = true }));
        var others = await Collect(_client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = "support@ccc-local", IsMember = false }));
        var bob = members.Single(m => m.UserId == "agent2@ccc-local");
        Assert.Equal(7, bob.SkillLevel);
        Assert.Equal("support", bob.SkillGroupName);
        Assert.Equal("agent2", bob.LoginName);
        Assert.DoesNotContain(others, o => o.UserId == "agent2@ccc-local");
        Assert.All(others, o => Assert.Equal(0, o.SkillLevel));
    }

    [Fact]
    public async Task ListUserLevelsOfSkillGroup_returns_the_seeded_members_and_filters_by_pattern()
    {
        var sales = await Collect(_client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = "sales@ccc-local", IsMember = true }));
        var bob = await Collect(_client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = "sales@ccc-local", IsMember = true, SearchPattern = "Bob" }));

        Assert.Equal(["agent1@ccc-local", "agent2@ccc-local"], sales.Select(m => m.UserId).Order());
        Assert.Equal(5, sales.Single(m => m.UserId == "agent1@ccc-local").SkillLevel);
        Assert.Equal("agent2@ccc-local", Assert.Single(bob).UserId);
    }

    [Fact]
    public async Task AddUsersToSkillGroup_with_an_unknown_user_changes_nothing_and_is_NotExists_UserId()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(() => _client.AddUsersToSkillGroupAsync(new AddUsersToSkillGroupRequest
        {
            SkillGroupId = "support@ccc-local",
            UserSkillLevelList = """[{"userId":"agent2@ccc-local","skillLevel":7},{"userId":"ghost@ccc-local","skillLevel":3}]""",
        }));
        var members = await Collect(_client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = "support@ccc-local", IsMember = true }));

        Assert.Equal("NotExists.UserId", ex.Code);
        Assert.DoesNotContain(members, m => m.UserId == "agent2@ccc-local");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""[{"skillLevel":3}]""")]
    [InlineData("""[{"userId":"agent2@ccc-local","skillLevel":11}]""")]
    public async Task AddUsersToSkillGroup_with_a_bad_UserSkillLevelList_is_a_Parameter_error(string list)
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(() => _client.AddUsersToSkillGroupAsync(new AddUsersToSkillGroupRequest
        {
            SkillGroupId = "support@ccc-local",
            UserSkillLevelList = list,
        }));

        Assert.StartsWith("Parameter.", ex.Code, StringComparison.Ordinal);
        Assert.Equal(400, ex.HttpStatusCode);
    }

    [Fact]
    public async Task RemoveUsersFromSkillGroup_removes_the_agents_and_unknown_groups_are_NotExists_SkillGroupId()
    {
        await _client.RemoveUsersFromSkillGroupAsync(new RemoveUsersFromSkillGroupRequest { SkillGroupId = "sales@ccc-local", UserIdList = """["agent1@ccc-local"]""" });
        var members = await Collect(_client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = "sales@ccc-local", IsMember = true }));
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            () => _client.RemoveUsersFromSkillGroupAsync(new RemoveUsersFromSkillGroupRequest { SkillGroupId = "vip@ccc-local", UserIdList = """["agent1@ccc-local"]""" }));

        Assert.Equal(["agent2@ccc-local"], members.Select(m => m.UserId));
        Assert.Equal("NotExists.SkillGroupId", ex.Code);
    }

    [Fact]
    public async Task ListUserLevelsOfSkillGroup_of_an_unknown_group_is_NotExists_SkillGroupId()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(
            async () => await Collect(_client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = "vip@ccc-local", IsMember = true })));

        Assert.Equal("NotExists.SkillGroupId", ex.Code);
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
