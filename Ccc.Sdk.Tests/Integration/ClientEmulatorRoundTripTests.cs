using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Integration;

/// <summary>
/// Every action of the core issue, through <see cref="CccClient"/> over Kestrel on loopback, against the
/// in-process emulator: the SDK's models and the emulator's own wire DTOs must agree field for field.
/// </summary>
public sealed class ClientEmulatorRoundTripTests : IAsyncLifetime
{
    private CccEmulator _emulator = null!;
    private CccClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync();
        _client = NewClient(_emulator);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task ListUsers_pages_through_the_seeded_agents()
    {
        var users = await Collect(_client.ListUsersAsync());
        Assert.Equal(["agent1@ccc-local", "agent2@ccc-local", "agent3@ccc-local", "supervisor@ccc-local"], users.Select(u => u.UserId).Order());
        var alice = users.Single(u => u.UserId == "agent1@ccc-local");
        Assert.Equal("Alice Wang", alice.DisplayName);
        Assert.Equal("8001", alice.Extension);
        Assert.NotEmpty(alice.SkillLevelList!);

        // One user per page: four requests, each page carrying its own RequestId.
        var pages = await Collect(_client.ListUsersAsync().AsPages(pageSize: 1));
        Assert.Equal(4, pages.Count);
        Assert.All(pages, p => Assert.Single(p.Items));
        Assert.Equal(4, pages.Select(p => p.RequestId).Distinct().Count());
        Assert.Equal(4, pages[0].TotalCount);
    }

    [Fact]
    public async Task ListUsers_filters_by_search_pattern_and_skill_group()
    {
        var bob = await Collect(_client.ListUsersAsync(new ListUsersRequest { SearchPattern = "Bob" }));
        Assert.Equal("agent2@ccc-local", Assert.Single(bob).UserId);

        var sales = await Collect(_client.ListUsersAsync(new ListUsersRequest { SkillGroupId = "sales@ccc-local" }));
        Assert.NotEmpty(sales);
        Assert.All(sales, u => Assert.Contains(u.SkillLevelList!, s => s.SkillGroupId == "sales@ccc-local"));
    }

    [Fact]
    public async Task GetUser_by_id_and_by_extension()
    {
        var byId = await _client.GetUserAsync(new GetUserRequest { UserId = "agent2@ccc-local" });
        Assert.Equal("Bob Li", byId.Value.DisplayName);
        Assert.False(string.IsNullOrEmpty(byId.RequestId));

        var byExtension = await _client.GetUserAsync(new GetUserRequest { Extension = "8003" });
        Assert.Equal("agent3@ccc-local", byExtension.Value.UserId);
    }

    [Fact]
    public async Task CreateUser_adds_an_agent_that_ListUsers_then_returns()
    {
        var created = await _client.CreateUserAsync(new CreateUserRequest
        {
            LoginName = "agent9",
            DisplayName = "Dana Zhou",
            Email = "agent9@example.com",
            RoleId = "Agent@ccc-local",
            WorkMode = "ON_SITE",
            SkillLevelList = [new SkillLevelAssignment("support@ccc-local", 5)],
        });

        Assert.Equal("agent9@ccc-local", created.Value.UserId);
        Assert.False(string.IsNullOrEmpty(created.Value.Extension));
        var users = await Collect(_client.ListUsersAsync(new ListUsersRequest { SkillGroupId = "support@ccc-local" }));
        Assert.Contains(users, u => u.UserId == "agent9@ccc-local");

        var again = await Assert.ThrowsAsync<CccConflictException>(() => _client.CreateUserAsync(new CreateUserRequest
        {
            LoginName = "agent9", DisplayName = "Dana Zhou", Email = "agent9@example.com", RoleId = "Agent@ccc-local", WorkMode = "ON_SITE",
        }));
        Assert.StartsWith("AlreadyExists", again.Code);
    }

    [Fact]
    public async Task ListSkillGroups_and_ListPhoneNumbers_return_the_seeded_instance()
    {
        var groups = await Collect(_client.ListSkillGroupsAsync());
        Assert.Equal(["sales@ccc-local", "support@ccc-local"], groups.Select(g => g.SkillGroupId).Order());
        Assert.All(groups, g => Assert.True(g.UserCount > 0));

        var numbers = await Collect(_client.ListPhoneNumbersAsync());
        var shanghai = numbers.Single(n => n.Number == "02150000001");
        Assert.Equal("上海", shanghai.City);
        Assert.Equal("Inbound", numbers.Single(n => n.Number == "4001234567").Usage);
        Assert.NotEmpty(shanghai.SkillGroups!);

        var inboundOnly = await Collect(_client.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { Usage = "Inbound" }));
        Assert.All(inboundOnly, n => Assert.Equal("Inbound", n.Usage));
    }

    [Fact]
    public async Task Agent_state_actions_move_an_agent_through_its_states()
    {
        const string agent = "agent1@ccc-local";
        var login = await _client.GetLoginDetailsAsync(new GetLoginDetailsRequest { UserId = agent });
        Assert.Equal("8001", login.Value.Extension);
        Assert.Equal(agent, login.Value.UserId);

        var signedIn = await _client.SignInGroupAsync(new SignInGroupRequest
        {
            UserId = agent,
            DeviceId = "ACC-integration-test-device",
            SignedSkillGroupIdList = ["sales@ccc-local"],
        });
        Assert.Equal(["sales@ccc-local"], signedIn.Value.SignedSkillGroupIdList);
        Assert.NotNull(signedIn.Params);

        var ready = await _client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = agent });
        Assert.Equal("READY", ready.Value.UserState);
        Assert.Equal("READY", await StateOf(agent, "Ready"));

        var onBreak = await _client.TakeBreakAsync(new TakeBreakRequest { UserId = agent, Code = "lunchtime" });
        Assert.Equal("BREAK", onBreak.Value.UserState);
        Assert.Equal("lunchtime", onBreak.Value.BreakCode);

        var offSite = await _client.ChangeWorkModeAsync(new ChangeWorkModeRequest { UserId = agent, WorkMode = "OFF_SITE", Mobile = "13900000001" });
        Assert.Equal("OFF_SITE", offSite.Value.WorkMode);

        var reset = await _client.ResetAgentStateAsync(new ResetAgentStateRequest { UserId = agent });
        Assert.NotNull(reset.Value.UserState);

        var signedOut = await _client.SignOutGroupAsync(new SignOutGroupRequest { UserId = agent });
        Assert.Equal("OFFLINE", signedOut.Value.UserState);
    }

    [Fact]
    public async Task ListRealtimeAgentStates_sends_its_agent_list_in_the_form_body()
    {
        var states = await Collect(_client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest
        {
            AgentIdList = ["agent1@ccc-local", "agent3@ccc-local"],
        }));

        Assert.Equal(["agent1@ccc-local", "agent3@ccc-local"], states.Select(s => s.AgentId).Order());
        Assert.All(states, s => Assert.Equal("Offline", s.State));
    }

    [Fact]
    public async Task GetNumberLocation_and_ListOutboundNumbersOfUser()
    {
        var location = await _client.GetNumberLocationAsync(new GetNumberLocationRequest { Number = "02188886666" });
        Assert.Equal("上海", location.Value.City);

        var outbound = await Collect(_client.ListOutboundNumbersOfUserAsync(new ListOutboundNumbersOfUserRequest { UserId = "agent1@ccc-local" }));
        Assert.NotEmpty(outbound);
        Assert.DoesNotContain(outbound, n => n.Number == "4001234567"); // inbound-only numbers cannot call out (rule N2)
    }

    [Fact]
    public async Task The_RPC_HMAC_SHA1_style_is_accepted_too()
    {
        using var rpc = NewClient(_emulator, o => o.SignatureAlgorithm = SignatureAlgorithm.RpcHmacSha1);

        var users = await Collect(rpc.ListUsersAsync());
        var states = await Collect(rpc.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = ["agent2@ccc-local"] }));

        Assert.Equal(4, users.Count);
        Assert.Equal("agent2@ccc-local", Assert.Single(states).AgentId);
    }

    [Fact]
    public async Task STS_credentials_are_accepted_and_a_wrong_token_is_an_authentication_error()
    {
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions
        {
            Credentials = { new CccEmulatorCredential { AccessKeyId = "STS.NEmulatorTemp", AccessKeySecret = "sts-secret", SecurityToken = "CAIS+token/with=chars" } },
        });
        var options = new CccClientOptions { Endpoint = emulator.Endpoint, InstanceId = emulator.InstanceId };
        using var good = new CccClient(new StsCredential("STS.NEmulatorTemp", "sts-secret", "CAIS+token/with=chars"), options);
        using var bad = new CccClient(new StsCredential("STS.NEmulatorTemp", "sts-secret", "CAIS+other"), options);

        Assert.Equal(4, (await Collect(good.ListUsersAsync())).Count);
        var error = await Assert.ThrowsAsync<CccAuthenticationException>(() => Collect(bad.ListUsersAsync()));
        Assert.StartsWith("InvalidSecurityToken", error.Code);
        Assert.DoesNotContain("sts-secret", error.ToString());
        Assert.DoesNotContain("CAIS+other", error.ToString());
    }

    [Fact]
    public async Task Each_error_family_arrives_as_its_exception_with_the_cloud_code()
    {
        using var wrongSecret = new CccClient(
            new AccessKeyCredential(_emulator.AccessKeyId, "not-the-secret"),
            new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId });
        var signature = await Assert.ThrowsAsync<CccAuthenticationException>(() => Collect(wrongSecret.ListUsersAsync()));
        Assert.Equal("SignatureDoesNotMatch", signature.Code);
        Assert.Equal(400, signature.HttpStatusCode);
        Assert.False(string.IsNullOrEmpty(signature.RequestId));
        Assert.DoesNotContain("not-the-secret", signature.ToString());

        using var unknownKey = new CccClient(
            new AccessKeyCredential("LTAI5tNoSuchKey", "x"),
            new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId });
        var key = await Assert.ThrowsAsync<CccAuthenticationException>(() => Collect(unknownKey.ListUsersAsync()));
        Assert.Equal("InvalidAccessKeyId.NotFound", key.Code);

        var user = await Assert.ThrowsAsync<CccNotFoundException>(() => _client.GetUserAsync(new GetUserRequest { UserId = "nobody@ccc-local" }));
        Assert.Equal("NotExists.UserId", user.Code);
        Assert.Equal(404, user.HttpStatusCode);

        var instance = await Assert.ThrowsAsync<CccNotFoundException>(() => Collect(_client.ListUsersAsync(new ListUsersRequest { InstanceId = "ccc-nowhere" })));
        Assert.Equal("NotExists.InstanceId", instance.Code);

        var action = await Assert.ThrowsAsync<CccNotFoundException>(() => _client.SendAsync(new ApiRequest("NoSuchAction").With("InstanceId", "ccc-local")));
        Assert.Equal("InvalidApi.NotFound", action.Code);

        var missing = await Assert.ThrowsAsync<CccInvalidParameterException>(() => _client.SendAsync(new ApiRequest("ListUsers").With("InstanceId", "ccc-local")));
        Assert.StartsWith("Missing", missing.Code);
    }

    [Fact]
    public async Task The_raw_SendAsync_returns_the_Data_and_the_JSON_unchanged()
    {
        var response = await _client.SendAsync(new ApiRequest("GetUser").With("InstanceId", "ccc-local").With("UserId", "agent1@ccc-local"));

        Assert.Equal("agent1@ccc-local", response.Value.GetProperty("UserId").GetString());
        using var raw = JsonDocument.Parse(response.RawContent!);
        Assert.Equal("OK", raw.RootElement.GetProperty("Code").GetString());
        Assert.Equal(response.RequestId, raw.RootElement.GetProperty("RequestId").GetString());
    }

    [Fact]
    public async Task A_client_clock_20_minutes_slow_is_corrected_from_the_Date_header_and_the_call_succeeds()
    {
        var slowClock = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(20));
        using var client = new CccClient(
            new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId },
            timeProvider: slowClock);

        var user = await client.GetUserAsync(new GetUserRequest { UserId = "agent1@ccc-local" });

        Assert.Equal("agent1@ccc-local", user.Value.UserId);
    }

    private async Task<string?> StateOf(string agentId, string expectedFilter)
    {
        var states = await Collect(_client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest
        {
            AgentIdList = [agentId],
            StateList = [expectedFilter],
        }));
        return Assert.Single(states).State?.ToUpperInvariant();
    }

    private static CccClient NewClient(CccEmulator emulator, Action<CccClientOptions>? configure = null)
    {
        var options = new CccClientOptions { Endpoint = emulator.Endpoint, InstanceId = emulator.InstanceId };
        configure?.Invoke(options);
        return new CccClient(new AccessKeyCredential(emulator.AccessKeyId, emulator.AccessKeySecret), options);
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
