using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Tests.Emulator.Calls;

using static Ccc.Sdk.Tests.Emulator.Workbench.GatewaySocket;

namespace Ccc.Sdk.Tests.Emulator.Workbench;

/// <summary>The phone gateway (simulated customer phone pages) and the WebRTC signalling relay between agent and phone.</summary>
public sealed class PhoneGatewayTests : CallTestBase, IAsyncLifetime
{
    private const string Customer = "13800000001";
    private const string Other = "13900000009";

    private readonly List<ClientWebSocket> _sockets = [];

    [Fact]
    public async Task A_good_hello_is_welcomed_and_bad_ones_are_refused_with_a_policy_violation_close()
    {
        var phone = await OpenPhone($$"""{"type":"hello","number":"{{Customer}}"}""");
        var welcome = await Next(phone);
        Assert.Equal(("welcome", Customer), (Str(welcome, "type"), Str(welcome, "number")));

        await AssertRefused(await OpenPhone("""{"type":"hello","number":"12ab"}"""), "InvalidNumber");
        await AssertRefused(await OpenPhone("""{"type":"hello"}"""), "InvalidNumber");
        await AssertRefused(await OpenPhone("""{"type":"subscribe","number":"13800000001"}"""), "HelloExpected");
        await AssertRefused(await OpenPhone("not json"), "HelloExpected");

        using var plain = await H.Http.GetAsync("/_emulator/phone-gateway");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
    }

    [Fact]
    public async Task With_a_page_connected_an_outbound_call_rings_until_answered_then_media_is_set_up_and_torn_down()
    {
        await Ready(Agent1, Sales);
        var agent = await Agent(Agent1);
        var phone = await Phone(Customer);

        var jobId = JobId(await Ok("MakeCall", ("UserId", Agent1), ("Callee", Customer), ("Caller", BeijingLine)));
        var ringing = await NextOf(phone, "ringing");
        Assert.Equal((jobId, BeijingLine), (Str(ringing, "jobId"), Str(ringing, "from")));

        Advance(25_000); // a phone without a page would have answered after 1 s
        Assert.Equal("DIALING", StateOf(Agent1));

        var (status, _) = await Control(HttpMethod.Post, $"/_emulator/phones/{Customer}/answer");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(jobId, Str(await NextOf(phone, "established"), "jobId"));
        var answerer = await NextOf(phone, "mediaStart");
        Assert.Equal((jobId, "answerer", "8001"), (Str(answerer, "jobId"), Str(answerer, "role"), Str(answerer, "peer")));
        await NextOf(agent, "callEstablish");
        var offerer = await NextOf(agent, "mediaStart");
        Assert.Equal((jobId, "offerer", Customer), (Str(offerer, "jobId"), Str(offerer, "role"), Str(offerer, "peer")));

        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", jobId));
        Assert.Equal(jobId, Str(await NextOf(agent, "mediaStop"), "jobId"));
        Assert.Equal(jobId, Str(await NextOf(phone, "mediaStop"), "jobId"));
        Assert.Equal(jobId, Str(await NextOf(phone, "released"), "jobId"));
    }

    [Fact]
    public async Task Rtc_messages_are_relayed_unchanged_between_the_two_parties_of_the_call_only()
    {
        await Ready(Agent1, Sales);
        await Ready(Agent2, Sales);
        var agent1 = await Agent(Agent1);
        var agent2 = await Agent(Agent2);
        var phone = await Phone(Customer);
        var other = await Phone(Other);

        var (jobId, _) = await InboundAnswered(Agent1, agent1, phone);

        var offer = $$$"""{"type":"rtc","jobId":"{{{jobId}}}","description":{"type":"offer","sdp":"v=0 offer"}}""";
        await Send(agent1, offer);
        Assert.Equal(offer, (await NextOf(phone, "rtc")).GetRawText());
        var answer = $$$"""{"type":"rtc","jobId":"{{{jobId}}}","description":{"type":"answer","sdp":"v=0 answer"}}""";
        await Send(phone, answer);
        Assert.Equal(answer, (await NextOf(agent1, "rtc")).GetRawText());
        var candidate = $$$"""{"type":"rtc","jobId":"{{{jobId}}}","candidate":{"candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}}""";
        await Send(phone, candidate);
        Assert.Equal(candidate, (await NextOf(agent1, "rtc")).GetRawText());

        // Another agent cannot inject into the call, and nobody else hears the signalling.
        await Send(agent2, offer);
        await Send(other, answer);
        await Send(agent1, $$$"""{"type":"rtc","jobId":"job-unknown","description":{"type":"offer","sdp":"x"}}""");
        await Send(agent1, """{"type":"rtc","jobId":42}""");
        await AssertSilent(phone);
        await AssertSilent(agent1);
        await AssertSilent(agent2);
        await AssertSilent(other);
    }

    [Fact]
    public async Task A_reconnecting_agent_gets_its_call_and_mediaStart_replayed()
    {
        await Ready(Agent1, Sales);
        var agent = await Agent(Agent1);
        var phone = await Phone(Customer);
        var (jobId, _) = await InboundAnswered(Agent1, agent, phone);
        agent.Abort();
        Assert.Equal(jobId, Str(await NextOf(phone, "mediaStop"), "jobId")); // the agent's peer connection is gone

        var signature = Str(await Ok("GetLoginDetails", ("UserId", Agent1)), "Signature");
        var again = await OpenAgent(Agent1, signature);
        Assert.Equal("welcome", Str(await Next(again), "type"));
        var status = await Next(again);
        Assert.Equal(("statusChange", 9), (Str(status, "type"), status.GetProperty("code").GetInt32()));
        var coming = await Next(again);
        Assert.Equal(("callComing", jobId, Customer), (Str(coming, "type"), Str(coming, "jobId"), Str(coming, "caller")));
        var establish = await Next(again);
        Assert.Equal(("callEstablish", jobId), (Str(establish, "type"), Str(establish, "jobId")));
        var media = await Next(again);
        Assert.Equal(("mediaStart", jobId, "offerer"), (Str(media, "type"), Str(media, "jobId"), Str(media, "role")));
        Assert.Equal("answerer", Str(await NextOf(phone, "mediaStart"), "role"));
    }

    [Fact]
    public async Task A_page_connected_during_the_call_starts_media_and_a_page_leaving_restores_automatic_answers()
    {
        await Ready(Agent1, Sales);
        var agent = await Agent(Agent1);
        var contactId = await Inbound(Customer, ShanghaiLine);
        await Ok("AnswerCall", ("UserId", Agent1), ("JobId", contactId));
        await NextOf(agent, "callEstablish");
        await NextOf(agent, "statusChange");
        await AssertSilent(agent); // no page: no mediaStart

        var phone = await OpenPhone($$"""{"type":"hello","number":"{{Customer}}"}""");
        Assert.Equal("welcome", Str(await Next(phone), "type"));
        Assert.Equal(contactId, Str(await NextOf(phone, "established"), "jobId"));
        Assert.Equal("answerer", Str(await NextOf(phone, "mediaStart"), "role"));
        Assert.Equal("offerer", Str(await NextOf(agent, "mediaStart"), "role"));

        phone.Abort();
        Assert.Equal(contactId, Str(await NextOf(agent, "mediaStop"), "jobId"));
        await Ok("ReleaseCall", ("UserId", Agent1), ("JobId", contactId));

        var deadline = DateTime.UtcNow + Wait;
        while (H.Emulator.State.Engine.Phones.HasPage(Customer) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.False(H.Emulator.State.Engine.Phones.HasPage(Customer));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>An inbound call from the phone's number to <paramref name="userId"/>, answered; mediaStart seen on both sides.</summary>
    private async Task<(string JobId, JsonElement Offerer)> InboundAnswered(string userId, ClientWebSocket agent, ClientWebSocket phone)
    {
        var contactId = await Inbound(Customer, ShanghaiLine);
        Assert.Equal(contactId, Str(await NextOf(phone, "dialing"), "jobId"));
        Assert.Equal(contactId, Str(await NextOf(agent, "callComing"), "jobId"));
        await Ok("AnswerCall", ("UserId", userId), ("JobId", contactId));
        Assert.Equal(contactId, Str(await NextOf(phone, "established"), "jobId"));
        Assert.Equal("answerer", Str(await NextOf(phone, "mediaStart"), "role"));
        var offerer = await NextOf(agent, "mediaStart");
        Assert.Equal(Customer, Str(offerer, "peer"));
        return (contactId, offerer);
    }

    private async Task<ClientWebSocket> Agent(string userId)
    {
        var signature = Str(await Ok("GetLoginDetails", ("UserId", userId)), "Signature");
        var ws = await OpenAgent(userId, signature);
        await NextOf(ws, "welcome");
        await NextOf(ws, "statusChange");
        return ws;
    }

    private async Task<ClientWebSocket> Phone(string number)
    {
        var ws = await OpenPhone($$"""{"type":"hello","number":"{{number}}"}""");
        await NextOf(ws, "welcome");
        return ws;
    }

    private Task<ClientWebSocket> OpenAgent(string userId, string signature) =>
        Open("/workbench/agent-gateway", JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "hello", ["userId"] = userId, ["signature"] = signature }));

    private Task<ClientWebSocket> OpenPhone(string hello) => Open("/_emulator/phone-gateway", hello);

    private async Task<ClientWebSocket> Open(string path, string hello)
    {
        var ws = new ClientWebSocket();
        _sockets.Add(ws);
        using var timeout = new CancellationTokenSource(Wait);
        await ws.ConnectAsync(new Uri($"ws://{H.Emulator.Endpoint.Authority}{path}"), timeout.Token);
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
