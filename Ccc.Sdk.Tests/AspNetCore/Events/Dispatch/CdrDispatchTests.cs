using System.Collections.Concurrent;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Events;
using Ccc.Sdk.Tests.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Ccc.Sdk.Tests.AspNetCore.Events.Dispatch.DispatchTestKit;

namespace Ccc.Sdk.Tests.AspNetCore.Events.Dispatch;

/// <summary>The CDR handler and the reconciliation sweep against the real in-process emulator (records made by real calls).</summary>
public sealed class CdrDispatchTests : EmulatorCallTestBase
{
    private const string CustomerA = "13800000101";
    private const string CustomerB = "13800000102";
    private const string CustomerC = "13800000103";

    /// <summary>A CDR handler that records every record it got, with the push summary.</summary>
    private sealed class RecordingCdrHandler : ICccCdrHandler
    {
        public ConcurrentQueue<(CallDetailRecordDetails Record, CccCdrReadyEvent? Push)> Seen { get; } = new();

        public int Count(string contactId) => Seen.Count(s => s.Record.ContactId == contactId);

        public Task HandleAsync(CallDetailRecordDetails record, CccCdrReadyEvent? push, CancellationToken cancellationToken)
        {
            Seen.Enqueue((record, push));
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingEventHandler : ICccEventHandler
    {
        public ConcurrentQueue<CccEvent> Seen { get; } = new();

        public Task HandleAsync(CccEvent e, CancellationToken cancellationToken)
        {
            Seen.Enqueue(e);
            return Task.CompletedTask;
        }
    }

    private readonly RecordingCdrHandler _cdrs = new();
    private readonly RecordingEventHandler _events = new();

    private DispatchHarness Harness(Action<CccEventDispatchOptions>? configure = null) =>
        new(Clock, s => s.AddSingleton(Client).AddSingleton<ICccCdrHandler>(_cdrs).AddSingleton<ICccEventHandler>(_events), configure);

    private CccCdrReconciler Reconciler(DispatchHarness h, Action<CccReconciliationOptions>? configure = null)
    {
        var options = new CccReconciliationOptions();
        configure?.Invoke(options);
        return new CccCdrReconciler(h.Inbox, h.Services, Options.Create(options), h.Signal, Clock);
    }

    /// <summary>Agent1 calls <paramref name="customer"/>, who answers after 500 ms; they talk 5 s; the agent hangs up.</summary>
    private async Task<string> FinishedCall(string customer)
    {
        string jobId = await AnsweredCall(customer);
        Advance(5_000);
        await Client.ReleaseCallAsync(new ReleaseCallRequest { JobId = jobId, UserId = Agent1 });
        return jobId;
    }

    private async Task<string> AnsweredCall(string customer)
    {
        await Ready(Agent1);
        await SetPhone(customer, """{"behavior":"answer","answerAfterMs":500}""");
        var made = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = customer, Caller = BeijingLine })).Value;
        Advance(500);
        return made.CallContext!.JobId!;
    }

    /// <summary>The CDRReady summary the emulator pushes (docs/reference/events.md) for a finished call.</summary>
    private InboxEvent CdrPush(string contactId, DateTimeOffset start, DateTimeOffset end) =>
        Event("CDRReady", contactId, end, Clock.GetUtcNow(),
            $",\"startTime\":\"{Iso(start)}\",\"establishedTime\":\"{Iso(start.AddMilliseconds(500))}\",\"endTime\":\"{Iso(end)}\",\"dispositionCode\":\"Success\",\"agentIds\":[\"{Agent1}\"],\"skillGroupIds\":[]",
            Emulator.InstanceId);

    [Fact]
    public async Task The_CDR_handler_gets_the_full_record_fetched_from_the_emulator_with_the_push_summary()
    {
        var start = Clock.GetUtcNow();
        string jobId = await FinishedCall(CustomerA);
        await using var h = Harness();
        await h.StartAsync();

        var push = await h.PushAsync(CdrPush(jobId, start, Clock.GetUtcNow()));
        await Eventually(() => h.Item(push).State == InboxItemState.Done);

        var (record, summary) = Assert.Single(_cdrs.Seen);
        Assert.Equal((jobId, "Success", "Outbound"), (record.ContactId, record.ContactDisposition, record.ContactType));
        Assert.Equal(TimeSpan.FromSeconds(5), record.ReleaseTime - record.EstablishedTime); // the talk time (GetCallDetailRecord has no TalkTime)
        Assert.NotEmpty(record.AgentEvents!); // the timelines only GetCallDetailRecord has
        Assert.NotNull(summary);
        Assert.Equal((jobId, "Success"), (summary.ContactId, summary.DispositionCode));
        Assert.Equal([Agent1], summary.AgentIds);

        // The event handlers see the CDRReady event too.
        Assert.IsType<CccCdrReadyEvent>(Assert.Single(_events.Seen));
    }

    [Fact]
    public async Task A_CDR_the_service_does_not_have_yet_is_retried_past_MaxAttempts_until_it_appears()
    {
        var start = Clock.GetUtcNow();
        string jobId = await AnsweredCall(CustomerA); // still talking: no record yet
        await using var h = Harness(o => o.MaxAttempts = 1);
        await h.StartAsync();

        var push = await h.PushAsync(CdrPush(jobId, start, Clock.GetUtcNow()));
        await Eventually(() => h.Item(push).Attempts == 1);
        var item = h.Item(push);
        Assert.Equal(InboxItemState.Pending, item.State); // within CdrNotFoundRetryWindow: not dead-lettered
        Assert.Contains("not available yet", item.LastError, StringComparison.Ordinal);
        Assert.Empty(_cdrs.Seen);
        Assert.Empty(_events.Seen); // the record is fetched before any handler runs

        Advance(5_000);
        await Client.ReleaseCallAsync(new ReleaseCallRequest { JobId = jobId, UserId = Agent1 });
        await h.AdvanceUntil(() => h.Item(push).State == InboxItemState.Done, TimeSpan.FromSeconds(1));

        Assert.Equal(jobId, Assert.Single(_cdrs.Seen).Record.ContactId);
        Assert.Single(_events.Seen);
    }

    [Fact]
    public async Task A_CDR_still_missing_after_the_retry_window_is_dead_lettered()
    {
        await using var h = Harness(o =>
        {
            o.MaxAttempts = 2;
            o.CdrNotFoundRetryWindow = TimeSpan.FromSeconds(30);
        });
        await h.StartAsync();

        var push = await h.PushAsync(CdrPush("job-0000000000000000001", Clock.GetUtcNow(), Clock.GetUtcNow()));
        await h.AdvanceUntil(() => h.Item(push).State == InboxItemState.DeadLettered, TimeSpan.FromSeconds(5));

        Assert.True(h.Item(push).Attempts >= 2);
        Assert.Empty(_cdrs.Seen);
    }

    [Fact]
    public async Task Reconciliation_hands_a_CDR_that_never_came_by_push_to_the_CDR_handler_exactly_once_and_does_not_add_a_pushed_one()
    {
        var startA = Clock.GetUtcNow();
        string pushed = await FinishedCall(CustomerA);
        var endA = Clock.GetUtcNow();
        Advance(10_000);
        string lost = await FinishedCall(CustomerB); // every push of this one was dropped
        await using var h = Harness();
        var reconciler = Reconciler(h);
        await h.PushAsync(CdrPush(pushed, startA, endA));

        Assert.Equal(0, await reconciler.SweepAsync()); // both calls are younger than Delay (2 min): the push may still come
        Advance(2 * 60_000);
        Assert.Equal(1, await reconciler.SweepAsync());
        Assert.Equal(0, await reconciler.SweepAsync()); // a second sweep finds nothing new

        var swept = h.Inbox.All().Single(i => i.Event.WebhookId == "sweep:" + lost).Event;
        Assert.Equal(InboxEvent.CdrKey(Emulator.InstanceId, lost), swept.DedupeKey);
        var record = (await Client.GetCallDetailRecordAsync(lost)).Value;
        Assert.Equal(record.ReleaseTime, swept.EventTime);
        var summary = Assert.IsType<CccCdrReadyEvent>(CccEventParser.Parse(swept.Payload.Span)); // a CDRReady shaped like the cloud's
        Assert.Equal((lost, Emulator.InstanceId, "Success"), (summary.ContactId, summary.InstanceId, summary.DispositionCode));
        Assert.Equal((record.StartTime, record.EstablishedTime, record.ReleaseTime), (summary.StartTime, summary.EstablishedTime, (DateTimeOffset?)summary.EndTime));
        Assert.Equal([Agent1], summary.AgentIds);

        // A late push of the swept record is the same inbox event: stored once.
        Assert.False(await h.Inbox.AddAsync(CdrPush(lost, record.StartTime!.Value, record.ReleaseTime!.Value)));

        await h.StartAsync();
        await Eventually(() => h.Inbox.All().All(i => i.State == InboxItemState.Done));
        Advance(10 * 60_000);
        Assert.Equal(0, await reconciler.SweepAsync());
        await Task.Delay(100);

        Assert.Equal(1, _cdrs.Count(pushed));
        Assert.Equal(1, _cdrs.Count(lost));
        Assert.NotNull(_cdrs.Seen.Single(s => s.Record.ContactId == pushed).Push);
        Assert.Null(_cdrs.Seen.Single(s => s.Record.ContactId == lost).Push); // found by the sweep, no push summary
        Assert.NotEmpty(_cdrs.Seen.Single(s => s.Record.ContactId == lost).Record.AgentEvents!);
    }

    [Fact]
    public async Task The_reconciler_sweeps_when_it_starts_and_then_every_Interval()
    {
        string first = await FinishedCall(CustomerA);
        Advance(3 * 60_000);
        await using var h = Harness();
        using var reconciler = Reconciler(h, o => o.Interval = TimeSpan.FromMinutes(5));
        await reconciler.StartAsync(CancellationToken.None);
        await Eventually(() => h.Inbox.All().Count == 1);
        Assert.Equal("sweep:" + first, h.Inbox.All()[0].Event.WebhookId);

        string second = await FinishedCall(CustomerC);
        Advance(3 * 60_000);
        await Task.Delay(100);
        Assert.Single(h.Inbox.All()); // the next sweep is not due yet

        Advance(2 * 60_000);
        await Eventually(() => h.Inbox.All().Count == 2);
        Assert.Equal("sweep:" + second, h.Inbox.All()[1].Event.WebhookId);
        await reconciler.StopAsync(CancellationToken.None);
    }
}
