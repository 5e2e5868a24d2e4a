using System.Globalization;
using System.Text;

namespace Ccc.Sdk.Benchmarks.CallLoad;

/// <summary>The measurements of one call load run, its correctness checks, its goals and its markdown report.</summary>
internal sealed class CallLoadResult
{
    public required CallLoadOptions Options { get; init; }

    /// <summary>Customer hold time from IVR entry, in milliseconds.</summary>
    public required long HoldMs { get; init; }

    public required PhaseResult Baseline { get; init; }

    public required PhaseResult Calls { get; init; }

    /// <summary>Failed requests of the (unmeasured) warm-up calls, which count in the CDR check.</summary>
    public required int WarmUpFailures { get; init; }

    /// <summary>Warm-up calls offered before the measured ones.</summary>
    public required int WarmUpCalls { get; init; }

    public required double IdleManagedMb { get; init; }

    public required double IdleWorkingSetMb { get; init; }

    /// <summary>Managed heap after a full collection when the offered load stopped (calls still at the steady level).</summary>
    public required double PeakManagedMb { get; init; }

    public required double PeakWorkingSetAtEndOfOfferMb { get; init; }

    /// <summary>The largest working set sampled (every 20 ms) from the first measured call until the last call ended: the whole process.</summary>
    public required double CallPhasePeakWorkingSetMb { get; init; }

    /// <summary><c>Process.PeakWorkingSet64</c> at the end of the run, so including the CDR read-back: the whole process (emulator, driver, SDK client).</summary>
    public required double ProcessPeakWorkingSetMb { get; init; }

    public required int LiveCallsAtPeakMeasure { get; init; }

    /// <summary>The sample (every 20 ms) with the most live calls.</summary>
    public required LiveCallSample Peak { get; init; }

    public required bool AllCallsEnded { get; init; }

    /// <summary>Contact ids the inbound POSTs returned.</summary>
    public required IReadOnlyList<string> StartedContactIds { get; init; }

    /// <summary>CDRs read back through ListCallDetailRecords.</summary>
    public required IReadOnlyList<RecordSummary> Records { get; init; }

    public required (DateTimeOffset Start, DateTimeOffset End) SteadyWindow { get; init; }

    /// <summary>How long reading every CDR back through ListCallDetailRecords took.</summary>
    public required TimeSpan RecordReadDuration { get; init; }

    public int DuplicateRecords => Records.Count - Records.Select(r => r.ContactId).Distinct(StringComparer.Ordinal).Count();

    public int DuplicateStarted => StartedContactIds.Count - StartedContactIds.Distinct(StringComparer.Ordinal).Count();

    /// <summary>Calls started with no CDR.</summary>
    public int MissingRecords => StartedContactIds.Except(Records.Select(r => r.ContactId), StringComparer.Ordinal).Count();

    /// <summary>CDRs of no call this run started.</summary>
    public int UnexpectedRecords => Records.Select(r => r.ContactId).Except(StartedContactIds, StringComparer.Ordinal).Count();

    /// <summary>Every offered call started, ended, and has exactly one CDR; no CDR of anything else.</summary>
    public bool CdrCheckPassed =>
        Calls.Failed == 0 && WarmUpFailures == 0 && StartedContactIds.Count == Calls.Sent + WarmUpCalls && AllCallsEnded && Records.Count == StartedContactIds.Count
        && DuplicateRecords == 0 && DuplicateStarted == 0 && MissingRecords == 0 && UnexpectedRecords == 0;

    /// <summary>Calls that reached TALKING (CDR <c>EstablishedTime</c>) in the steady window.</summary>
    public int SetupsInSteadyWindow => Records.Count(r => r.EstablishedTime is { } t && t >= SteadyWindow.Start && t <= SteadyWindow.End);

    public double SetupsPerSecond => SetupsInSteadyWindow / Math.Max((SteadyWindow.End - SteadyWindow.Start).TotalSeconds, 1e-9);

    public int Established => Records.Count(r => r.EstablishedTime is not null);

    public bool SetupGoalMet => SetupsPerSecond >= Options.GoalSetupsPerSecond;

    public bool ConcurrencyGoalMet => Peak.Active >= Options.Concurrent;

    public bool MemoryGoalMet => CallPhasePeakWorkingSetMb <= Options.GoalPeakWorkingSetMb;

    public bool AllGoalsMet => SetupGoalMet && ConcurrencyGoalMet && MemoryGoalMet && CdrCheckPassed;

    /// <summary>The report as markdown (the tables docs/benchmarks.md shows).</summary>
    public string ToMarkdown()
    {
        var o = Options;
        var s = new StringBuilder();
        s.AppendLine(Invariant($"{o.Agents} agents, {Calls.Sent} inbound calls offered at {o.Rate:0}/s for {o.Seconds:0.#} s, customers hang up {HoldMs} ms after IVR entry; baseline {Baseline.Sent} requests at the same rate; each path warmed up for {o.WarmUpSeconds:0.#} s first (the warm-up calls count in the CDR check)."));
        s.AppendLine();
        s.AppendLine("| HTTP path at the same offered rate | offered/s | p50 | p90 | p99 | max | CPU per request | allocated per request | GC pauses (gen2) | failed | driver behind |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row(s, "`GET /_emulator/agents/{id}` (baseline)", Baseline);
        Row(s, "`POST /_emulator/calls/inbound`", Calls);
        s.AppendLine(Invariant($"| ratio call / baseline | | {Ratio(Calls.Percentile(0.5), Baseline.Percentile(0.5))} | {Ratio(Calls.Percentile(0.9), Baseline.Percentile(0.9))} | {Ratio(Calls.Percentile(0.99), Baseline.Percentile(0.99))} | | {Ratio(Calls.CpuMicrosecondsPerRequest, Baseline.CpuMicrosecondsPerRequest)} | {Ratio(Calls.AllocatedKbPerRequest, Baseline.AllocatedKbPerRequest)} | | | |"));
        s.AppendLine();
        s.AppendLine("| measure | value | goal | |");
        s.AppendLine("|---|---:|---:|---|");
        s.AppendLine(Invariant($"| set-ups/s (calls reaching TALKING, steady window {(SteadyWindow.End - SteadyWindow.Start).TotalSeconds:0.0} s) | **{SetupsPerSecond:0.0}** | ≥ {o.GoalSetupsPerSecond:0} | {Verdict(SetupGoalMet)} |"));
        s.AppendLine(Invariant($"| peak concurrent calls (in IVR, queue, ringing or talk) | **{Peak.Active}** ({Peak.Talking} talking, {Peak.Queued} queued) | ≥ {o.Concurrent} | {Verdict(ConcurrencyGoalMet)} |"));
        s.AppendLine(Invariant($"| peak working set while calls run (whole process: emulator + driver + SDK client) | **{CallPhasePeakWorkingSetMb:0.0} MB** | ≤ {o.GoalPeakWorkingSetMb:0} MB | {Verdict(MemoryGoalMet)} |"));
        s.AppendLine(Invariant($"| process peak working set of the whole run, CDR read-back included (`PeakWorkingSet64`) | {ProcessPeakWorkingSetMb:0.0} MB | | |"));
        s.AppendLine(Invariant($"| idle emulator, {o.Agents} agents READY (memory baseline): managed / working set | {IdleManagedMb:0.0} MB / {IdleWorkingSetMb:0.0} MB | | |"));
        s.AppendLine(Invariant($"| at the end of the offer ({LiveCallsAtPeakMeasure} live calls): managed / working set | {PeakManagedMb:0.0} MB / {PeakWorkingSetAtEndOfOfferMb:0.0} MB | | |"));
        s.AppendLine(Invariant($"| managed memory per live call above the idle baseline | {PerCallKb()} | | |"));
        s.AppendLine(Invariant($"| CDRs read through ListCallDetailRecords / calls started | **{Records.Count} / {StartedContactIds.Count}** (missing {MissingRecords}, duplicated {DuplicateRecords}, unexpected {UnexpectedRecords}, POST failures {Calls.Failed + WarmUpFailures}, all ended {AllCallsEnded}) | equal, none missing or duplicated | {Verdict(CdrCheckPassed)} |"));
        s.AppendLine(Invariant($"| reading the CDRs back (pages of 100, sliced by the SDK above 100 pages) | {RecordReadDuration.TotalSeconds:0.0} s | | |"));
        s.AppendLine(Invariant($"| calls that reached TALKING / dispositions | {Established} / {string.Join(", ", Records.GroupBy(r => r.Disposition).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count().ToString(CultureInfo.InvariantCulture)))} | | |"));
        return s.ToString();
    }

    private string PerCallKb() =>
        LiveCallsAtPeakMeasure > 0 ? Invariant($"{(PeakManagedMb - IdleManagedMb) * 1024 / LiveCallsAtPeakMeasure:0.0} KB (includes the CDRs and events kept so far)") : "n/a";

    private static void Row(StringBuilder s, string name, PhaseResult p) =>
        s.AppendLine(Invariant($"| {name} | {p.OfferedPerSecond:0.0} | {p.Percentile(0.5):0.00} ms | {p.Percentile(0.9):0.00} ms | {p.Percentile(0.99):0.00} ms | {p.Percentile(1):0.0} ms | {p.CpuMicrosecondsPerRequest:0} µs | {p.AllocatedKbPerRequest:0.0} KB | {p.GcPause.TotalMilliseconds:0} ms ({p.Gen2Collections}) | {p.Failed} | {p.WaitedForSlot} |"));

    private static string Ratio(double a, double b) => b > 0 ? Invariant($"{a / b:0.00}×") : "n/a";

    private static string Verdict(bool met) => met ? "met" : "**NOT met**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
