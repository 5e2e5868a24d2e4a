using System.Net.WebSockets;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.Emulator.Calls;

using static Ccc.Sdk.Tests.Emulator.Workbench.GatewaySocket;

namespace Ccc.Sdk.Tests.Emulator.Workbench;

/// <summary>
/// The agent gateway's <c>signIn</c> message, the workbench script's sign-in (the cloud's 2.x proxy list has no
/// SignInGroup; docs/decisions/0020-workbench-sign-in-and-3x-surface.md): the same sign-in, validation and error codes
/// as SignInGroup. And GetLoginDetails without UserId, which the script sends as <c>{instanceId}</c> only.
/// </summary>
public sealed class AgentGatewaySignInTests : CallTestBase, IAsyncLifetime
{
    private const string Agent2KeyId = "LTAIagent2GatewaySignIn";
    private const string Agent2KeySecret = "agent2-secret-for-gateway-tests";

    private readonly List<ClientWebSocket> _sockets = [];

    private protected override void Configure(CccEmulatorOptions options) =>
        options.Credentials.Add(new CccEmulatorCredential { AccessKeyId = Agent2KeyId, AccessKeySecret = Agent2KeySecret, UserId = Agent2 });

    [Fact]
    public async Task SignIn_signs_in_on_break_with_status_2_before_its_answer_and_sets_the_device()
    {
        var ws = await Connected(Agent1);
        await Send(ws, """{"type":"signIn","id":7,"skillGroupIds":["support@ccc-local"],"deviceId":"browser-7"}""");

        var status = await Next(ws); // the engine's state change comes first, then the answer
        Assert.Equal(("statusChange", 2, 1), (Str(status, "type"), status.GetProperty("code").GetInt32(), status.GetProperty("lastCode").GetInt32()));
        var answer = await Next(ws);
        Assert.Equal(("signInResult", 7, "OK"), (Str(answer, "type"), answer.GetProperty("id").GetInt32(), Str(answer, "code")));
        Assert.Equal([Support], answer.GetProperty("skillGroupIds").EnumerateArray().Select(g => g.GetString()));

        var user = (await Ok("PollUserStatus", ("UserId", Agent1))).GetProperty("UserContext");
        Assert.Equal(("BREAK", "browser-7"), (Str(user, "UserState"), Str(user, "DeviceId")));
        Assert.Equal([Support], user.GetProperty("SignedSkillGroupIdList").EnumerateArray().Select(g => g.GetString()));
        Assert.Contains(H.Emulator.State.EventLog.All(), e => e.EventType == "AgentCheckIn" && e.AgentId == Agent1);
    }

    [Fact]
    public async Task An_empty_or_absent_list_signs_in_to_every_group_of_the_agent()
    {
        var ws = await Connected(Agent1);
        await Send(ws, """{"type":"signIn","id":1,"skillGroupIds":[],"deviceId":"d"}""");
        var answer = await NextOf(ws, "signInResult");
        Assert.Equal("OK", Str(answer, "code"));
        Assert.Equal([Sales, Support], answer.GetProperty("skillGroupIds").EnumerateArray().Select(g => g.GetString()!).Order(StringComparer.Ordinal));

        // Signed in already: a second sign-in keeps the state (no second status change) and replaces the groups.
        await Send(ws, """{"type":"signIn","id":2,"deviceId":"d"}""");
        var again = await Next(ws);
        Assert.Equal(("signInResult", "OK"), (Str(again, "type"), Str(again, "code")));
        Assert.Equal("BREAK", Str((await Ok("PollUserStatus", ("UserId", Agent1))).GetProperty("UserContext"), "UserState"));
    }

    [Theory]
    [InlineData("""["nope@ccc-local"]""")]         // an unknown group
    [InlineData("""["support@ccc-local","nope"]""")]
    public async Task A_bad_group_is_refused_with_SignInGroups_own_code_and_changes_nothing(string groups)
    {
        var expected = await Call("SignInGroup", ("UserId", Agent2), ("DeviceId", "d"), ("SignedSkillGroupIdList", groups));
        Assert.NotEqual("OK", expected.Code);

        var ws = await Connected(Agent2);
        await Send(ws, $$"""{"type":"signIn","id":3,"skillGroupIds":{{groups}},"deviceId":"d"}""");
        var answer = await Next(ws); // no status change before it
        Assert.Equal(("signInResult", 3, expected.Code), (Str(answer, "type"), answer.GetProperty("id").GetInt32(), Str(answer, "code")));
        Assert.False(string.IsNullOrEmpty(Str(answer, "message")));
        Assert.Equal("OFFLINE", Str((await Ok("PollUserStatus", ("UserId", Agent2))).GetProperty("UserContext"), "UserState"));
        await AssertSilent(ws);
    }

    [Fact]
    public async Task A_group_of_another_agent_is_refused_like_SignInGroup()
    {
        // agent2 is in sales only: support is not one of its groups.
        var expected = await Call("SignInGroup", ("UserId", Agent2), ("DeviceId", "d"), ("SignedSkillGroupIdList", $"[\"{Support}\"]"));
        Assert.NotEqual("OK", expected.Code);
        var ws = await Connected(Agent2);
        await Send(ws, $$"""{"type":"signIn","id":4,"skillGroupIds":["{{Support}}"],"deviceId":"d"}""");
        Assert.Equal(expected.Code, Str(await Next(ws), "code"));
    }

    [Theory]
    [InlineData("""{"type":"signIn","id":5,"skillGroupIds":[]}""", "deviceId")]                        // no device
    [InlineData("""{"type":"signIn","id":5,"skillGroupIds":"sales@ccc-local","deviceId":"d"}""", "list")]  // not a list
    [InlineData("""{"type":"signIn","id":5,"skillGroupIds":[1,2],"deviceId":"d"}""", "list")]             // not strings
    public async Task A_malformed_signIn_gets_a_typed_error_answer_and_the_socket_stays_open(string message, string what)
    {
        var ws = await Connected(Agent1);
        await Send(ws, message);
        var answer = await Next(ws);
        Assert.Equal(("signInResult", 5), (Str(answer, "type"), answer.GetProperty("id").GetInt32()));
        var code = Str(answer, "code");
        Assert.NotEqual("OK", code);
        Assert.Contains(what == "deviceId" ? "DeviceId" : "SignedSkillGroupIdList", Str(answer, "message"), StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, ws.State);
        await AssertSilent(ws);
        Assert.Equal("OFFLINE", Str((await Ok("PollUserStatus", ("UserId", Agent1))).GetProperty("UserContext"), "UserState"));
    }

    [Fact]
    public async Task GetLoginDetails_without_UserId_is_the_calling_keys_own_agent()
    {
        // Signed with agent2's own key, no UserId: the script's GetLoginDetails {instanceId}.
        var response = await H.CallAsync("GetLoginDetails", [new("InstanceId", Instance)], tweak: request =>
        {
            request.AccessKeyId = Agent2KeyId;
            request.AccessKeySecret = Agent2KeySecret;
            request.Sign();
        });
        Assert.True(response.Code == "OK", response.ToString());
        var details = response.Data;
        Assert.Equal((Agent2, "8002"), (Str(details, "UserId"), Str(details, "Extension")));

        // And its signature opens agent2's gateway session.
        var ws = await Open(Agent2, Str(details, "Signature"));
        var welcome = await Next(ws);
        Assert.Equal(("welcome", Agent2), (Str(welcome, "type"), Str(welcome, "userId")));

        // The dev key maps to no agent: without UserId it is refused with a typed error, never a 500.
        var refused = await Call("GetLoginDetails");
        Assert.NotEqual("OK", refused.Code);
        Assert.True((int)refused.Status is >= 400 and < 500, refused.ToString());
    }

    private async Task<ClientWebSocket> Connected(string userId)
    {
        var signature = Str(await Ok("GetLoginDetails", ("UserId", userId)), "Signature");
        var ws = await Open(userId, signature);
        await NextOf(ws, "welcome");
        await NextOf(ws, "statusChange");
        return ws;
    }

    private async Task<ClientWebSocket> Open(string userId, string? signature)
    {
        var ws = new ClientWebSocket();
        _sockets.Add(ws);
        using var timeout = new CancellationTokenSource(Wait);
        await ws.ConnectAsync(new Uri($"ws://{H.Emulator.Endpoint.Authority}/workbench/agent-gateway"), timeout.Token);
        await Send(ws, JsonSerializer.Serialize(new Dictionary<string, string?> { ["type"] = "hello", ["userId"] = userId, ["signature"] = signature }));
        return ws;
    }

    public new async Task DisposeAsync()
    {
        foreach (var ws in _sockets)
        {
            ws.Abort();
            ws.Dispose();
        }

        await base.DisposeAsync();
    }
}
