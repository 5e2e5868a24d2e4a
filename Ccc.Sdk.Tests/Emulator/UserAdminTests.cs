using Ccc.Sdk.Tests.Calls;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>
/// Users administration simulated by the emulator (issue 13), through the generated <see cref="CccClient"/> methods
/// over loopback: ModifyUser, RemoveUsers, ResetUserPassword, ListRoles, ListPrivilegesOfUser and the skill-level
/// actions from the user's and from the group's side, with routing seeing each change at once.
/// </summary>
public sealed class UserAdminTests : EmulatorCallTestBase
{
    private const string Agent2 = "agent2@ccc-local";
    private const string Agent3 = "agent3@ccc-local";
    private const string Support = "support@ccc-local";

    [Fact]
    public async Task ModifyUser_changes_only_the_given_fields_and_GetUser_shows_them()
    {
        await Client.ModifyUserAsync(new ModifyUserRequest { UserId = Agent2, WorkMode = "ON_SITE", DisplayName = "Robert Li", RoleId = "Operator@ccc-local" });

        var user = (await Client.GetUserAsync(new GetUserRequest { UserId = Agent2 })).Value;
        Assert.Equal(("Robert Li", "Operator@ccc-local", "Operator"), (user.DisplayName, user.RoleId, user.RoleName));
        Assert.Equal(("13900000002", "agent2@example.com", "1002"), (user.Mobile, user.Email, user.DisplayId));
    }

    [Fact]
    public async Task ModifyUser_with_an_unknown_role_is_NotExists_RoleId_and_changes_nothing()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.ModifyUserAsync(new ModifyUserRequest { UserId = Agent2, WorkMode = "ON_SITE", DisplayName = "X", RoleId = "Boss@ccc-local" }));

        Assert.Equal(("NotExists.RoleId", 404), (ex.Code, ex.HttpStatusCode));
        Assert.Equal("Bob Li", (await Client.GetUserAsync(new GetUserRequest { UserId = Agent2 })).Value.DisplayName);
    }

    [Fact]
    public async Task ModifyUser_changing_a_signed_in_agents_work_mode_needs_Force()
    {
        await Ready(Agent2);

        var ex = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.ModifyUserAsync(new ModifyUserRequest { UserId = Agent2, WorkMode = "OFFICE_PHONE" }));
        await Client.ModifyUserAsync(new ModifyUserRequest { UserId = Agent2, WorkMode = "OFFICE_PHONE", Force = true });

        Assert.Equal("UserStateNotAllowed", ex.Code);
        Assert.Equal("OFFICE_PHONE", (await Client.GetUserAsync(new GetUserRequest { UserId = Agent2 })).Value.WorkMode);
    }

    [Fact]
    public async Task RemoveUsers_removes_an_offline_user_and_its_personal_numbers_return_to_the_instance()
    {
        await Client.AddPersonalNumbersToUserAsync(new AddPersonalNumbersToUserRequest { UserId = Agent3, NumberList = "[\"17150000003\"]" });

        await Client.RemoveUsersAsync(new RemoveUsersRequest { UserIdList = $"[\"{Agent3}\"]" });

        var ex = await Assert.ThrowsAnyAsync<CccException>(() => Client.GetUserAsync(new GetUserRequest { UserId = Agent3 }));
        Assert.Equal("NotExists.UserId", ex.Code);
        var users = await Collect(Client.ListUsersAsync());
        Assert.DoesNotContain(users, u => u.UserId == Agent3);
        Assert.Equal(3, users.Count);
        var number = (await Collect(Client.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { SearchPattern = "17150000003" }))).Single();
        Assert.True(string.IsNullOrEmpty(number.UserId), number.UserId);
        await Client.AddPersonalNumbersToUserAsync(new AddPersonalNumbersToUserRequest { UserId = Agent2, NumberList = "[\"17150000003\"]" }); // free for another agent
    }

    [Fact]
    public async Task RemoveUsers_refuses_a_signed_in_agent_without_Force_and_signs_it_out_with_Force()
    {
        await Ready(Agent2);

        var refused = await Assert.ThrowsAnyAsync<CccException>(() => Client.RemoveUsersAsync(new RemoveUsersRequest { UserIdList = $"[\"{Agent3}\",\"{Agent2}\"]" }));
        var stillThere = await Collect(Client.ListUsersAsync());
        await Client.RemoveUsersAsync(new RemoveUsersRequest { UserIdList = $"[\"{Agent2}\"]", Force = true });

        Assert.Equal(("UserStateNotAllowed", 400), (refused.Code, refused.HttpStatusCode));
        Assert.Contains(stillThere, u => u.UserId == Agent3); // nobody was removed by the refused request
        Assert.DoesNotContain(await Collect(Client.ListUsersAsync()), u => u.UserId == Agent2);
    }

    [Fact]
    public async Task RemoveUsers_refuses_an_agent_on_a_call_even_with_Force()
    {
        await Ready(Agent2);
        await Inbound("13900000002", BeijingLine);

        var ex = await Assert.ThrowsAnyAsync<CccException>(() => Client.RemoveUsersAsync(new RemoveUsersRequest { UserIdList = $"[\"{Agent2}\"]", Force = true }));

        Assert.Equal("UserStateNotAllowed", ex.Code);
        Assert.Contains("on a call", ex.Message, StringComparison.Ordinal);
        Assert.Equal("RINGING", UserStateOf(Agent2));
    }

    [Fact]
    public async Task RemoveUsers_of_an_unknown_user_is_NotExists_UserId()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(() => Client.RemoveUsersAsync(new RemoveUsersRequest { UserIdList = "[\"ghost@ccc-local\"]" }));

        Assert.Equal(("NotExists.UserId", 404), (ex.Code, ex.HttpStatusCode));
    }

    [Fact]
    public async Task ResetUserPassword_accepts_a_good_password_and_refuses_a_weak_one_without_echoing_it()
    {
        await Client.ResetUserPasswordAsync(new ResetUserPasswordRequest { UserId = Agent2, Password = "Str0ngPassw0rd" });

        var ex = await Assert.ThrowsAnyAsync<CccException>(() => Client.ResetUserPasswordAsync(new ResetUserPasswordRequest { UserId = Agent2, Password = "weakpass" }));
        var unknown = await Assert.ThrowsAnyAsync<CccException>(() => Client.ResetUserPasswordAsync(new ResetUserPasswordRequest { UserId = "ghost@ccc-local", Password = "Str0ngPassw0rd" }));

        Assert.Equal("Parameter.Format", ex.Code);
        Assert.DoesNotContain("weakpass", ex.Message, StringComparison.Ordinal);
        Assert.Equal("NotExists.UserId", unknown.Code);
    }

    [Fact]
    public async Task ListRoles_lists_the_instances_roles()
    {
        var roles = (await Client.ListRolesAsync()).Value;

        Assert.Equal(
            [("Admin@ccc-local", "Admin"), ("Agent@ccc-local", "Agent"), ("Operator@ccc-local", "Operator")],
            roles.Select(r => (r.RoleId!, r.Name!)));
    }

    [Fact]
    public async Task ListPrivilegesOfUser_follows_the_calling_agents_role()
    {
        using var agentClient = CreateAgentClient(Agent2);

        var asAgent = (await agentClient.ListPrivilegesOfUserAsync()).Value;
        var asAdmin = (await Client.ListPrivilegesOfUserAsync()).Value;
        await Client.ModifyUserAsync(new ModifyUserRequest { UserId = Agent2, WorkMode = "ON_SITE", RoleId = "Admin@ccc-local" });
        var promoted = (await agentClient.ListPrivilegesOfUserAsync()).Value;

        Assert.Equal(["UseWorkbench", "ReadOwnCallRecords", "ReadOwnRecordings"], asAgent.Select(p => p.Name!));
        Assert.All(asAgent, p => Assert.Equal(("Self", "ccc-local"), (p.Scope, p.InstanceId)));
        Assert.Contains(asAdmin, p => p.Name == "ManageUsers" && p.Scope == "Instance");
        Assert.Equal(asAdmin.Select(p => p.Name), promoted.Select(p => p.Name));
    }

    [Fact]
    public async Task AddSkillGroupsToUser_and_ModifySkillLevelsOfUser_show_in_ListSkillLevelsOfUser()
    {
        await Client.AddSkillGroupsToUserAsync(new AddSkillGroupsToUserRequest { UserId = Agent3, SkillLevelList = $$"""[{"skillGroupId":"{{Sales}}","skillLevel":4}]""" });
        await Client.ModifySkillLevelsOfUserAsync(new ModifySkillLevelsOfUserRequest { UserId = Agent3, SkillLevelList = $$"""[{"skillGroupId":"{{Support}}","skillLevel":2}]""" });

        var levels = await Collect(Client.ListSkillLevelsOfUserAsync(new ListSkillLevelsOfUserRequest { UserId = Agent3 }));
        Assert.Equal([(Sales, "4"), (Support, "2")], levels.Select(l => (l.SkillGroupId!, l.SkillLevel!)).Order());
    }

    [Fact]
    public async Task ModifySkillLevelsOfUser_for_a_group_the_agent_is_not_in_is_Permission_SkillGroup()
    {
        var ex = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.ModifySkillLevelsOfUserAsync(new ModifySkillLevelsOfUserRequest { UserId = Agent3, SkillLevelList = $$"""[{"skillGroupId":"{{Sales}}","skillLevel":2}]""" }));

        Assert.Equal(("Permission.SkillGroup", 403), (ex.Code, ex.HttpStatusCode));
    }

    [Fact]
    public async Task AddSkillGroupsToUser_with_an_unknown_group_or_a_level_out_of_range_is_refused()
    {
        var unknown = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.AddSkillGroupsToUserAsync(new AddSkillGroupsToUserRequest { UserId = Agent3, SkillLevelList = """[{"skillGroupId":"vip@ccc-local","skillLevel":2}]""" }));
        var range = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.AddSkillGroupsToUserAsync(new AddSkillGroupsToUserRequest { UserId = Agent3, SkillLevelList = $$"""[{"skillGroupId":"{{Sales}}","skillLevel":11}]""" }));
        var notJson = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.AddSkillGroupsToUserAsync(new AddSkillGroupsToUserRequest { UserId = Agent3, SkillLevelList = "sales" }));

        Assert.Equal("NotExists.SkillGroupId", unknown.Code);
        Assert.Equal("Parameter.Maximum", range.Code);
        Assert.Equal("Parameter.Format", notJson.Code);
    }

    [Fact]
    public async Task ModifyUserLevelsOfSkillGroup_changes_the_members_levels_and_refuses_non_members()
    {
        await Client.ModifyUserLevelsOfSkillGroupAsync(new ModifyUserLevelsOfSkillGroupRequest { SkillGroupId = Sales, UserLevelList = $$"""[{"userId":"{{Agent2}}","skillLevel":1}]""" });
        var ex = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.ModifyUserLevelsOfSkillGroupAsync(new ModifyUserLevelsOfSkillGroupRequest { SkillGroupId = Sales, UserLevelList = $$"""[{"userId":"{{Agent3}}","skillLevel":1}]""" }));

        var members = await Collect(Client.ListUserLevelsOfSkillGroupAsync(new ListUserLevelsOfSkillGroupRequest { SkillGroupId = Sales, IsMember = true }));
        Assert.Equal(1, members.Single(m => m.UserId == Agent2).SkillLevel);
        Assert.Equal(5, members.Single(m => m.UserId == Agent1).SkillLevel);
        Assert.Equal("Permission.SkillGroup", ex.Code);
    }

    [Fact]
    public async Task RemoveSkillGroupsFromUser_drops_the_membership_and_the_sign_in()
    {
        await Ready(Agent2);

        await Client.RemoveSkillGroupsFromUserAsync(new RemoveSkillGroupsFromUserRequest { UserId = Agent2, SkillGroupIdList = $"[\"{Sales}\"]" });
        await Inbound("13900000002", BeijingLine); // the Beijing line routes to sales only

        Assert.Empty(await Collect(Client.ListSkillLevelsOfUserAsync(new ListSkillLevelsOfUserRequest { UserId = Agent2 })));
        Assert.Equal("READY", UserStateOf(Agent2)); // signed in to nothing it can be offered
    }

    [Fact]
    public async Task Routing_offers_the_call_to_the_strongest_level_first_then_the_longest_idle()
    {
        await Ready(Agent1);
        Advance(1_000);
        await Ready(Agent2); // equal levels (5): agent1, READY longer, would get the call

        await Client.ModifyUserLevelsOfSkillGroupAsync(new ModifyUserLevelsOfSkillGroupRequest { SkillGroupId = Sales, UserLevelList = $$"""[{"userId":"{{Agent2}}","skillLevel":1}]""" });
        await Inbound("13900000002", BeijingLine);

        Assert.Equal(("READY", "RINGING"), (UserStateOf(Agent1), UserStateOf(Agent2)));
    }

    [Fact]
    public async Task Routing_at_equal_levels_still_offers_the_call_to_the_longest_idle()
    {
        await Ready(Agent2);
        Advance(1_000);
        await Ready(Agent1);

        await Inbound("13900000002", BeijingLine);

        Assert.Equal(("READY", "RINGING"), (UserStateOf(Agent1), UserStateOf(Agent2)));
    }

    private const string Agent2KeyId = "LTAIagent2UserAdmin";
    private const string Agent2KeySecret = "agent2-secret-for-tests";

    /// <inheritdoc/>
    protected override void Configure(Ccc.Sdk.Emulator.CccEmulatorOptions options) =>
        options.Credentials.Add(new Ccc.Sdk.Emulator.CccEmulatorCredential { AccessKeyId = Agent2KeyId, AccessKeySecret = Agent2KeySecret, UserId = Agent2 });

    /// <summary>A client whose key acts as agent2 (as a RAM user mapped to its agent).</summary>
    private CccClient CreateAgentClient(string userId)
    {
        Assert.Equal(Agent2, userId);
        return new CccClient(new Ccc.Sdk.Auth.AccessKeyCredential(Agent2KeyId, Agent2KeySecret), new CccClientOptions { Endpoint = Emulator.Endpoint, InstanceId = Emulator.InstanceId });
    }
}
