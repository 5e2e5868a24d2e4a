using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>
/// What the scenarios add to <see cref="EmulatorCallTestBase"/>: the rest of the control API (call settings, inbound
/// calls, auto-answer, a phone's DTMF), and agents, channels and records read back through the typed SDK only.
/// </summary>
public abstract class ScenarioTestBase : EmulatorCallTestBase
{
    protected const string Agent2 = "agent2@ccc-local";
    protected const string Agent3 = "agent3@ccc-local";
    protected const string Support = "support@ccc-local";
    protected const string PartnerLine = "17150000003"; // outbound only, 广州
    protected const string Hotline = "4001234567"; // inbound only (rule N2), bound to support

    /// <summary>Changes the instance's call settings (<c>PUT /_emulator/instances/{id}/call-settings</c>).</summary>
    protected Task Settings(string json) => Put($"/_emulator/instances/{Emulator.InstanceId}/call-settings", json);

    /// <summary>The agent's simulated softphone answers offered calls by itself after <paramref name="afterMs"/>.</summary>
    protected Task AutoAnswer(string userId, int afterMs = 0) =>
        Put($"/_emulator/agents/{userId}", string.Create(CultureInfo.InvariantCulture, $$"""{"autoAnswer":true,"answerAfterMs":{{afterMs}}}"""));

    /// <summary>A customer dials an instance number; <paramref name="extra"/> is more JSON properties (<c>,"userName":"agent2"</c>). Returns the contact id.</summary>
    protected async Task<string> Inbound(string from, string to = BeijingLine, string extra = "")
    {
        using var response = await Control.PostAsync("/_emulator/calls/inbound", Json($$"""{"from":"{{from}}","to":"{{to}}"{{extra}}}"""));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("contactId").GetString()!;
    }

    /// <summary>The DTMF digits the simulated phone has heard (<c>GET /_emulator/phones/{number}</c>).</summary>
    protected async Task<string> DtmfHeardBy(string number)
    {
        using var document = JsonDocument.Parse(await Control.GetStringAsync($"/_emulator/phones/{number}"));
        return document.RootElement.GetProperty("dtmfReceived").GetString()!;
    }

    /// <summary>The call's events, oldest first (<c>GET /_emulator/calls/{contactId}/events</c>): what a webhook consumer would see.</summary>
    protected async Task<IReadOnlyList<CallEventView>> Events(string contactId) =>
        JsonSerializer.Deserialize<List<CallEventView>>(await Control.GetStringAsync($"/_emulator/calls/{contactId}/events"), EventJson)!;

    /// <summary>Signs the agent in to <paramref name="group"/> and makes them READY, then lets 10 ms pass so agents made READY in turn differ in idle time (rule R2).</summary>
    protected async Task ReadyIn(string userId, string group)
    {
        await Client.SignInGroupAsync(new SignInGroupRequest { UserId = userId, DeviceId = "dev-" + userId, SignedSkillGroupIdList = [group] });
        await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = userId });
        Advance(10);
    }

    /// <summary>The agent's state as ListRealtimeAgentStates reports it (<c>Ready</c>, <c>Ringing</c>, <c>Talking</c>, <c>ACW</c>, <c>Break</c>…).</summary>
    protected async Task<string> StateOf(string userId)
    {
        await foreach (var agent in Client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest { AgentIdList = [userId] }))
        {
            return agent.State!;
        }

        throw new InvalidOperationException($"ListRealtimeAgentStates does not list {userId}.");
    }

    /// <summary>The agent answers the offered call: the SDK's AnswerCall succeeds only for the agent the call was routed to.</summary>
    protected async Task<CallControlResult> Answer(string userId, string jobId) =>
        (await Client.AnswerCallAsync(new AnswerCallRequest { UserId = userId, JobId = jobId })).Value;

    protected async Task<CallControlResult> Release(string userId, string jobId) =>
        (await Client.ReleaseCallAsync(new ReleaseCallRequest { UserId = userId, JobId = jobId })).Value;

    /// <summary>The call's record as ListCallDetailRecordsV2 lists it (durations, brokers, transfer count).</summary>
    protected Task<CallDetailRecord> Cdr(string contactId) => Ccc.Sdk.Tests.Emulator.Conformance.ListedCdr.ListedCdrAsync(Client, contactId);

    /// <summary>The call's record as GetCallDetailRecord returns it (event arrays).</summary>
    protected async Task<CallDetailRecordDetails> CdrDetails(string contactId) => (await Client.GetCallDetailRecordAsync(contactId)).Value;

    /// <summary>The customer's channel: the one without an agent.</summary>
    protected static ChannelContext CustomerChannel(CallControlResult result) => result.CallContext!.ChannelContexts!.Single(c => c.UserId == "");

    protected static ChannelContext AgentChannel(CallControlResult result, string userId) => result.CallContext!.ChannelContexts!.Single(c => c.UserId == userId);

    /// <summary>China-local clock time <paramref name="hoursFromNow"/> from the emulator's now, as <c>HH:mm</c> for <c>workHours</c>.</summary>
    protected string ChinaTime(int hoursFromNow) =>
        Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).AddHours(hoursFromNow).ToString("HH:mm", CultureInfo.InvariantCulture);

    private async Task Put(string path, string json)
    {
        using var response = await Control.PutAsync(path, Json(json));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static readonly JsonSerializerOptions EventJson = new() { PropertyNameCaseInsensitive = true };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

/// <summary>The parts of an emulator call event the scenarios look at.</summary>
public sealed record CallEventView(string EventType, string? ChannelId, string? AgentId, string? Destination);
