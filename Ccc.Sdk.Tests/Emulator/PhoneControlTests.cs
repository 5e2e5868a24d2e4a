using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Tests.Calls;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>
/// The control API's <c>POST /_emulator/phones/{number}/answer|hang-up</c> and the <c>manual</c> phone behaviour,
/// driven by an agent's MakeCall through <see cref="CccClient"/> on a fake clock.
/// </summary>
public sealed class PhoneControlTests : EmulatorCallTestBase
{
    private const string Customer = "13800000001";

    [Fact]
    public async Task A_manual_phone_rings_until_answer_connects_the_agent_and_hang_up_ends_the_call_as_the_customer()
    {
        await SetPhone(Customer, """{"behavior":"manual"}""");
        await Ready(Agent1);
        var jobId = await MakeCall(Customer);

        Advance(20_000); // the default phone would have answered after 1 s
        Assert.Equal("DIALING", UserStateOf(Agent1));
        Assert.Equal("RINGING", ChannelStateOf(jobId, Customer));

        var (status, body) = await Post($"/_emulator/phones/{Customer}/answer");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((Customer, jobId, Emulator.InstanceId), (Str(body, "number"), Str(body, "contactId"), Str(body, "instanceId")));
        Assert.Equal("TALKING", UserStateOf(Agent1));
        Assert.Equal("ANSWERED", ChannelStateOf(jobId, Customer));

        Advance(5_000);
        (status, body) = await Post($"/_emulator/phones/{Customer}/hang-up");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(jobId, Str(body, "contactId"));

        var record = (await Client.GetCallDetailRecordAsync(jobId)).Value;
        Assert.Equal("Success", record.ContactDisposition);
        Assert.Equal("customer", record.ReleaseInitiator);
        Assert.NotEqual("TALKING", UserStateOf(Agent1));
    }

    [Fact]
    public async Task Answer_and_hang_up_with_nothing_at_the_number_are_409_bad_numbers_400_and_GET_405()
    {
        var (status, body) = await Post($"/_emulator/phones/{Customer}/answer");
        Assert.Equal((HttpStatusCode.Conflict, "NoRingingCall"), (status, Str(body, "Code")));
        (status, body) = await Post($"/_emulator/phones/{Customer}/hang-up");
        Assert.Equal((HttpStatusCode.Conflict, "NoCallInProgress"), (status, Str(body, "Code")));
        (status, body) = await Post("/_emulator/phones/12ab/answer");
        Assert.Equal((HttpStatusCode.BadRequest, "BadRequest"), (status, Str(body, "Code")));
        using var get = await Control.GetAsync($"/_emulator/phones/{Customer}/answer");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

        // A connected call is not "ringing": answer is 409 again.
        await Ready(Agent1);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":100}""");
        await MakeCall(Customer);
        Advance(100);
        (status, body) = await Post($"/_emulator/phones/{Customer}/answer");
        Assert.Equal((HttpStatusCode.Conflict, "NoRingingCall"), (status, Str(body, "Code")));
    }

    [Fact]
    public async Task A_manual_phone_that_is_not_answered_ends_at_the_ring_timeout()
    {
        using var put = await Control.PutAsync($"/_emulator/phones/{Customer}", new StringContent("""{"behavior":"MANUAL"}""", Encoding.UTF8, "application/json"));
        Assert.Equal("manual", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("behavior").GetString());
        await Ready(Agent1);
        var jobId = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer, Caller = BeijingLine, TimeoutSeconds = 30 })).Value.CallContext!.JobId!;

        Advance(29_000);
        Assert.Equal("RINGING", ChannelStateOf(jobId, Customer));
        Advance(1_000);

        var record = (await Client.GetCallDetailRecordAsync(jobId)).Value;
        Assert.Equal("NoAnswer", record.ContactDisposition);
        var (status, _) = await Post($"/_emulator/phones/{Customer}/answer");
        Assert.Equal(HttpStatusCode.Conflict, status);
    }

    [Fact]
    public async Task Hang_up_while_ringing_declines_and_an_inbound_caller_can_hang_up_while_an_agent_rings()
    {
        using var settings = await Control.PutAsync($"/_emulator/instances/{Emulator.InstanceId}/call-settings", new StringContent("""{"afterCallWorkSeconds":0}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        await SetPhone(Customer, """{"behavior":"manual"}""");
        await Ready(Agent1);
        var jobId = await MakeCall(Customer);
        var (status, _) = await Post($"/_emulator/phones/{Customer}/hang-up");
        Assert.Equal(HttpStatusCode.OK, status);
        var declined = (await Client.GetCallDetailRecordAsync(jobId)).Value;
        Assert.Equal(("Reject", "customer"), (declined.ContactDisposition, declined.ReleaseInitiator));

        const string Caller = "13900000002";
        using var inbound = await Control.PostAsync("/_emulator/calls/inbound", new StringContent($$"""{"from":"{{Caller}}","to":"{{ShanghaiLine}}"}""", Encoding.UTF8, "application/json"));
        var contactId = (await inbound.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contactId").GetString()!;
        Assert.Equal("RINGING", UserStateOf(Agent1));
        (status, _) = await Post($"/_emulator/phones/{Caller}/hang-up");
        Assert.Equal(HttpStatusCode.OK, status);
        var abandoned = (await Client.GetCallDetailRecordAsync(contactId)).Value;
        Assert.Equal(("AbandonedInRing", "customer"), (abandoned.ContactDisposition, abandoned.ReleaseInitiator));
    }

    private async Task<string> MakeCall(string callee) =>
        (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = callee, Caller = BeijingLine })).Value.CallContext!.JobId!;

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path)
    {
        using var response = await Control.PostAsync(path, null);
        var raw = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(raw.Length == 0 ? "null" : raw);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private string ChannelStateOf(string jobId, string number)
    {
        var instance = Emulator.State.GetInstance(Emulator.InstanceId);
        lock (instance.Gate)
        {
            return instance.Calls.Active[jobId].Channels.Single(c => c.IsPhone && c.Destination == number).State;
        }
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
