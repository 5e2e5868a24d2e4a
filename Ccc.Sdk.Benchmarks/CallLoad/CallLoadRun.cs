using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Benchmarks.CallLoad;

/// <summary>
/// The call load run: an in-process emulator on 127.0.0.1 seeded with N agents in one skill group behind one
/// inbound number, all signed in, READY and auto-answering; customers who hang up a fixed time after IVR entry;
/// inbound calls offered over real HTTP at a fixed rate; then every CDR read back through the signed OpenAPI
/// (<see cref="CccClient.ListCallDetailRecordsAsync"/>) and checked against the calls started.
/// Baselines from the same run: the bare control-API HTTP path at the same rate, and the idle emulator's memory.
/// </summary>
internal static class CallLoadRun
{
    private const string InstanceId = CccEmulator.DefaultInstanceId;
    private const string SkillGroupId = "load@" + InstanceId;
    private const string InboundNumber = "02150000001";
    private const double Mb = 1024 * 1024;

    /// <summary>Runs the load run and returns its measurements (goals are judged by <see cref="CallLoadResult"/>).</summary>
    /// <param name="options">The run's settings.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<CallLoadResult> RunAsync(CallLoadOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        var holdMs = options.EffectiveHoldMs;
        var callers = CallerNumbers(Math.Max(2 * options.Concurrent, 100));
        var seedFile = Path.Combine(Path.GetTempPath(), $"ccc-calls-load-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seedFile, BuildSeed(options.Agents, callers, holdMs), cancellationToken).ConfigureAwait(false);
        try
        {
            await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { SeedFile = seedFile }, cancellationToken).ConfigureAwait(false);
            using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var http = new HttpClient(handler) { BaseAddress = emulator.Endpoint, Timeout = TimeSpan.FromSeconds(60) };
            using var client = new CccClient(
                new AccessKeyCredential(emulator.AccessKeyId, emulator.AccessKeySecret),
                new CccClientOptions { Endpoint = emulator.Endpoint, InstanceId = InstanceId },
                http);
            var instance = emulator.State.GetInstance(InstanceId);
            var agentIds = Enumerable.Range(1, options.Agents).Select(AgentId).ToArray();

            log.WriteLine($"emulator at {emulator.Endpoint}; signing in {options.Agents} agents");
            await PrepareAgentsAsync(client, http, agentIds, cancellationToken).ConfigureAwait(false);
            var idle = MeasureMemory();

            // Baseline: the bare control-API path (routing, JSON, the instance lock once) at the same rate.
            // Both paths are warmed up first (JIT, tiering, connections) at the same rate for WarmUpSeconds, unmeasured.
            var baselineCount = Math.Max(1, (int)Math.Round(options.Rate * options.BaselineSeconds));
            var warmUpCount = (int)Math.Round(options.Rate * options.WarmUpSeconds);
            async Task<bool> GetAgent(int i)
            {
                using var response = await http.GetAsync(new Uri("_emulator/agents/" + agentIds[i % agentIds.Length], UriKind.Relative), cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return response.IsSuccessStatusCode && body.Contains("\"autoAnswer\":true", StringComparison.Ordinal);
            }

            log.WriteLine($"baseline: {baselineCount} GET /_emulator/agents/{{id}} at {options.Rate}/s after {warmUpCount} to warm up");
            await OpenLoopDriver.RunAsync(warmUpCount, options.Rate, options.MaxInFlight, GetAgent, cancellationToken).ConfigureAwait(false);
            var baseline = await OpenLoopDriver.RunAsync(baselineCount, options.Rate, options.MaxInFlight, GetAgent, cancellationToken).ConfigureAwait(false);

            // The call phase, with a sampler of the engine's live calls.
            // Warm-up calls are real calls: they count in the CDR check like every other.
            var total = options.TotalCalls;
            var contactIds = new string?[warmUpCount + total];
            Func<int, Task<bool>> Inbound(int offset) => async i =>
            {
                var body = new StringContent(
                    $"{{\"from\":\"{callers[(offset + i) % callers.Length]}\",\"to\":\"{InboundNumber}\",\"instanceId\":\"{InstanceId}\"}}",
                    Encoding.UTF8,
                    "application/json");
                using var response = await http.PostAsync(new Uri("_emulator/calls/inbound", UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
                contactIds[offset + i] = json.RootElement.GetProperty("contactId").GetString();
                return contactIds[offset + i] is not null;
            };

            log.WriteLine($"calls: {total} inbound at {options.Rate}/s after {warmUpCount} to warm up, customers hang up {holdMs} ms after IVR entry");
            var cdrWindowStart = DateTimeOffset.UtcNow;
            var warmUp = await OpenLoopDriver.RunAsync(warmUpCount, options.Rate, options.MaxInFlight, Inbound(0), cancellationToken).ConfigureAwait(false);
            using var stopSampler = new CancellationTokenSource();
            var sampler = SampleAsync(instance, stopSampler.Token);
            var windowStart = DateTimeOffset.UtcNow;
            var calls = await OpenLoopDriver.RunAsync(total, options.Rate, options.MaxInFlight, Inbound(warmUpCount), cancellationToken).ConfigureAwait(false);
            var sendEnd = windowStart + calls.SendDuration;

            // Peak: the offered load has just stopped; calls are still in the system at the steady level.
            var atPeak = MeasureMemory();
            var liveAtPeakMeasure = LiveCalls(instance).Active;
            log.WriteLine($"calls offered; {liveAtPeakMeasure} live; waiting for them to end");
            var drained = await WaitForNoLiveCallsAsync(instance, TimeSpan.FromMilliseconds(holdMs) + TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            await stopSampler.CancelAsync().ConfigureAwait(false);
            var peak = await sampler.ConfigureAwait(false);

            // Every CDR of the window through the signed OpenAPI, paging (and slicing) as the SDK does.
            log.WriteLine("reading CDRs through ListCallDetailRecords");
            var readClock = Stopwatch.StartNew();
            var records = new List<RecordSummary>(contactIds.Length);
            var request = new ListCallDetailRecordsRequest
            {
                StartTime = cdrWindowStart.AddSeconds(-1),
                EndTime = DateTimeOffset.UtcNow.AddSeconds(1),
                SortOrder = "ASC",
            };
            await foreach (var page in client.ListCallDetailRecordsAsync(request, cancellationToken).AsPages(100).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                records.AddRange(page.Items.Select(r => new RecordSummary(r.ContactId ?? "", r.StartTime, r.EstablishedTime, r.ContactDisposition ?? "")));
            }

            readClock.Stop();
            using var process = Process.GetCurrentProcess();
            return new CallLoadResult
            {
                Options = options,
                HoldMs = holdMs,
                Baseline = baseline,
                Calls = calls,
                WarmUpFailures = warmUp.Failed,
                WarmUpCalls = warmUp.Sent,
                IdleManagedMb = idle.Managed / Mb,
                IdleWorkingSetMb = idle.WorkingSet / Mb,
                PeakManagedMb = atPeak.Managed / Mb,
                PeakWorkingSetAtEndOfOfferMb = atPeak.WorkingSet / Mb,
                ProcessPeakWorkingSetMb = process.PeakWorkingSet64 / Mb,
                LiveCallsAtPeakMeasure = liveAtPeakMeasure,
                Peak = peak.Calls,
                CallPhasePeakWorkingSetMb = peak.WorkingSet / Mb,
                AllCallsEnded = drained,
                StartedContactIds = contactIds.Where(c => c is not null).Select(c => c!).ToList(),
                Records = records,
                RecordReadDuration = readClock.Elapsed,
                SteadyWindow = SteadyWindow(windowStart, sendEnd, holdMs),
            };
        }
        finally
        {
            File.Delete(seedFile);
        }
    }

    /// <summary>The seed: one instance with the agents, one skill group and one inbound number; customers who hang up.</summary>
    internal static string BuildSeed(int agents, IReadOnlyList<string> callers, long holdMs)
    {
        var queueSeconds = Math.Clamp((holdMs / 1000) + 60, 60, 86_400); // Longer than a customer waits: no queuing timeouts.
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteBoolean("ReplaceBuiltIn", true);
            w.WriteStartArray("Instances");
            w.WriteStartObject();
            w.WriteString("InstanceId", InstanceId);
            w.WriteStartArray("Roles");
            w.WriteStartObject();
            w.WriteString("RoleId", "Agent@" + InstanceId);
            w.WriteString("RoleName", "Agent");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("SkillGroups");
            w.WriteStartObject();
            w.WriteString("Name", "load");
            w.WriteString("DisplayName", "Load run");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("Users");
            for (var i = 1; i <= agents; i++)
            {
                w.WriteStartObject();
                w.WriteString("LoginName", LoginName(i));
                w.WriteString("DisplayName", "Load agent " + i.ToString(CultureInfo.InvariantCulture));
                w.WriteString("Extension", (10000 + i).ToString(CultureInfo.InvariantCulture));
                w.WriteString("RoleId", "Agent@" + InstanceId);
                w.WriteStartArray("SkillLevels");
                w.WriteStartObject();
                w.WriteString("SkillGroupId", SkillGroupId);
                w.WriteNumber("SkillLevel", 5);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("PhoneNumbers");
            w.WriteStartObject();
            w.WriteString("Number", InboundNumber);
            w.WriteString("Usage", "Inbound");
            w.WriteStartArray("SkillGroupIds");
            w.WriteStringValue(SkillGroupId);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("CallSettings");
            w.WriteNumber("afterCallWorkSeconds", 0);
            w.WriteNumber("queuingTimeoutSeconds", queueSeconds);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("Phones");
            foreach (var caller in callers)
            {
                w.WriteStartObject(caller);
                w.WriteString("behavior", "answer");
                w.WriteNumber("hangUpAfterMs", holdMs);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string LoginName(int i) => "load" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static string AgentId(int i) => LoginName(i) + "@" + InstanceId;

    private static string[] CallerNumbers(int count) =>
        Enumerable.Range(0, count).Select(i => "139" + (10_000_000 + i).ToString("D8", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Signs every agent in through the OpenAPI, makes it READY, and turns on auto-answer through the control API.</summary>
    private static async Task PrepareAgentsAsync(CccClient client, HttpClient http, string[] agentIds, CancellationToken ct)
    {
        await Parallel.ForEachAsync(agentIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (userId, token) =>
        {
            await client.SignInGroupAsync(new SignInGroupRequest { UserId = userId, DeviceId = "load-" + userId, SignedSkillGroupIdList = [SkillGroupId] }, token).ConfigureAwait(false);
            using (var put = await http.PutAsJsonAsync(new Uri("_emulator/agents/" + userId, UriKind.Relative), new AutoAnswerBody(true, 0), token).ConfigureAwait(false))
            {
                put.EnsureSuccessStatusCode();
            }

            await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = userId }, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static (long Managed, long WorkingSet) MeasureMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        return (managed, Environment.WorkingSet);
    }

    private static LiveCallSample LiveCalls(CccInstance instance)
    {
        lock (instance.Gate)
        {
            var talking = 0;
            foreach (var agent in instance.Users.Values)
            {
                if (agent.UserState == UserStates.Talking)
                {
                    talking++;
                }
            }

            return new LiveCallSample(instance.Calls.Active.Count, instance.Calls.Queue.Count, talking);
        }
    }

    /// <summary>Samples the engine and the process every 20 ms: the sample with the most live calls, and the largest working set.</summary>
    private static async Task<(LiveCallSample Calls, long WorkingSet)> SampleAsync(CccInstance instance, CancellationToken ct)
    {
        var peak = new LiveCallSample(0, 0, 0);
        var workingSet = Environment.WorkingSet;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var sample = LiveCalls(instance);
                if (sample.Active > peak.Active)
                {
                    peak = sample;
                }

                workingSet = Math.Max(workingSet, Environment.WorkingSet);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }

        return (peak, workingSet);
    }

    private static async Task<bool> WaitForNoLiveCallsAsync(CccInstance instance, TimeSpan limit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (LiveCalls(instance).Active == 0)
            {
                return true;
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>
    /// The steady window: from one hold time (plus a second) after the first call, when the first callers have hung
    /// up and agents take calls from the queue at the offered rate, to the last call offered.
    /// </summary>
    private static (DateTimeOffset Start, DateTimeOffset End) SteadyWindow(DateTimeOffset first, DateTimeOffset last, long holdMs)
    {
        var start = first.AddMilliseconds(holdMs + 1000);
        return last - start >= TimeSpan.FromSeconds(2) ? (start, last) : (first, last);
    }

    private sealed record AutoAnswerBody(bool AutoAnswer, long AnswerAfterMs);
}

/// <summary>Live calls seen in the engine at one moment.</summary>
/// <param name="Active">Calls not yet ended (IVR, queue, ringing, talking).</param>
/// <param name="Queued">Of those, waiting in the queue.</param>
/// <param name="Talking">Agents in TALKING.</param>
internal sealed record LiveCallSample(int Active, int Queued, int Talking);

/// <summary>The part of a CDR the checks need.</summary>
internal sealed record RecordSummary(string ContactId, DateTimeOffset? StartTime, DateTimeOffset? EstablishedTime, string Disposition);
