using System.Net;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>Each implemented action round-trips with the cloud's parameters, Data shape and Params presence.</summary>
public sealed class ActionTests : IAsyncLifetime
{
    private const string Instance = "ccc-local";
    private EmulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await EmulatorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<ApiResponse> Call(string action, params (string, string)[] query) =>
        _h.CallAsync(action, [("InstanceId", Instance), .. query]);

    private static (string, string)[] Page(int number = 1, int size = 20) => [("PageNumber", number.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("PageSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    // ---- users ----

    [Fact]
    public async Task ListUsers_returns_the_seeded_agents_with_the_paged_shape_and_Params()
    {
        var r = await Call("ListUsers", Page());

        Assert.Equal("OK", r.Code);
        Assert.True(r.HasParams);
        Assert.Equal(4, r.Data.GetProperty("TotalCount").GetInt32()); // three agents and the supervisor
        Assert.Equal(1, r.Data.GetProperty("PageNumber").GetInt32());
        Assert.Equal(20, r.Data.GetProperty("PageSize").GetInt32());
        var first = r.Data.GetProperty("List")[0];
        Assert.Equal("agent1@ccc-local", first.GetProperty("UserId").GetString());
        Assert.Equal("8001", first.GetProperty("Extension").GetString());
        Assert.Equal("Agent@ccc-local", first.GetProperty("RoleId").GetString());
        Assert.Equal("13900000001", first.GetProperty("Mobile").GetString());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("RamId").ValueKind);
        Assert.Equal(2, first.GetProperty("SkillLevelList").GetArrayLength());
        Assert.Equal("sales", first.GetProperty("SkillLevelList")[0].GetProperty("SkillGroupName").GetString());
        Assert.Equal(JsonValueKind.Array, first.GetProperty("PersonalOutboundNumberList").ValueKind);
    }

    [Fact]
    public async Task ListUsers_filters_by_search_pattern_and_skill_group_and_pages()
    {
        var byName = await Call("ListUsers", [.. Page(), ("SearchPattern", "bob")]);
        var bySkill = await Call("ListUsers", [.. Page(), ("SkillGroupId", "support@ccc-local")]);
        var page2 = await Call("ListUsers", Page(2, 2));

        Assert.Equal(["agent2@ccc-local"], UserIds(byName));
        Assert.Equal(["agent1@ccc-local", "agent3@ccc-local"], UserIds(bySkill));
        Assert.Equal(["agent3@ccc-local", "supervisor@ccc-local"], UserIds(page2));
        Assert.Equal(4, page2.Data.GetProperty("TotalCount").GetInt32());
    }

    [Fact]
    public async Task GetUser_by_UserId_or_by_Extension_returns_the_user()
    {
        var byId = await Call("GetUser", ("UserId", "agent2@ccc-local"));
        var byExtension = await Call("GetUser", ("Extension", "8002"));

        Assert.Equal("OK", byId.Code);
        Assert.True(byId.HasParams);
        Assert.Equal("Bob Li", byId.Data.GetProperty("DisplayName").GetString());
        Assert.Equal("ccc-local", byId.Data.GetProperty("InstanceId").GetString());
        Assert.Equal("Agent", byId.Data.GetProperty("RoleName").GetString());
        Assert.Equal("agent2@ccc-local", byExtension.Data.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task GetUser_of_an_unknown_user_is_NotExists_UserId_with_its_Params()
    {
        var r = await Call("GetUser", ("UserId", "ghost@ccc-local"));

        Assert.Equal((HttpStatusCode.NotFound, "NotExists.UserId"), (r.Status, r.Code));
        Assert.Equal(["ghost@ccc-local", "ccc-local"], r.Body.GetProperty("Params").EnumerateArray().Select(e => e.GetString()));
        Assert.False(r.Body.TryGetProperty("Data", out _));
    }

    [Fact]
    public async Task CreateUser_adds_an_agent_with_the_next_extension_that_GetUser_then_finds()
    {
        var created = await Call("CreateUser", ("LoginName", "dora"), ("DisplayName", "Dora"), ("Email", "dora@example.com"),
            ("RoleId", "Agent@ccc-local"), ("WorkMode", "OFF_SITE"), ("Mobile", "13700000009"),
            ("SkillLevelList", "[{\"skillGroupId\":\"support@ccc-local\",\"skillLevel\":7}]"));
        var fetched = await Call("GetUser", ("UserId", "dora@ccc-local"));
        var inSupport = await Call("ListUsers", [.. Page(), ("SkillGroupId", "support@ccc-local")]);

        Assert.Equal("OK", created.Code);
        Assert.Equal("8005", created.Data.GetProperty("Extension").GetString());
        Assert.Equal("OFF_SITE", created.Data.GetProperty("WorkMode").GetString());
        Assert.Equal("Dora", fetched.Data.GetProperty("DisplayName").GetString());
        Assert.Contains("dora@ccc-local", UserIds(inSupport));
    }

    [Theory]
    [InlineData("agent1", "Agent@ccc-local", "[]", "AlreadyExists.User", HttpStatusCode.Conflict)]
    [InlineData("newbie", "Boss@ccc-local", "[]", "NotExists.RoleId", HttpStatusCode.NotFound)]
    [InlineData("ab", "Agent@ccc-local", "[]", "Parameter.Format", HttpStatusCode.BadRequest)]
    [InlineData("newbie", "Agent@ccc-local", "[{\"skillGroupId\":\"vip@ccc-local\"}]", "NotExists.SkillGroupId", HttpStatusCode.NotFound)]
    [InlineData("newbie", "Agent@ccc-local", "{not json", "Parameter.Format", HttpStatusCode.BadRequest)]
    [InlineData("newbie", "Agent@ccc-local", "[{\"skillGroupId\":\"sales@ccc-local\",\"skillLevel\":11}]", "Parameter.Maximum", HttpStatusCode.BadRequest)]
    public async Task CreateUser_refuses_invalid_users(string loginName, string roleId, string skillLevels, string code, HttpStatusCode status)
    {
        var r = await Call("CreateUser", ("LoginName", loginName), ("DisplayName", "X"), ("Email", "x@example.com"), ("RoleId", roleId), ("SkillLevelList", skillLevels));

        Assert.Equal((status, code), (r.Status, r.Code));
    }

    [Fact]
    public async Task CreateUser_without_Email_is_MissingEmail()
    {
        var r = await Call("CreateUser", ("LoginName", "nomail"), ("DisplayName", "X"), ("RoleId", "Agent@ccc-local"));

        Assert.Equal("MissingEmail", r.Code);
    }

    // ---- skill groups and numbers ----

    [Fact]
    public async Task ListSkillGroups_returns_both_groups_with_counts_and_no_Params()
    {
        var r = await Call("ListSkillGroups", Page());

        Assert.Equal("OK", r.Code);
        Assert.False(r.HasParams);
        var groups = r.Data.GetProperty("List").EnumerateArray().ToDictionary(g => g.GetProperty("SkillGroupId").GetString()!);
        Assert.Equal(["sales@ccc-local", "support@ccc-local"], groups.Keys.Order());
        Assert.Equal(2, groups["sales@ccc-local"].GetProperty("UserCount").GetInt32());
        Assert.Equal(3, groups["sales@ccc-local"].GetProperty("PhoneNumberCount").GetInt32());
        Assert.Equal("sales", groups["sales@ccc-local"].GetProperty("SkillGroupName").GetString());
    }

    [Fact]
    public async Task ListPhoneNumbers_returns_numbers_with_location_usage_and_skill_groups()
    {
        var all = await Call("ListPhoneNumbers", Page());
        var inbound = await Call("ListPhoneNumbers", [.. Page(), ("Usage", "Inbound")]);

        Assert.False(all.HasParams);
        Assert.Equal(4, all.Data.GetProperty("TotalCount").GetInt32());
        var shanghai = all.Data.GetProperty("List").EnumerateArray().Single(n => n.GetProperty("Number").GetString() == "02150000001");
        Assert.Equal("上海", shanghai.GetProperty("City").GetString());
        Assert.Equal(2, shanghai.GetProperty("SkillGroups").GetArrayLength());
        Assert.Equal("4001234567", Assert.Single(inbound.Data.GetProperty("List").EnumerateArray()).GetProperty("Number").GetString());
    }

    [Fact]
    public async Task ListPhoneNumbers_with_an_unknown_usage_is_Parameter_Enumeration()
    {
        var r = await Call("ListPhoneNumbers", [.. Page(), ("Usage", "Sideways")]);

        Assert.Equal((HttpStatusCode.BadRequest, "Parameter.Enumeration"), (r.Status, r.Code));
    }

    [Theory]
    [InlineData("02188889999", "上海", "上海")]
    [InlineData("01066667777", "北京", "北京")]
    [InlineData("+8613800000001", "北京", "北京")]
    [InlineData("18612345678", "广东", "广州")]
    [InlineData("09991234567", "", "")]
    public async Task GetNumberLocation_finds_province_and_city_by_longest_prefix(string number, string province, string city)
    {
        var r = await Call("GetNumberLocation", ("Number", number));

        Assert.Equal("OK", r.Code);
        Assert.False(r.HasParams);
        Assert.Equal((number, province, city), (r.Data.GetProperty("Number").GetString(), r.Data.GetProperty("Province").GetString(), r.Data.GetProperty("City").GetString()));
    }

    [Fact]
    public async Task GetNumberLocation_of_a_non_number_is_Parameter_Format()
    {
        var r = await Call("GetNumberLocation", ("Number", "call-me"));

        Assert.Equal("Parameter.Format", r.Code);
    }

    [Fact]
    public async Task ListOutboundNumbersOfUser_lists_dialable_numbers_of_the_agents_groups_only()
    {
        var agent1 = await Call("ListOutboundNumbersOfUser", [.. Page(), ("UserId", "agent1@ccc-local")]);
        var agent3 = await Call("ListOutboundNumbersOfUser", [.. Page(), ("UserId", "agent3@ccc-local")]);
        var foreign = await Call("ListOutboundNumbersOfUser", [.. Page(), ("UserId", "agent3@ccc-local"), ("SkillGroupIdList", "[\"sales@ccc-local\"]")]);

        Assert.False(agent1.HasParams);
        Assert.Equal(["01050000002", "02150000001", "17150000003"], Numbers(agent1));
        Assert.Equal(["02150000001"], Numbers(agent3));
        Assert.Equal((HttpStatusCode.Forbidden, "Permission.SkillGroup"), (foreign.Status, foreign.Code));
    }

    // ---- agent state machine ----

    [Fact]
    public async Task Agent_goes_offline_break_ready_break_offline_through_the_state_actions()
    {
        const string user = "agent1@ccc-local";

        var signIn = await Call("SignInGroup", ("UserId", user), ("DeviceId", "browser-1"), ("SignedSkillGroupIdList", "[\"sales@ccc-local\",\"support@ccc-local\"]"));
        var ready = await Call("ReadyForService", ("UserId", user));
        var lunch = await Call("TakeBreak", ("UserId", user), ("Code", "lunchtime"));
        var signOut = await Call("SignOutGroup", ("UserId", user));

        Assert.True(signIn.HasParams);
        Assert.Equal(("BREAK", ""), (State(signIn), signIn.Data.GetProperty("BreakCode").GetString()));
        Assert.Equal(["sales@ccc-local", "support@ccc-local"], signIn.Data.GetProperty("SignedSkillGroupIdList").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("browser-1", signIn.Data.GetProperty("DeviceId").GetString());
        Assert.Equal("READY", State(ready));
        Assert.Equal(("BREAK", "lunchtime"), (State(lunch), lunch.Data.GetProperty("BreakCode").GetString()));
        Assert.Equal("OFFLINE", State(signOut));
        Assert.Equal(0, signOut.Data.GetProperty("SignedSkillGroupIdList").GetArrayLength());
        foreach (var name in new[] { "UserId", "InstanceId", "Extension", "DeviceId", "JobId", "UserState", "BreakCode", "WorkMode", "OutboundScenario", "SignedSkillGroupIdList" })
        {
            Assert.True(ready.Data.TryGetProperty(name, out _), name);
        }

        // Each action answers with its own model's fields: TakeBreak's has Heartbeat and Mobile, ReadyForService's has neither.
        Assert.True(lunch.Data.TryGetProperty("Heartbeat", out _));
        Assert.False(ready.Data.TryGetProperty("Heartbeat", out _));
        Assert.False(ready.Data.TryGetProperty("Mobile", out _));
    }

    [Fact]
    public async Task Additive_sign_in_keeps_the_groups_already_signed()
    {
        await Call("SignInGroup", ("UserId", "agent1@ccc-local"), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]"));
        var r = await Call("SignInGroup", ("UserId", "agent1@ccc-local"), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[\"support@ccc-local\"]"), ("Additivity", "true"));

        Assert.Equal(["sales@ccc-local", "support@ccc-local"], r.Data.GetProperty("SignedSkillGroupIdList").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ReadyForService_and_TakeBreak_are_refused_while_offline()
    {
        var ready = await Call("ReadyForService", ("UserId", "agent2@ccc-local"));
        var pause = await Call("TakeBreak", ("UserId", "agent2@ccc-local"), ("Code", "default"));

        Assert.Equal((HttpStatusCode.BadRequest, "UserStateNotAllowed"), (ready.Status, ready.Code));
        Assert.Equal("UserStateNotAllowed", pause.Code);
    }

    [Theory]
    [InlineData("[\"support@ccc-local\"]", "Permission.SkillGroup")]
    [InlineData("[\"vip@ccc-local\"]", "NotExists.SkillGroupId")]
    [InlineData("sales@ccc-local", "Parameter.Format")]
    [InlineData("[1,2]", "Parameter.Format")]
    public async Task SignInGroup_refuses_groups_that_are_unknown_foreign_or_not_a_JSON_list(string groups, string code)
    {
        var r = await Call("SignInGroup", ("UserId", "agent2@ccc-local"), ("DeviceId", "d"), ("SignedSkillGroupIdList", groups));

        Assert.Equal(code, r.Code);
    }

    [Fact]
    public async Task SignInGroup_without_DeviceId_is_MissingDeviceId_and_unknown_user_is_NotExists_UserId()
    {
        var missing = await Call("SignInGroup", ("UserId", "agent2@ccc-local"), ("SignedSkillGroupIdList", "[]"));
        var unknown = await Call("SignInGroup", ("UserId", "ghost@ccc-local"), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[]"));

        Assert.Equal("MissingDeviceId", missing.Code);
        Assert.Equal((HttpStatusCode.NotFound, "NotExists.UserId"), (unknown.Status, unknown.Code));
        Assert.True(unknown.HasParams);
    }

    [Fact]
    public async Task TakeBreak_with_an_unconfigured_break_code_is_Parameter_Enumeration()
    {
        await Call("SignInGroup", ("UserId", "agent2@ccc-local"), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]"));

        var r = await Call("TakeBreak", ("UserId", "agent2@ccc-local"), ("Code", "nap"));

        Assert.Equal("Parameter.Enumeration", r.Code);
    }

    [Fact]
    public async Task ResetAgentState_makes_a_signed_in_agent_ready_and_leaves_an_offline_one_offline()
    {
        await Call("SignInGroup", ("UserId", "agent1@ccc-local"), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]"));

        var signedIn = await Call("ResetAgentState", ("UserId", "agent1@ccc-local"));
        var offline = await Call("ResetAgentState", ("UserId", "agent2@ccc-local"));

        Assert.Equal("READY", State(signedIn));
        Assert.Equal("OFFLINE", State(offline));
    }

    [Fact]
    public async Task ChangeWorkMode_to_OFF_SITE_needs_a_Mobile()
    {
        var without = await Call("ChangeWorkMode", ("UserId", "agent3@ccc-local"), ("WorkMode", "OFF_SITE"));
        var with = await Call("ChangeWorkMode", ("UserId", "agent3@ccc-local"), ("WorkMode", "OFF_SITE"), ("Mobile", "13812345678"));
        var bad = await Call("ChangeWorkMode", ("UserId", "agent3@ccc-local"), ("WorkMode", "ON_THE_MOON"));

        Assert.Equal((HttpStatusCode.BadRequest, "Parameter.Blank"), (without.Status, without.Code));
        var user = await Call("GetUser", ("UserId", "agent3@ccc-local"));
        Assert.Equal("OFF_SITE", with.Data.GetProperty("WorkMode").GetString());
        Assert.Equal(("OFF_SITE", "13812345678"), (user.Data.GetProperty("WorkMode").GetString(), user.Data.GetProperty("Mobile").GetString()));
        Assert.True(with.HasParams);
        Assert.Equal("Parameter.Enumeration", bad.Code);
    }

    [Fact]
    public async Task Agent_action_without_UserId_uses_the_agent_mapped_to_the_calling_key_or_fails_blank()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.Credentials.Add(new Ccc.Sdk.Emulator.CccEmulatorCredential
        {
            AccessKeyId = "LTAIagent3", AccessKeySecret = "s3", UserId = "agent3@ccc-local",
        }));

        var mapped = await h.CallAsync("GetLoginDetails", [new("InstanceId", Instance)], tweak: req => { req.AccessKeyId = "LTAIagent3"; req.AccessKeySecret = "s3"; req.Sign(); });
        var unmapped = await h.CallAsync("GetLoginDetails", ("InstanceId", Instance));

        Assert.Equal("agent3@ccc-local", mapped.Data.GetProperty("UserId").GetString());
        Assert.Equal("Parameter.Blank", unmapped.Code);
    }

    [Fact]
    public async Task GetLoginDetails_returns_the_workbench_login_shape()
    {
        var r = await Call("GetLoginDetails", ("UserId", "agent1@ccc-local"));

        Assert.Equal("OK", r.Code);
        Assert.True(r.HasParams);
        Assert.Equal("8001", r.Data.GetProperty("Extension").GetString());
        foreach (var name in new[] { "DeviceId", "DeviceExt", "DeviceState", "WorkMode", "DisplayName", "SipServerUrl", "AgentServerUrl", "Signature", "Signature2", "UserKey", "UserKey2", "ChatDeviceId" })
        {
            Assert.True(r.Data.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public async Task ListRealtimeAgentStates_reads_AgentIdList_and_StateList_from_the_form_body()
    {
        await Call("SignInGroup", ("UserId", "agent1@ccc-local"), ("DeviceId", "d"), ("SignedSkillGroupIdList", "[\"sales@ccc-local\"]"));
        await Call("ReadyForService", ("UserId", "agent1@ccc-local"));
        var readySince = _h.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        _h.Clock.Advance(TimeSpan.FromSeconds(42));

        var r = await _h.CallAsync("ListRealtimeAgentStates", [new("InstanceId", Instance), new("PageNumber", "1"), new("PageSize", "20")],
            form: [new("AgentIdList", "[\"agent1@ccc-local\",\"agent2@ccc-local\"]"), new("StateList", "[\"Ready\",\"Talking\"]")]);

        Assert.Equal("OK", r.Code);
        Assert.False(r.HasParams);
        var agent = Assert.Single(r.Data.GetProperty("List").EnumerateArray());
        // StateTime is the epoch milliseconds at which the state began; Duration the seconds spent in it.
        Assert.Equal(("agent1@ccc-local", "Ready", readySince, 42L), (agent.GetProperty("AgentId").GetString(), agent.GetProperty("State").GetString(), agent.GetProperty("StateTime").GetInt64(), agent.GetProperty("Duration").GetInt64()));
        Assert.Equal(["sales@ccc-local"], agent.GetProperty("SkillGroupIdList").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ListRealtimeAgentStates_refuses_unknown_states_and_more_than_20_agents()
    {
        var state = await _h.CallAsync("ListRealtimeAgentStates", [new("InstanceId", Instance), new("PageNumber", "1"), new("PageSize", "20")],
            form: [new("StateList", "[\"Sleeping\"]")]);
        var many = await _h.CallAsync("ListRealtimeAgentStates", [new("InstanceId", Instance), new("PageNumber", "1"), new("PageSize", "20")],
            form: [new("AgentIdList", JsonSerializer.Serialize(Enumerable.Range(0, 21).Select(i => $"a{i}@ccc-local")))]);

        Assert.Equal("Parameter.Enumeration", state.Code);
        Assert.Equal("Parameter.Maximum", many.Code);
    }

    private static string State(ApiResponse r) => r.Data.GetProperty("UserState").GetString()!;

    private static List<string> UserIds(ApiResponse r) => r.Data.GetProperty("List").EnumerateArray().Select(u => u.GetProperty("UserId").GetString()!).ToList();

    private static List<string> Numbers(ApiResponse r) => r.Data.GetProperty("List").EnumerateArray().Select(u => u.GetProperty("Number").GetString()!).ToList();
}
