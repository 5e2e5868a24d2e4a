using Ccc.Sdk.Tests.Calls;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>
/// Numbers of skill groups and personal numbers of users (issue 13), through <see cref="CccClient"/>: the bindings
/// the list actions show, and the next inbound call and MakeCall use at once.
/// </summary>
public sealed class NumberAdminTests : EmulatorCallTestBase
{
    private const string Agent2 = "agent2@ccc-local";
    private const string Agent3 = "agent3@ccc-local";
    private const string Support = "support@ccc-local";
    private const string PartnerLine = "17150000003";
    private const string HotLine = "4001234567";

    [Fact]
    public async Task ListPhoneNumbersOfSkillGroup_lists_the_groups_numbers_or_the_others()
    {
        var members = await Collect(Client.ListPhoneNumbersOfSkillGroupAsync(new ListPhoneNumbersOfSkillGroupRequest { SkillGroupId = Support, IsMember = true }));
        var others = await Collect(Client.ListPhoneNumbersOfSkillGroupAsync(new ListPhoneNumbersOfSkillGroupRequest { SkillGroupId = Support, IsMember = false }));

        Assert.Equal([ShanghaiLine, HotLine], members.Select(n => n.Number!).Order(StringComparer.Ordinal));
        Assert.Equal("Inbound", members.Single(n => n.Number == HotLine).Usage);
        Assert.Equal([BeijingLine, PartnerLine], others.Select(n => n.Number!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddNumbersToSkillGroup_then_RemovePhoneNumbersFromSkillGroup_change_the_groups_numbers()
    {
        await Client.AddNumbersToSkillGroupAsync(new AddNumbersToSkillGroupRequest { SkillGroupId = Support, NumberList = $"[\"{BeijingLine}\"]" });
        var afterAdd = await NumbersOf(Support);
        await Client.RemovePhoneNumbersFromSkillGroupAsync(new RemovePhoneNumbersFromSkillGroupRequest { SkillGroupId = Support, NumberList = $"[\"{BeijingLine}\",\"{ShanghaiLine}\"]" });

        Assert.Contains(BeijingLine, afterAdd);
        Assert.Equal([HotLine], await NumbersOf(Support));
    }

    [Fact]
    public async Task AddPhoneNumberToSkillGroups_and_RemovePhoneNumberFromSkillGroups_bind_one_number_to_several_groups()
    {
        await Client.AddPhoneNumberToSkillGroupsAsync(new AddPhoneNumberToSkillGroupsRequest { Number = HotLine, SkillGroupIdList = $"[\"{Sales}\",\"{Support}\"]" });
        var inSales = await NumbersOf(Sales);
        await Client.RemovePhoneNumberFromSkillGroupsAsync(new RemovePhoneNumberFromSkillGroupsRequest { Number = HotLine, SkillGroupIdList = $"[\"{Support}\"]" });

        Assert.Contains(HotLine, inSales);
        Assert.DoesNotContain(HotLine, await NumbersOf(Support));
        Assert.Contains(HotLine, await NumbersOf(Sales));
    }

    [Fact]
    public async Task Number_actions_with_an_unknown_number_or_group_change_nothing()
    {
        var number = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.AddNumbersToSkillGroupAsync(new AddNumbersToSkillGroupRequest { SkillGroupId = Support, NumberList = $"[\"{BeijingLine}\",\"02000000000\"]" }));
        var group = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.AddPhoneNumberToSkillGroupsAsync(new AddPhoneNumberToSkillGroupsRequest { Number = BeijingLine, SkillGroupIdList = $"[\"{Support}\",\"vip@ccc-local\"]" }));

        Assert.Equal(("NotExists.Number", 404), (number.Code, number.HttpStatusCode));
        Assert.Equal("NotExists.SkillGroupId", group.Code);
        Assert.DoesNotContain(BeijingLine, await NumbersOf(Support));
    }

    [Fact]
    public async Task An_inbound_call_on_a_number_bound_to_a_new_group_routes_to_that_group()
    {
        await Client.RemovePhoneNumbersFromSkillGroupAsync(new RemovePhoneNumbersFromSkillGroupRequest { SkillGroupId = Sales, NumberList = $"[\"{BeijingLine}\"]" });
        await Client.AddNumbersToSkillGroupAsync(new AddNumbersToSkillGroupRequest { SkillGroupId = Support, NumberList = $"[\"{BeijingLine}\"]" });
        await Client.SignInGroupAsync(new SignInGroupRequest { UserId = Agent3, DeviceId = "dev-3", SignedSkillGroupIdList = [Support] });
        await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent3 });
        await Ready(Agent2); // sales only: no longer reachable through the Beijing line

        await Inbound("13900000002", BeijingLine);

        Assert.Equal(("RINGING", "READY"), (UserStateOf(Agent3), UserStateOf(Agent2)));
    }

    [Fact]
    public async Task Personal_numbers_are_added_listed_and_removed()
    {
        var added = await Client.AddPersonalNumbersToUserAsync(new AddPersonalNumbersToUserRequest { UserId = Agent3, NumberList = $"[\"{PartnerLine}\"]" });
        var mine = await Collect(Client.ListPersonalNumbersOfUserAsync(new ListPersonalNumbersOfUserRequest { UserId = Agent3, IsMember = true }));
        var user = (await Collect(Client.ListUsersAsync(new ListUsersRequest { SearchPattern = "agent3" }))).Single();
        await Client.RemovePersonalNumbersFromUserAsync(new RemovePersonalNumbersFromUserRequest { UserId = Agent3, NumberList = $"[\"{PartnerLine}\"]" });

        Assert.Equal([PartnerLine], added.Value);
        Assert.Equal([PartnerLine], mine.Select(n => n.Number!));
        Assert.Equal([PartnerLine], user.PersonalOutboundNumberList!.Select(n => n.Number!));
        Assert.Empty(await Collect(Client.ListPersonalNumbersOfUserAsync(new ListPersonalNumbersOfUserRequest { UserId = Agent3, IsMember = true })));
    }

    [Fact]
    public async Task AddPersonalNumbersToUser_refuses_an_inbound_only_number_and_another_users_number()
    {
        await Client.AddPersonalNumbersToUserAsync(new AddPersonalNumbersToUserRequest { UserId = Agent2, NumberList = $"[\"{PartnerLine}\"]" });

        var inbound = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.AddPersonalNumbersToUserAsync(new AddPersonalNumbersToUserRequest { UserId = Agent3, NumberList = $"[\"{HotLine}\"]" }));
        var taken = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.AddPersonalNumbersToUserAsync(new AddPersonalNumbersToUserRequest { UserId = Agent3, NumberList = $"[\"{PartnerLine}\"]" }));
        var notMine = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.RemovePersonalNumbersFromUserAsync(new RemovePersonalNumbersFromUserRequest { UserId = Agent3, NumberList = $"[\"{PartnerLine}\"]" }));

        Assert.Equal(("Parameter.Invalid", 400), (inbound.Code, inbound.HttpStatusCode));
        Assert.Equal("Parameter.Invalid", taken.Code);
        Assert.Equal("Parameter.Invalid", notMine.Code);
    }

    [Fact]
    public async Task An_outbound_number_removed_from_the_agents_groups_can_no_longer_be_its_caller_id()
    {
        await Ready(Agent2);
        var before = await Collect(Client.ListOutboundNumbersOfUserAsync(new ListOutboundNumbersOfUserRequest { UserId = Agent2 }));

        await Client.RemovePhoneNumbersFromSkillGroupAsync(new RemovePhoneNumbersFromSkillGroupRequest { SkillGroupId = Sales, NumberList = $"[\"{PartnerLine}\"]" });
        var ex = await Assert.ThrowsAnyAsync<CccException>(() =>
            Client.MakeCallAsync(new MakeCallRequest { UserId = Agent2, Callee = "13800000009", Caller = PartnerLine }));
        var after = await Collect(Client.ListOutboundNumbersOfUserAsync(new ListOutboundNumbersOfUserRequest { UserId = Agent2 }));

        Assert.Contains(before, n => n.Number == PartnerLine);
        Assert.DoesNotContain(after, n => n.Number == PartnerLine);
        Assert.Equal(("Parameter.Invalid", 400), (ex.Code, ex.HttpStatusCode));
        Assert.Equal("READY", UserStateOf(Agent2));
    }

    [Fact]
    public async Task A_personal_number_can_be_the_agents_caller_id_even_outside_its_groups()
    {
        await Client.RemovePhoneNumbersFromSkillGroupAsync(new RemovePhoneNumbersFromSkillGroupRequest { SkillGroupId = Sales, NumberList = $"[\"{PartnerLine}\"]" });
        await Client.AddPersonalNumbersToUserAsync(new AddPersonalNumbersToUserRequest { UserId = Agent2, NumberList = $"[\"{PartnerLine}\"]" });
        await Ready(Agent2);

        var made = await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent2, Callee = "13800000009", Caller = PartnerLine });

        Assert.False(string.IsNullOrEmpty(made.Value.CallContext!.JobId));
        Assert.Equal("DIALING", UserStateOf(Agent2));
    }

    private async Task<List<string>> NumbersOf(string skillGroupId) =>
        (await Collect(Client.ListPhoneNumbersOfSkillGroupAsync(new ListPhoneNumbersOfSkillGroupRequest { SkillGroupId = skillGroupId, IsMember = true })))
            .Select(n => n.Number!).ToList();
}
