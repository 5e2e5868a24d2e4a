using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Tests.Emulator.Calls;

using static Ccc.Sdk.Tests.Emulator.Workbench.GatewaySocket;

namespace Ccc.Sdk.Tests.Emulator.Workbench;

/// <summary>The workbench agent gateway: signed hello, and the Workbench SDK callbacks (docs/reference/workbench-sdk.md#callbacks-2x) pushed for an agent's calls.</summary>
public sealed class AgentGatewayTests : CallTestBase, IAsyncLifetime
{
    private const string Customer = "13800000001";

    private readonly List<ClientWebSocket> _sockets = [];

    [Fact]
    public async Task GetLoginDetails_points_AgentServerUrl_at_the_gateway_and_a_good_hello_is_welcomed_with_the_status()
    {
        await Ready(Agent1, Sales);
        var details = await Ok("GetLoginDetails", ("UserId", Agent1));
        Assert.Equal($"ws://{H.Emulator.Endpoint.Authority}/workbench/agent-gateway", Str(details, "AgentServerUrl"));

        var ws = await Open(Agent1, Str(details, "Signature"));
        var welcome = await Next(ws);
        Assert.Equal(("welcome", Agent1, Instance), (Str(welcome, "type"), Str(welcome, "userId"), Str(welcome, "instanceId")));
        var status = await Next(ws);
        Assert.Equal(("statusChange", 3), (Str(status, "type"), status.GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task A_bad_missing_foreign_or_expired_signature_is_refused_with_a_policy_violation_close()
    {
        var agent2Signature = Str(await Ok("GetLoginDetails", ("UserId", Agent2)), "Signature");
        var agent1Signature = Str(await Ok("GetLoginDetails", ("UserId", Agent1)), "Signature");

        await AssertRefused(await Open(Agent1, "v1.9999999999.forged"), "InvalidSignature");
        await AssertRefused(await Open(Agent1, agent2Signature), "InvalidSignature");
        await AssertRefused(await Open(Agent1, null), "MissingSignature");
        await AssertRefused(await OpenRaw("""{"type":"subscribe"}"""), "HelloExpected");
        await AssertRefused(await OpenRaw("not json"), "HelloExpected");

        Advance((long)TimeSpan.FromHours(13).TotalMilliseconds);
        await AssertRefused(await Open(Agent1, agent1Signature), "SignatureExpired");
    }

    [Fact]
    public async Task A_plain_GET_is_a_400_not_a_500()
    {
        using var response = await H.Http.GetAsync("/workbench/agent-gateway");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_inbound_call_rings_agent1_only_then_answer_and_release_give_establish_release_hangUp_and_status_codes()
    {
        await Ready(Agent1, Sales); // idle longest: gets the call
        await Ready(Agent2, Sales);
        var ws1 = await Connected(Agent1);
        var ws2 = await Connected(Agent2);

        var contactId = await Inbound(Customer, BeijingLine);

        var coming = await NextOf(ws1, "callComing");
        Assert.Equal((Customer, BeijingLine, "INBOUND", contactId), (Str(coming, "caller"), Str(coming, "callee"), Str(coming, "callType"), Str(coming, "jobId")));
        Assert.Equal(contactId, Str(coming.GetProperty("callContext"), "JobId"));
        Assert.Equal(Instance, Str(coming.GetProperty("callContext"), "InstanceId"));
        Assert.True(coming.GetProperty("callContext").GetProperty("ChannelContexts").GetArrayLength() > 0);
        var ringing = await NextOf(ws1, "statusChange");
        Assert.Equal((6, 3), (ringing.GetProperty("code").GetInt32(), ringing.GetProperty("lastCode").GetInt32()));
        await AssertSilent(ws2);

        await Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        var established = await NextOf(ws1, "callEstablish");
        Assert.Equal(contactId, Str(established.GetProperty("callContext"), "JobId"));
        var talking = await NextOf(ws1, "statusChange");
        Assert.Equal((9, 6), (talking.GetProperty("code").GetInt32(), talking.GetProperty("lastCode").GetInt32()));

        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));
        var released = await NextOf(ws1, "callRelease");
        Assert.Equal(contactId, Str(released.GetProperty("callContext"), "JobId"));
        Assert.Equal("inbound", Str(await NextOf(ws1, "hangUp"), "hangUpType"));
        var after = await NextOf(ws1, "statusChange");
        Assert.Equal(9, after.GetProperty("lastCode").GetInt32());
        Assert.Contains(after.GetProperty("code").GetInt32(), new[] { 3, 5 });
        await AssertSilent(ws2);
    }

    [Fact]
    public async Task A_rejected_ring_gives_hangUp_ringing_on_every_connection_of_the_agent()
    {
        await Ready(Agent1, Sales);
        var first = await Connected(Agent1);
        var second = await Connected(Agent1);
        var contactId = await Inbound(Customer, BeijingLine);
        Assert.Equal(contactId, Str(await NextOf(first, "callComing"), "jobId"));
        Assert.Equal(contactId, Str(await NextOf(second, "callComing"), "jobId"));

        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId)); // rejects the offered call
        Assert.Equal("ringing", Str(await NextOf(first, "hangUp"), "hangUpType"));
        Assert.Equal("ringing", Str(await NextOf(second, "hangUp"), "hangUpType"));
    }

    [Fact]
    public async Task Hold_and_consultation_change_the_status_code_to_12_and_17_and_back()
    {
        await Ready(Agent1, Sales);
        var ws = await Connected(Agent1);
        var contactId = await Inbound(Customer, BeijingLine);
        await NextOf(ws, "callComing");
        Assert.Equal(6, await NextCode(ws, 3));
        var answered = await Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        Assert.Equal(9, await NextCode(ws, 6));

        string agentChannel = Channels(answered).EnumerateArray().First(c => Str(c, "UserId") == Agent1).GetProperty("ChannelId").GetString()!;
        await Ok("HoldCall", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", agentChannel));
        Assert.Equal(12, await NextCode(ws, 9));
        await Ok("RetrieveCall", ("UserId", Agent1), ("JobId", contactId), ("ChannelId", agentChannel));
        Assert.Equal(9, await NextCode(ws, 12));

        await Ready(Agent2, Sales);
        await Ok("InitiateAttendedTransfer", ("UserId", Agent1), ("JobId", contactId), ("Transferee", Agent2), ("TransfereeType", "Agent"));
        // The customer is put on hold first, then the consultation rings.
        Assert.Equal(12, await NextCode(ws, 9));
        Assert.Equal(17, await NextCode(ws, 12));
        await Ok("CancelAttendedTransfer", ("UserId", Agent1), ("JobId", contactId));
        Assert.Equal(9, await NextCode(ws, 17));
    }

    private static (int Code, int LastCode) Codes(JsonElement status) =>
        (status.GetProperty("code").GetInt32(), status.GetProperty("lastCode").GetInt32());

    /// <summary>The next statusChange's code, checking its lastCode.</summary>
    private static async Task<int> NextCode(ClientWebSocket ws, int lastCode)
    {
        var change = await NextOf(ws, "statusChange");
        Assert.Equal(lastCode, change.GetProperty("lastCode").GetInt32());
        return change.GetProperty("code").GetInt32();
    }

    [Fact]
    public async Task MakeCall_by_the_agent_gives_callDialing_then_callEstablish_with_outbound_talk_status()
    {
        await Ready(Agent1, Sales);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":500}""");
        var ws = await Connected(Agent1);

        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine)));

        var dialing = await NextOf(ws, "callDialing");
        Assert.Equal((BeijingLine, Customer, "OUTBOUND", jobId), (Str(dialing, "caller"), Str(dialing, "callee"), Str(dialing, "callType"), Str(dialing, "jobId")));
        Assert.Equal(8, (await NextOf(ws, "statusChange")).GetProperty("code").GetInt32());

        Advance(500);
        Assert.Equal(jobId, Str((await NextOf(ws, "callEstablish")).GetProperty("callContext"), "JobId"));
        Assert.Equal(10, (await NextOf(ws, "statusChange")).GetProperty("code").GetInt32());

        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));
        Assert.Equal("outbound", Str(await NextOf(ws, "hangUp"), "hangUpType"));
    }

    [Fact]
    public async Task A_state_change_outside_calls_is_pushed_and_ping_is_answered()
    {
        var ws = await Connected(Agent1);
        await Ready(Agent1, Sales);
        // SignInGroup (signed in on break, 2), then ReadyForService (3): every state change, every run.
        Assert.Equal((2, 1), Codes(await NextOf(ws, "statusChange")));
        Assert.Equal((3, 2), Codes(await NextOf(ws, "statusChange")));

        await Send(ws, """{"type":"ping"}""");
        await NextOf(ws, "pong");
    }

    // ---------------------------------------------------------------- helpers

    private async Task<ClientWebSocket> Connected(string userId)
    {
        var signature = Str(await Ok("GetLoginDetails", ("UserId", userId)), "Signature");
        var ws = await Open(userId, signature);
        await NextOf(ws, "welcome");
        await NextOf(ws, "statusChange");
        return ws;
    }

    private Task<ClientWebSocket> Open(string userId, string? signature) =>
        OpenRaw(JsonSerializer.Serialize(new Dictionary<string, string?> { ["type"] = "hello", ["userId"] = userId, ["signature"] = signature }));

    private async Task<ClientWebSocket> OpenRaw(string hello)
    {
        var ws = new ClientWebSocket();
        _sockets.Add(ws);
        using var timeout = new CancellationTokenSource(Wait);
        await ws.ConnectAsync(new Uri($"ws://{H.Emulator.Endpoint.Authority}/workbench/agent-gateway"), timeout.Token);
        await Send(ws, hello);
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

/// <summary>Back-pressure: a client that never reads is dropped; the engine's thread never waits for it.</summary>
public sealed class AgentGatewaySlowClientTests : CallTestBase
{
    [Fact]
    public async Task A_client_that_does_not_read_is_dropped_and_never_blocks_the_engine()
    {
        var signature = (await Ok("GetLoginDetails", ("UserId", Agent1))).GetProperty("Signature").GetString()!;
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri($"ws://{H.Emulator.Endpoint.Authority}/workbench/agent-gateway"), CancellationToken.None);
        await ws.SendAsync(Encoding.UTF8.GetBytes($$"""{"type":"hello","userId":"{{Agent1}}","signature":"{{signature}}"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var hub = H.Emulator.State.AgentGateway!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (hub.ConnectionCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, hub.ConnectionCount);
        var instance = H.Emulator.State.GetInstance(Instance);
        var agent = instance.Users[Agent1];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 200_000 && hub.ConnectionCount > 0; i++)
        {
            lock (instance.Gate)
            {
                // Through the engine's event stream, as every state change goes (each one is a statusChange).
                H.Emulator.State.Engine.SetAgentState(instance, agent, i % 2 == 0 ? "READY" : "BREAK");
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"engine side took {watch.Elapsed}");
        while (hub.ConnectionCount > 0 && DateTime.UtcNow < deadline.AddSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, hub.ConnectionCount);
    }
}
