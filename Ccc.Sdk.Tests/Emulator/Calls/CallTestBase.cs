using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Calls;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>
/// An emulator on a fake clock with helpers for call tests: signed OpenAPI calls, the unsigned control API,
/// agent sign-in, time travel, and the engine's in-memory event log.
/// </summary>
public abstract class CallTestBase : IAsyncLifetime
{
    protected const string Instance = "ccc-local";
    protected const string Agent1 = "agent1@ccc-local";
    protected const string Agent2 = "agent2@ccc-local";
    protected const string Agent3 = "agent3@ccc-local";
    protected const string Sales = "sales@ccc-local";
    protected const string Support = "support@ccc-local";
    protected const string ShanghaiLine = "02150000001";
    protected const string BeijingLine = "01050000002";
    protected const string PartnerLine = "17150000003";
    protected const string Hotline = "4001234567";

    private protected EmulatorHarness H { get; private set; } = null!;

    /// <summary>Override to change options (e.g. a seed file).</summary>
    private protected virtual void Configure(CccEmulatorOptions options)
    {
    }

    public async Task InitializeAsync() => H = await EmulatorHarness.StartAsync(Configure);

    public async Task DisposeAsync() => await H.DisposeAsync();

    private protected Task<ApiResponse> Call(string action, params (string, string)[] query) =>
        H.CallAsync(action, [("InstanceId", Instance), .. query]);

    /// <summary>Calls an action and asserts success.</summary>
    private protected async Task<JsonElement> Ok(string action, params (string, string)[] query)
    {
        var r = await Call(action, query);
        Assert.True(r.Code == "OK", $"{action} failed: {r}");
        return r.Data;
    }

    private protected async Task<(HttpStatusCode Status, JsonElement Body)> Control(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await H.Http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(raw.Length == 0 ? "null" : raw);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private protected async Task SetPhone(string number, string json)
    {
        var (status, body) = await Control(HttpMethod.Put, $"/_emulator/phones/{number}", json);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    private protected async Task AutoAnswer(string userId, int afterMs = 0)
    {
        var (status, body) = await Control(HttpMethod.Put, $"/_emulator/agents/{userId}", $"{{\"autoAnswer\":true,\"answerAfterMs\":{afterMs}}}");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    private protected async Task Settings(string json)
    {
        var (status, body) = await Control(HttpMethod.Put, $"/_emulator/instances/{Instance}/call-settings", json);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    /// <summary>A customer dials in; returns the contact id.</summary>
    private protected async Task<string> Inbound(string from, string to = ShanghaiLine, string? extra = null)
    {
        var (status, body) = await Control(HttpMethod.Post, "/_emulator/calls/inbound", $"{{\"from\":\"{from}\",\"to\":\"{to}\"{extra}}}");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("contactId").GetString()!;
    }

    /// <summary>SignInGroup + ReadyForService; then a tick so agents made ready one after the other differ in idle time.</summary>
    private protected async Task Ready(string userId, params string[] groups)
    {
        await Ok("SignInGroup", ("UserId", userId), ("DeviceId", "dev-" + userId), ("SignedSkillGroupIdList", JsonSerializer.Serialize(groups)));
        await Ok("ReadyForService", ("UserId", userId));
        Advance(10);
    }

    private protected void Advance(long milliseconds) => H.Clock.Advance(TimeSpan.FromMilliseconds(milliseconds));

    private protected string StateOf(string userId)
    {
        var instance = H.Emulator.State.GetInstance(Instance);
        lock (instance.Gate)
        {
            return instance.Users[userId].UserState;
        }
    }

    private protected IReadOnlyList<CallEvent> Events(string contactId) =>
        H.Emulator.State.EventLog.ForContact(contactId);

    private protected IReadOnlyList<string> EventNames(string contactId) => Events(contactId).Select(e => e.EventType).ToList();

    /// <summary>The call's record as ListCallDetailRecordsV2 lists it (the durations, brokers and transfer count are only in the list models).</summary>
    private protected async Task<JsonElement> Cdr(string contactId)
    {
        var page = await Ok("ListCallDetailRecordsV2", ("ContactIdList", $"[\"{contactId}\"]"), ("StartTime", "0"), ("PageNumber", "1"), ("PageSize", "1"));
        return page.GetProperty("List")[0];
    }

    /// <summary>The call's record as GetCallDetailRecord returns it (with the event arrays).</summary>
    private protected async Task<JsonElement> CdrDetail(string contactId) => await Ok("GetCallDetailRecord", ("ContactId", contactId));

    private protected static string JobId(JsonElement data) => data.GetProperty("CallContext").GetProperty("JobId").GetString()!;

    private protected static JsonElement Channels(JsonElement data) => data.GetProperty("CallContext").GetProperty("ChannelContexts");

    /// <summary>The channel whose destination (or originator) is <paramref name="number"/>.</summary>
    private protected static JsonElement ChannelTo(JsonElement data, string number) =>
        Channels(data).EnumerateArray().First(c => c.GetProperty("Destination").GetString() == number || c.GetProperty("Originator").GetString() == number);

    private protected static string Str(JsonElement e, string name) => e.GetProperty(name).ToString();

    private protected static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
