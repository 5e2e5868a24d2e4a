using System.Text.Json;
using Ccc.Sdk.Tests.Calls.Scenarios;

namespace Ccc.Sdk.Tests.Emulator.Workbench;

/// <summary>
/// The background actions of the cloud's Workbench script (issue 13) through <see cref="CccClient"/>: each answered
/// from the instance's state, errors with the cloud's codes.
/// </summary>
public sealed class WorkbenchBackgroundActionsTests : ScenarioTestBase
{
    [Fact]
    public async Task ListConfigItems_of_the_instance_follows_its_call_settings()
    {
        await Settings("""{"afterCallWorkSeconds":7,"hideCustomerNumbers":true}""");

        var items = (await Client.ListConfigItemsAsync(new ListConfigItemsRequest { ObjectType = "INSTANCE", ObjectId = Emulator.InstanceId })).Value;
        var byName = items.ToDictionary(i => i.Name!, i => i.Value);

        Assert.Equal("7", byName["afterCallWorkSeconds"]);
        Assert.Equal("true", byName["hideCustomerNumbers"]);
        Assert.Equal("default,lunchtime,meeting,training", byName["breakCodes"]);
        Assert.All(items, i => Assert.Equal(("INSTANCE", Emulator.InstanceId, Emulator.InstanceId), (i.ObjectType, i.ObjectId, i.InstanceId)));
    }

    [Fact]
    public async Task ListConfigItems_of_a_user_follows_the_users_work_mode_and_refuses_unknown_objects()
    {
        await Client.ChangeWorkModeAsync(new ChangeWorkModeRequest { UserId = Agent1, WorkMode = "OFF_SITE", Mobile = "13900000001" });

        var items = (await Client.ListConfigItemsAsync(new ListConfigItemsRequest { ObjectType = "user", ObjectId = Agent1 })).Value;
        var unknownUser = await Assert.ThrowsAnyAsync<CccException>(() => Client.ListConfigItemsAsync(new ListConfigItemsRequest { ObjectType = "USER", ObjectId = "nobody@ccc-local" }));
        var otherInstance = await Assert.ThrowsAnyAsync<CccException>(() => Client.ListConfigItemsAsync(new ListConfigItemsRequest { ObjectType = "INSTANCE", ObjectId = "ccc-elsewhere" }));
        var badType = await Assert.ThrowsAnyAsync<CccException>(() => Client.ListConfigItemsAsync(new ListConfigItemsRequest { ObjectType = "PLANET", ObjectId = Agent1 }));

        Assert.Equal([("extension", "8001"), ("workMode", "OFF_SITE")], items.Select(i => (i.Name!, i.Value!)));
        Assert.Equal(["NotExists.UserId", "Parameter.Invalid", "Parameter.Enumeration"], new[] { unknownUser.Code, otherInstance.Code, badType.Code });
    }

    [Fact]
    public async Task GetTurnServerList_names_one_access_point_on_the_emulators_loopback_host()
    {
        var data = (await Client.GetTurnServerListAsync()).Value;

        using var document = JsonDocument.Parse(data!);
        var server = Assert.Single(document.RootElement.EnumerateArray().ToList());
        Assert.Equal("default", server.GetProperty("region").GetString());
        Assert.Equal(Emulator.Endpoint.Host, server.GetProperty("domain").GetString());
        Assert.Equal(Emulator.Endpoint.Host + "/32", server.GetProperty("cidr").GetString());
    }

    [Fact]
    public async Task GetTurnCredentials_are_time_limited_per_user_and_refuse_an_unknown_user()
    {
        var now = Clock.GetUtcNow();
        var one = (await Client.GetTurnCredentialsAsync(new GetTurnCredentialsRequest { UserId = Agent1 })).Value;
        var two = (await Client.GetTurnCredentialsAsync(new GetTurnCredentialsRequest { UserId = Agent2 })).Value;
        var unknown = await Assert.ThrowsAnyAsync<CccException>(() => Client.GetTurnCredentialsAsync(new GetTurnCredentialsRequest { UserId = "nobody@ccc-local" }));

        var parts = one.UserName!.Split(':', 2);
        Assert.Equal(now.AddHours(24).ToUnixTimeSeconds(), long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Agent1, parts[1]);
        Assert.Equal(20, Convert.FromBase64String(one.Password!).Length); // an HMAC-SHA1
        Assert.NotEqual(one.Password, two.Password);
        Assert.Equal("NotExists.UserId", unknown.Code);
    }

    [Fact]
    public async Task ListDevices_lists_the_softphones_of_signed_in_agents_only()
    {
        var before = (await Client.ListDevicesAsync(new ListDevicesRequest { UserId = Agent1 })).Value;
        await ReadyIn(Agent1, Sales);
        var mine = (await Client.ListDevicesAsync(new ListDevicesRequest { UserId = Agent1 })).Value;
        var all = (await Client.ListDevicesAsync()).Value;
        await Client.SignOutGroupAsync(new SignOutGroupRequest { UserId = Agent1 });
        var after = (await Client.ListDevicesAsync()).Value;

        Assert.Empty(before);
        var device = Assert.Single(mine);
        Assert.Equal(("dev-" + Agent1, "8001", Agent1, Emulator.InstanceId), (device.DeviceId, device.Extension, device.UserId, device.InstanceId));
        Assert.Equal([Agent1], all.Select(d => d.UserId));
        Assert.Empty(after);
    }

    [Theory]
    [InlineData("075512345678", new[] { PartnerLine, BeijingLine, ShanghaiLine })] // 深圳: same province (广东) first
    [InlineData("13900000007", new[] { ShanghaiLine, BeijingLine, PartnerLine })] // 上海: same city first
    public async Task PickOutboundNumbers_orders_the_groups_numbers_as_rule_O1(string callee, string[] expected)
    {
        var picked = (await Client.PickOutboundNumbersAsync(new PickOutboundNumbersRequest
        {
            CalledNumber = callee,
            Count = 3,
            SkillGroupIdList = $"[\"{Sales}\"]",
        })).Value;

        Assert.Equal(expected, picked.Select(p => p.Caller!.Number));
        Assert.All(picked, p => Assert.Equal(callee, p.Callee!.Number));
        var cities = new Dictionary<string, string> { [ShanghaiLine] = "上海", [BeijingLine] = "北京", [PartnerLine] = "广州" };
        Assert.All(picked, p => Assert.Equal(cities[p.Caller!.Number!], p.Caller.City));
    }

    [Fact]
    public async Task PickOutboundNumbers_takes_Count_skips_inbound_only_numbers_and_refuses_an_unknown_group()
    {
        var one = (await Client.PickOutboundNumbersAsync(new PickOutboundNumbersRequest { CalledNumber = "13800000001", SkillGroupIdList = $"[\"{Support}\"]" })).Value;
        var support = (await Client.PickOutboundNumbersAsync(new PickOutboundNumbersRequest { CalledNumber = "13800000001", Count = 10, SkillGroupIdList = $"[\"{Support}\"]" })).Value;
        var unknown = await Assert.ThrowsAnyAsync<CccException>(() => Client.PickOutboundNumbersAsync(new PickOutboundNumbersRequest { CalledNumber = "13800000001", SkillGroupIdList = "[\"vip@ccc-local\"]" }));

        var callee = Assert.Single(one).Callee!;
        Assert.Equal(("13800000001", "北京", "北京"), (callee.Number, callee.Province, callee.City));
        Assert.Equal([ShanghaiLine], support.Select(p => p.Caller!.Number)); // 4001234567 is inbound-only (rule N2)
        Assert.Equal("NotExists.SkillGroupId", unknown.Code);
    }

    [Fact]
    public async Task SaveTerminalLog_keeps_the_scripts_log_line_on_the_emulators_clock()
    {
        var saved = await Client.SaveTerminalLogAsync(new SaveTerminalLogRequest
        {
            AppName = "workbench", CallId = "call-1", JobId = "job-1", DataType = 1, Status = "ok", MethodName = "call",
            UniqueRequestId = "req-1", Content = "{\"mos\":4.2}",
        });
        Assert.False(string.IsNullOrEmpty(saved.RequestId));
        var state = Ccc.Sdk.Emulator.Workbench.WorkbenchBackgroundActions.TerminalLogOf(InstanceOf(Emulator));
        var entry = Assert.Single(state);
        Assert.Equal(("workbench", "job-1", 1, "{\"mos\":4.2}"), (entry.AppName, entry.JobId, entry.DataType, entry.Content));
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), entry.Time);
    }

    private static Ccc.Sdk.Emulator.Instances.CccInstance InstanceOf(Ccc.Sdk.Emulator.CccEmulator emulator) =>
        emulator.State.GetInstance(emulator.InstanceId);
}
