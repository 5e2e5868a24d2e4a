using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Samples.Crm.Accounts;
using Ccc.Sdk.Samples.Crm.Calls;
using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Supervision;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Ccc.Sdk.Tests.Samples.Supervision;

/// <summary>
/// The supervisor view's service (<see cref="Wallboard"/>) and the demo script (<see cref="BusyMorningDemo"/>) against
/// an in-process emulator: the server-side checks of listen and whisper, the call center's own refusals passed on as
/// errors, and the demo's one-run-at-a-time, cancel and application-stop behaviour.
/// </summary>
public sealed class SupervisionEmulatorTests : IAsyncLifetime
{
    private const string Agent1 = "agent1@ccc-local";
    private const string SupervisorId = "supervisor@ccc-local";
    private static readonly CrmUser Boss = new(SupervisorId, IsSupervisor: true);

    private CccEmulator _emulator = null!;
    private CccClient _ccc = null!;
    private HttpClient _control = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync();
        _ccc = new CccClient(
            new AccessKeyCredential(CccEmulator.DevAccessKeyId, CccEmulator.DevAccessKeySecret),
            new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId },
            new HttpClient());
        _control = new HttpClient { BaseAddress = _emulator.Endpoint };
    }

    public async Task DisposeAsync()
    {
        _control.Dispose();
        _ccc.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Listen_and_whisper_are_checked_on_the_server_and_the_call_centers_refusals_come_back_as_errors()
    {
        var notifier = new WallboardNotifier();
        var wallboard = new Wallboard(_ccc, notifier, TimeProvider.System);

        // Not a supervisor, one's own call, no call: refused before anything is sent.
        Assert.Equal(Wallboard.NotSupervisorCode, (await wallboard.SuperviseAsync(new CrmUser(Agent1, false), "agent2@ccc-local", "job-1", SupervisionMode.Listen))?.Code);
        Assert.Equal(Wallboard.NotSupervisorCode, (await wallboard.SuperviseAsync(null, "agent2@ccc-local", "job-1", SupervisionMode.Listen))?.Code);
        Assert.Equal("Crm.InvalidCall", (await wallboard.SuperviseAsync(Boss, SupervisorId, "job-1", SupervisionMode.Listen))?.Code);
        Assert.Equal("Crm.InvalidCall", (await wallboard.SuperviseAsync(Boss, Agent1, " ", SupervisionMode.Whisper))?.Code);
        Assert.Equal(Wallboard.CallNotLiveCode, (await wallboard.SuperviseAsync(Boss, Agent1, "job-1", SupervisionMode.Listen))?.Code);

        // A supervisor whose call center sign-in has ended (no client of their own): sign in again, never the CRM's keys.
        var signedOut = new Wallboard(_ccc, notifier, TimeProvider.System, _ => null);
        var again = await signedOut.SuperviseAsync(Boss, Agent1, "job-1", SupervisionMode.Listen);
        Assert.Equal((CallDesk.SignInAgainCode, 401), (again?.Code, again?.HttpStatusCode));

        // Agent 1 on a call (the webhook handler would note the call; here the test does).
        string contactId = await AgentOnCallAsync();
        notifier.AgentOnCall(Agent1, contactId, DateTimeOffset.UtcNow);
        var snapshot = await wallboard.ReadAsync();
        var row = Assert.Single(snapshot.Agents, a => a.AgentId == Agent1);
        Assert.Equal((Wallboard.Talking, contactId, "13700003001"), (row.State, row.JobId, row.CounterParty));

        // A call id that is not the agent's call any more: refused.
        Assert.Equal(Wallboard.CallNotLiveCode, (await wallboard.SuperviseAsync(Boss, Agent1, "job-older", SupervisionMode.Whisper))?.Code);

        // The supervisor's softphone is off duty: the call center's refusal is passed on, as an error, not a throw.
        var offDuty = await wallboard.SuperviseAsync(Boss, Agent1, contactId, SupervisionMode.Listen);
        Assert.Equal("UserStateNotAllowed", offDuty?.Code);
        Assert.NotNull(offDuty?.RequestId);

        // On duty: listen, then whisper on the same leg.
        await _ccc.SignInGroupAsync(new SignInGroupRequest { UserId = SupervisorId, DeviceId = "test", SignedSkillGroupIdList = [] });
        await _ccc.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = SupervisorId });
        Assert.Null(await wallboard.SuperviseAsync(Boss, Agent1, contactId, SupervisionMode.Listen));
        Assert.Contains(("StartMonitor", SupervisorId), await EventsAsync(contactId));
        Assert.Null(await wallboard.SuperviseAsync(Boss, Agent1, contactId, SupervisionMode.Whisper));
        var events = await EventsAsync(contactId);
        Assert.Contains(("StopMonitor", SupervisorId), events);
        Assert.Contains(("StartCoach", SupervisorId), events);
        Assert.Single(events, e => e == ("AgentTalk", SupervisorId)); // one leg, answered once
    }

    [Fact]
    public async Task The_demo_runs_once_at_a_time_and_a_cancel_or_the_application_stopping_ends_it_and_puts_things_back()
    {
        var lifetime = new Lifetime();
        using var demo = new BusyMorningDemo(_ccc, new DemoSettings(_emulator.Endpoint, _emulator.InstanceId), Mock.Of<ICustomerBook>(), new WallboardNotifier(), lifetime, TimeProvider.System, NullLogger<BusyMorningDemo>.Instance);
        Assert.Equal(DemoState.Idle, demo.Status.State);

        Assert.True(demo.TryStart());
        Assert.False(demo.TryStart()); // refused while running
        Assert.Equal(DemoState.Running, demo.Status.State);

        // The first caller gets through (at 2 s), the agents are on duty.
        await WaitUntilAsync(async () => demo.Status.Step >= 1, "the first step");
        Assert.Contains(await StatesAsync(), s => s.State != "Offline" && s.AgentId == Agent1);

        demo.Cancel();
        await WaitUntilAsync(async () => demo.Status.State == DemoState.Cancelled, "the cancel");
        Assert.NotNull(demo.Status.FinishedAt);
        Assert.All((await StatesAsync()).Where(s => s.AgentId != SupervisorId), s => Assert.Equal("Offline", s.State));
        Assert.Equal(0, (await _control.GetFromJsonAsync<JsonElement>("/_emulator/calls")).GetArrayLength());
        using var phone = JsonDocument.Parse(await _control.GetStringAsync("/_emulator/agents/agent1@ccc-local"));
        Assert.False(phone.RootElement.GetProperty("autoAnswer").GetBoolean());
        Assert.Contains(demo.Log, line => line.Contains("agent1 signs in.", StringComparison.Ordinal));

        // Again, and this time the application stops: the run ends and no new one starts.
        Assert.True(demo.TryStart());
        lifetime.StopApplication();
        await WaitUntilAsync(async () => demo.Status.State == DemoState.Cancelled, "the stop");
        Assert.False(demo.TryStart());
    }

    private async Task<string> AgentOnCallAsync()
    {
        using (var put = await _control.PutAsJsonAsync($"/_emulator/agents/{Agent1}", new { autoAnswer = true, answerAfterMs = 0 }))
        {
            put.EnsureSuccessStatusCode();
        }

        await _ccc.SignInGroupAsync(new SignInGroupRequest { UserId = Agent1, DeviceId = "test", SignedSkillGroupIdList = ["sales@ccc-local"] });
        await _ccc.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent1 });
        using var response = await _control.PostAsJsonAsync("/_emulator/calls/inbound", new { from = "13700003001", to = "02150000001", userName = "agent1" });
        response.EnsureSuccessStatusCode();
        string contactId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contactId").GetString()!;
        await WaitUntilAsync(async () => (await StatesAsync()).Any(s => s.AgentId == Agent1 && s.State == Wallboard.Talking), "agent 1 talking");
        return contactId;
    }

    private async Task<List<RealtimeAgentState>> StatesAsync()
    {
        var states = new List<RealtimeAgentState>();
        await foreach (var state in _ccc.ListRealtimeAgentStatesAsync())
        {
            states.Add(state);
        }

        return states;
    }

    private async Task<List<(string? Type, string? Agent)>> EventsAsync(string contactId)
    {
        using var doc = JsonDocument.Parse(await _control.GetStringAsync($"/_emulator/calls/{contactId}/events"));
        return [.. doc.RootElement.EnumerateArray().Select(e => (e.GetProperty("EventType").GetString(), e.GetProperty("AgentId").GetString()))];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 30 s for {what}.");
            await Task.Delay(50);
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
