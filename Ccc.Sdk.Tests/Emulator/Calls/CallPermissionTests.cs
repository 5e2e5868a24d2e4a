using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>Who may act on a call (decision 0006): parties only, supervisors by role, unguessable job ids, PollUserStatus.</summary>
public sealed class CallPermissionTests : CallTestBase
{
    private const string Customer = "13800000001";
    private const string Supervisor = "supervisor@ccc-local";
    private const string StsKey = "STS.agent1";
    private const string StsSecret = "sts-secret";
    private const string StsToken = "sts-token";

    private protected override void Configure(CccEmulatorOptions options) =>
        options.Credentials.Add(new CccEmulatorCredential { AccessKeyId = StsKey, AccessKeySecret = StsSecret, SecurityToken = StsToken, UserId = Agent1 });

    /// <summary>agent2 talks to the customer on an inbound call; returns the contact id and the customer's channel id.</summary>
    private async Task<(string ContactId, string CustomerChannel)> Agent2Talking()
    {
        await Ready(Agent2, Sales);
        var contactId = await Inbound(Customer, BeijingLine);
        var data = await Ok("AnswerCall", ("UserId", Agent2), ("JobId", contactId));
        var customer = Channels(data).EnumerateArray().First(c => Str(c, "UserId") == "");
        return (contactId, Str(customer, "ChannelId"));
    }

    [Fact]
    public async Task Another_agent_cannot_hold_send_dtmf_to_or_release_a_call_they_are_not_part_of()
    {
        var (contactId, customer) = await Agent2Talking();

        var hold = await Call("HoldCall", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer));
        var dtmf = await Call("SendDtmfSignaling", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer), ("Dtmf", "1"));
        var mute = await Call("MuteCall", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", customer));
        var release = await Call("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));

        foreach (var refused in new[] { hold, dtmf, mute, release })
        {
            Assert.Equal((HttpStatusCode.Forbidden, "Permission.User"), (refused.Status, refused.Code));
            Assert.Equal(403, refused.Body.GetProperty("HttpStatusCode").GetInt32());
            Assert.Equal($"The user {Agent1} is not part of the call {contactId}.", refused.Body.GetProperty("Message").GetString());
            Assert.False(string.IsNullOrEmpty(refused.RequestId));
        }

        Assert.Equal("TALKING", StateOf(Agent2));
        Assert.DoesNotContain("Held", EventNames(contactId));
        Assert.Equal("OK", (await Call("ReleaseCall", ("UserId", Agent2), ("JobId", contactId))).Code);
    }

    [Fact]
    public async Task The_party_itself_and_an_administrator_key_without_UserId_still_control_the_call()
    {
        var (contactId, customer) = await Agent2Talking();

        await Ok("HoldCall", ("UserId", Agent2), ("JobId", contactId), ("ChannelId", customer));
        await Ok("RetrieveCall", ("UserId", Agent2), ("JobId", contactId), ("ChannelId", customer));
        await Ok("ReleaseCall", ("JobId", contactId));

        Assert.Equal("WORKING", StateOf(Agent2));
    }

    [Fact]
    public async Task Supervisor_actions_need_a_user_whose_role_is_named_Admin_and_not_a_channel_in_the_call()
    {
        var (contactId, _) = await Agent2Talking();
        var instance = H.Emulator.State.GetInstance(Instance);
        lock (instance.Gate)
        {
            var call = CallEngine.GetActive(instance, contactId);
            var supervisor = instance.GetUser(Supervisor);
            var agent1 = instance.GetUser(Agent1);

            Assert.True(CallPermissions.IsSupervisor(instance, supervisor));
            Assert.False(CallPermissions.IsSupervisor(instance, agent1));
            foreach (var action in new[] { "MonitorCall", "CoachCall", "BargeInCall", "InterceptCall" })
            {
                CallPermissions.RequireAllowed(action, instance, call, supervisor);
                var refused = Assert.Throws<ApiException>(() => CallPermissions.RequireAllowed(action, instance, call, agent1));
                Assert.Equal((403, "Permission.User"), (refused.HttpStatusCode, refused.Code));
                Assert.Throws<ApiException>(() => CallPermissions.RequireAllowed(action, instance, call, null));
            }

            // An ordinary call-control action: being a supervisor is not enough, being a party is.
            Assert.Throws<ApiException>(() => CallPermissions.RequireAllowed("HoldCall", instance, call, supervisor));
            CallPermissions.RequireAllowed("HoldCall", instance, call, instance.GetUser(Agent2));
        }
    }

    [Fact]
    public void Job_ids_are_unique_unpredictable_and_carry_96_random_bits()
    {
        const long now = 1_764_144_000_000;
        var ids = Enumerable.Range(1, 1000).Select(i => CallEngine.NewJobId(now, i)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(@"^job-\d{48}$", id));
        var numbers = ids.Select(id => BigInteger.Parse(id.AsSpan(4), CultureInfo.InvariantCulture)).ToList();
        for (var i = 1; i < numbers.Count; i++)
        {
            Assert.NotEqual(numbers[i - 1] + 1, numbers[i]);
        }

        // The last 29 digits: every one of the 96 bits varies, and none above them is ever set.
        var randoms = ids.Select(id => BigInteger.Parse(id.AsSpan(4 + 19), CultureInfo.InvariantCulture)).ToList();
        var allBits = randoms.Aggregate(BigInteger.Zero, (acc, r) => acc | r);
        var commonBits = randoms.Aggregate((BigInteger.One << 96) - 1, (acc, r) => acc & r);
        Assert.Equal((BigInteger.One << 96) - 1, allBits);
        Assert.Equal(BigInteger.Zero, commonBits);
        // The first 19 digits keep creation order (the CDR list's tie-break).
        Assert.Equal(ids.Select(id => id[..23]).Order(StringComparer.Ordinal), ids.Select(id => id[..23]));
    }

    [Fact]
    public async Task PollUserStatus_returns_the_agents_state_and_current_call_in_the_references_shape()
    {
        var (contactId, _) = await Agent2Talking();

        var r = await Call("PollUserStatus", ("UserId", Agent2));
        var idle = await Ok("PollUserStatus", ("UserId", Agent3));

        Assert.Equal("OK", r.Code);
        Assert.True(r.HasParams);
        var data = r.Data;
        Assert.True(data.GetProperty("ContextId").GetInt64() > 0);
        var user = data.GetProperty("UserContext");
        Assert.Equal((Agent2, contactId, "TALKING"), (Str(user, "UserId"), Str(user, "JobId"), Str(user, "UserState")));
        Assert.Equal(JsonValueKind.Array, user.GetProperty("SignedSkillGroupIdList").ValueKind);
        Assert.Equal(JsonValueKind.Number, user.GetProperty("Heartbeat").ValueKind);
        Assert.Equal(JsonValueKind.False, user.GetProperty("OutboundScenario").ValueKind);
        var call = data.GetProperty("CallContext");
        Assert.Equal((Instance, contactId), (Str(call, "InstanceId"), Str(call, "JobId")));
        Assert.Contains(call.GetProperty("ChannelContexts").EnumerateArray(), c => Str(c, "UserId") == Agent2);

        // Only names of the reference's schema (ccc-api-2020-07-01.json), nothing invented.
        AssertOnly(data, "CallContext", "ChatContexts", "ContextId", "UserContext");
        AssertOnly(user, "BreakCode", "DeviceId", "Extension", "Heartbeat", "InstanceId", "JobId", "Mobile", "OutboundScenario",
            "ParallelJobList", "Reserved", "SignedSkillGroupIdList", "UserId", "UserState", "WorkMode");
        AssertOnly(call, "CallType", "CallVariables", "ChannelContexts", "InstanceId", "JobId");
        foreach (var channel in call.GetProperty("ChannelContexts").EnumerateArray())
        {
            AssertOnly(channel, "CallType", "ChannelFlags", "ChannelId", "ChannelState", "ChannelVariables", "Destination", "Index", "JobId",
                "Originator", "ReleaseInitiator", "ReleaseReason", "SkillGroupId", "Timestamp", "UserExtension", "UserId");
            Assert.Equal(JsonValueKind.Number, channel.GetProperty("Timestamp").ValueKind);
        }

        Assert.Equal("", Str(idle.GetProperty("UserContext"), "JobId"));
        Assert.False(idle.TryGetProperty("CallContext", out _));
    }

    [Fact]
    public async Task STS_keys_mapped_to_an_agent_cannot_name_another_agent_but_may_name_themselves()
    {
        var options = new CccClientOptions { Endpoint = H.Emulator.Endpoint, InstanceId = Instance };
        using var sts = new CccClient(new StsCredential(StsKey, StsSecret, StsToken), options, timeProvider: H.Clock);

        var other = await Assert.ThrowsAnyAsync<CccException>(() => sts.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent2 }));
        var own = await sts.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent1 });
        var implicitOwn = await sts.PollUserStatusAsync();

        Assert.Equal((403, "Permission.User"), (other.HttpStatusCode, other.Code));
        Assert.Equal(Agent1, own.Value.UserContext!.UserId);
        Assert.Equal(Agent1, implicitOwn.Value.UserContext!.UserId);
    }

    [Fact]
    public async Task An_agents_own_STS_keys_cannot_administer_the_instance_but_the_administrators_keys_can()
    {
        var options = new CccClientOptions { Endpoint = H.Emulator.Endpoint, InstanceId = Instance };
        using var sts = new CccClient(new StsCredential(StsKey, StsSecret, StsToken), options, timeProvider: H.Clock);

        var remove = await Assert.ThrowsAnyAsync<CccException>(() => sts.RemoveUsersAsync(new RemoveUsersRequest { UserIdList = $"[\"{Agent2}\"]" }));
        var level = await Assert.ThrowsAnyAsync<CccException>(() => sts.ModifySkillLevelsOfUserAsync(
            new ModifySkillLevelsOfUserRequest { UserId = Agent1, SkillLevelList = $"[{{\"skillGroupId\":\"{Sales}\",\"skillLevel\":1}}]" }));
        var doNotCall = await Assert.ThrowsAnyAsync<CccException>(() => sts.ImportDoNotCallNumbersAsync(new ImportDoNotCallNumbersRequest { NumberList = "[\"13800000077\"]" }));

        Assert.All([remove, level, doNotCall], ex => Assert.Equal((403, "Permission.User"), (ex.HttpStatusCode, ex.Code)));
        // Nothing changed: agent2 is still a user, and the administrator's own keys may do what the agent's may not.
        Assert.Equal(Agent2, Str(await Ok("GetUser", ("UserId", Agent2)), "UserId"));
        Assert.Equal("OK", (await Call("ImportDoNotCallNumbers", ("NumberList", "[\"13800000077\"]"))).Code);
        // Reading stays open to the agent's keys (the proxy scopes what a browser may read).
        Assert.NotNull((await sts.GetUserAsync(new GetUserRequest { UserId = Agent1 })).Value);
    }

    private static void AssertOnly(JsonElement element, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            Assert.True(allowed.Contains(property.Name, StringComparer.Ordinal), $"{property.Name} is not in the reference's schema");
        }
    }
}
