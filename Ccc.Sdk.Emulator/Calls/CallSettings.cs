using Ccc.Sdk.Emulator.Records;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>Daily opening hours of an instance's IVR (rule R4), in the instance's local time.</summary>
/// <param name="Start">Opening time of day.</param>
/// <param name="End">Closing time of day (exclusive). Before <paramref name="Start"/>: open over midnight.</param>
/// <param name="UtcOffsetMinutes">Local time offset from UTC in minutes (China: 480).</param>
internal sealed record WorkHours(TimeOnly Start, TimeOnly End, int UtcOffsetMinutes)
{
    public bool IsOpen(DateTimeOffset utcNow)
    {
        var local = TimeOnly.FromDateTime(utcNow.ToOffset(TimeSpan.FromMinutes(UtcOffsetMinutes)).DateTime);
        return Start <= End ? local >= Start && local < End : local >= Start || local < End;
    }
}

/// <summary>
/// Call-handling settings of one instance (seed <c>CallSettings</c>, control API
/// <c>PUT /_emulator/instances/{id}/call-settings</c>). Guarded by the instance lock.
/// </summary>
internal sealed class CallSettings
{
    /// <summary>Rule R1: offer an inbound call to the agent who last served the caller, when READY.</summary>
    public bool FamiliarAgentRouting { get; set; } = true;

    /// <summary>After-call work (WORKING) after each call, in seconds; 0 = straight back to READY.</summary>
    public int AfterCallWorkSeconds { get; set; } = 15;

    /// <summary>How long an offered call rings an agent before the agent goes to BREAK and the call is re-queued, in seconds.</summary>
    public int AgentRingTimeoutSeconds { get; set; } = 30;

    /// <summary>How long an inbound call waits in a skill group's queue, in seconds.</summary>
    public int QueuingTimeoutSeconds { get; set; } = 60;

    /// <summary>Skill group → skill group a queued call overflows to on its first queuing timeout.</summary>
    public Dictionary<string, string> QueueOverflow { get; } = new(StringComparer.Ordinal);

    /// <summary>Rule R4; null = always open.</summary>
    public WorkHours? WorkHours { get; set; }

    /// <summary>Rule R6: callers the IVR rejects.</summary>
    public HashSet<string> InboundBlacklist { get; } = new(StringComparer.Ordinal);

    /// <summary>Rule R6: numbers agents may not call.</summary>
    public HashSet<string> OutboundBlacklist { get; } = new(StringComparer.Ordinal);

    /// <summary>Rule N3: simultaneous outbound calls per number unless the number sets its own limit.</summary>
    public int OutboundConcurrencyPerNumber { get; set; } = 10;

    /// <summary>Rule O2: calls one caller number may place to one callee per day (the next is restricted).</summary>
    public int DailyCallsPerCallee { get; set; } = 5;

    /// <summary>Rule A2: mask customer numbers in agent-facing data (CallControlData).</summary>
    public bool HideCustomerNumbers { get; set; }
}

/// <summary>
/// The live call state of one instance. Guarded by the instance lock (<see cref="Instances.CccInstance.Gate"/>).
/// </summary>
internal sealed class InstanceCalls
{
    public CallSettings Settings { get; } = new();

    /// <summary>Calls not yet ended, by JobId.</summary>
    public Dictionary<string, Call> Active { get; } = new(StringComparer.Ordinal);

    /// <summary>Queued inbound calls, oldest first.</summary>
    public LinkedList<Call> Queue { get; } = new();

    /// <summary>Customer number → last agent who talked to it (rule R1). Cleared when it grows past 100 000.</summary>
    public Dictionary<string, string> LastAgentByCustomer { get; } = new(StringComparer.Ordinal);

    /// <summary>Live outbound legs per instance number (rule N3).</summary>
    public Dictionary<string, int> OutboundInUse { get; } = new(StringComparer.Ordinal);

    /// <summary>"caller|callee" → attempts today (rule O2); <see cref="AttemptsDay"/> is the local day they count.</summary>
    public Dictionary<string, int> DailyAttempts { get; } = new(StringComparer.Ordinal);

    public DateOnly AttemptsDay { get; set; }

    /// <summary>Number → its own outbound concurrency limit (seed <c>MaxOutboundConcurrency</c>).</summary>
    public Dictionary<string, int> NumberConcurrency { get; } = new(StringComparer.Ordinal);

    /// <summary>Work deferred until the current engine step is done (zero-delay outcomes), run by the engine's Drain.</summary>
    public Queue<Action> Deferred { get; } = new();

    public CdrStore Records { get; set; } = new(50_000, TimeSpan.FromDays(7));
}
