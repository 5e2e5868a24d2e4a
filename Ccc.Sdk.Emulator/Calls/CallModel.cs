namespace Ccc.Sdk.Emulator.Calls;

/// <summary>Channel states of the cloud (ChannelState, docs/reference/api-conventions.md#shapes-and-enums).</summary>
internal static class ChannelStates
{
    public const string Created = "CREATED";
    public const string Ringing = "RINGING";
    public const string EarlyMedia = "EARLY_MEDIA";
    public const string Answered = "ANSWERED";
    public const string Released = "RELEASED";
}

/// <summary>Call types of the cloud (CallType, docs/reference/api-conventions.md#shapes-and-enums).</summary>
internal static class CallTypes
{
    public const string Inbound = "INBOUND";
    public const string Outbound = "OUTBOUND";
    public const string Internal = "INTERNAL";
    public const string Back2Back = "BACK2BACK";
    public const string Consultant = "CONSULTANT";
    public const string Monitor = "MONITOR";
    public const string Coach = "COACH";
    public const string Barge = "BARGE";
    public const string Intercept = "INTERCEPT";
}

/// <summary>CDR <c>ContactType</c> values (docs/reference/api-conventions.md#call-detail-records).</summary>
internal static class ContactTypes
{
    public const string Inbound = "Inbound";
    public const string Outbound = "Outbound";
    public const string Internal = "Internal";
    public const string Back2Back = "Back2Back";

    public static readonly string[] All = [Inbound, Outbound, Back2Back, Internal, "Predictive", "PrivacyDial", "Conference"];
}

/// <summary>CDR <c>ContactDisposition</c> values (docs/reference/api-conventions.md#call-detail-records).</summary>
internal static class Dispositions
{
    public const string Success = "Success";
    public const string NoAnswer = "NoAnswer";
    public const string Reject = "Reject";
    public const string AbandonedInIvr = "AbandonedInIVR";
    public const string AbandonedInQueue = "AbandonedInQueue";
    public const string AbandonedInRing = "AbandonedInRing";
    public const string QueuingTimeout = "QueuingTimeout";

    public static readonly string[] All =
    [
        Success, NoAnswer, Reject, AbandonedInIvr, AbandonedInQueue, AbandonedInRing, "AbandonedInVoiceNavigator",
        QueuingTimeout, "QueuingOverflow", "QueuingFailed", "Voicemail", "IVRException", "ForwardToOutsideNumber",
    ];
}

/// <summary>SIP-style release reasons (ChannelContext.ReleaseReason, docs/reference/api-conventions.md#shapes-and-enums).</summary>
internal static class ReleaseReasons
{
    public const string Okay = "200 - Okay";
    public const string Busy = "486 - Busy Here";
    public const string NoAnswer = "480 - Temporarily Unavailable";
    public const string Declined = "603 - Decline";
    public const string Cancelled = "487 - Request Terminated";
    public const string QueuingTimeout = "408 - Queuing Timeout";
    public const string Blacklisted = "603 - Decline (inbound blacklist)";
    public const string OutsideWorkHours = "200 - Okay (outside work hours)";
    public const string Transferred = "200 - Okay (transferred)";

    /// <summary>Emulator addition: the agent's leg after a supervisor's InterceptCall took its place.</summary>
    public const string Intercepted = "200 - Okay (intercepted)";
}

/// <summary>Who ended a call (CDR and ChannelContext <c>ReleaseInitiator</c>).</summary>
internal static class ReleaseInitiators
{
    public const string Agent = "agent";
    public const string Customer = "customer";

    /// <summary>Emulator addition: timeouts, the IVR and queue ends (the reference only names agent|customer).</summary>
    public const string System = "system";
}

/// <summary>What a channel stands for in its call; decides what its answer or failure means.</summary>
internal enum ChannelRole
{
    /// <summary>The customer of an inbound or outbound call.</summary>
    Customer,

    /// <summary>The agent serving the call (softphone, or the agent's mobile when OFF_SITE).</summary>
    Agent,

    /// <summary>The first leg of a double call.</summary>
    Back2BackCaller,

    /// <summary>The second leg of a double call.</summary>
    Back2BackCallee,

    /// <summary>The party a blind transfer dials (agent or external number).</summary>
    TransferTarget,

    /// <summary>The party an attended transfer consults.</summary>
    ConsultTarget,

    /// <summary>The agent an INTERNAL call (MakeCall to an extension) rings; the caller agent's channel is <see cref="Agent"/>.</summary>
    InternalCallee,

    /// <summary>
    /// A supervisor's leg (MonitorCall, CoachCall, BargeInCall, InterceptCall): what it hears and who hears it is its
    /// <see cref="Channel.Supervision"/>; after an intercept it serves the call in the supervised agent's place.
    /// </summary>
    Supervisor,
}

/// <summary>What a supervisor's leg does in its call (docs/decisions/0012-supervisor-legs.md).</summary>
internal enum SupervisionMode
{
    /// <summary>Not a supervisor's leg.</summary>
    None,

    /// <summary>MonitorCall: hears the agent and the customer, heard by nobody.</summary>
    Monitor,

    /// <summary>CoachCall: hears both, heard by the supervised agent only (whisper).</summary>
    Coach,

    /// <summary>BargeInCall: a three-way call, everybody hears everybody.</summary>
    Barge,

    /// <summary>InterceptCall: the supervisor took the agent's place (the agent's leg is released).</summary>
    Intercept,
}

/// <summary>Where an inbound or outbound call is in its life.</summary>
internal enum CallPhase
{
    Ivr,
    Queued,
    Offering,
    Dialing,
    Talking,
    Consulting,
    Ended,
}

/// <summary>How a simulated phone or an agent leg ends its ringing.</summary>
internal enum LegOutcome
{
    Answer,
    Busy,
    Reject,
    Timeout,
    HangUp,

    /// <summary>The carrier's ringback/announcement starts: RINGING → EARLY_MEDIA; the final outcome follows.</summary>
    EarlyMedia,
}

/// <summary>
/// One channel (leg) of a call. Guarded by the instance lock. Kept small: a load run holds thousands.
/// </summary>
internal sealed class Channel
{
    public required string ChannelId { get; init; }

    public required ChannelRole Role { get; set; }

    /// <summary>The leg's call type; a supervisor's leg changes it with its mode (MONITOR, COACH, BARGE, INTERCEPT).</summary>
    public required string CallType { get; set; }

    public required string Originator { get; init; }

    public required string Destination { get; init; }

    public string State { get; set; } = ChannelStates.Created;

    /// <summary>The agent of this channel, or empty for a customer.</summary>
    public string UserId { get; init; } = "";

    public string UserExtension { get; init; } = "";

    /// <summary>True when the far end is a simulated phone (a customer, or an OFF_SITE agent's mobile).</summary>
    public bool IsPhone { get; init; }

    /// <summary>Instance number this leg dials out with (counts towards its concurrency, rule N3), or null.</summary>
    public string? OutboundNumber { get; init; }

    /// <summary>Epoch ms of the last state change.</summary>
    public long Timestamp { get; set; }

    public long RingStart { get; set; }

    public long AnsweredAt { get; set; }

    public string ReleaseInitiator { get; set; } = "";

    public string ReleaseReason { get; set; } = "";

    public bool Held { get; set; }

    public long HeldSince { get; set; }

    public bool Muted { get; set; }

    /// <summary>A supervisor's leg: its mode; <see cref="SupervisionMode.None"/> for every other leg.</summary>
    public SupervisionMode Supervision { get; set; }

    /// <summary>A supervisor's leg: the agent it monitors, coaches, barges in on or intercepted; else empty.</summary>
    public string SupervisedUserId { get; set; } = "";

    /// <summary>Bumped whenever the pending timer changes; a firing timer with an older generation is ignored.</summary>
    public int TimerGeneration { get; set; }

    public ITimer? Timer { get; set; }

    /// <summary>After an <see cref="LegOutcome.EarlyMedia"/> step: the final outcome and its epoch-ms due time.</summary>
    public (LegOutcome Outcome, long DueAt)? AfterEarlyMedia { get; set; }

    public bool IsReleased => State == ChannelStates.Released;

    public bool IsAnswered => State == ChannelStates.Answered;

    public bool IsRinging => State is ChannelStates.Ringing or ChannelStates.Created or ChannelStates.EarlyMedia;

    /// <summary>ChannelFlags: HELD and MUTED, and a supervisor leg's MONITORING, COACHING or BARGING first (emulator choice).</summary>
    public string Flags
    {
        get
        {
            var own = (Held, Muted) switch
            {
                (true, true) => "HELD,MUTED",
                (true, false) => "HELD",
                (false, true) => "MUTED",
                _ => "",
            };
            var supervision = Supervision switch
            {
                SupervisionMode.Monitor => "MONITORING",
                SupervisionMode.Coach => "COACHING",
                SupervisionMode.Barge => "BARGING",
                _ => "",
            };
            return supervision.Length == 0 ? own : own.Length == 0 ? supervision : supervision + "," + own;
        }
    }
}

/// <summary>One step of a party's timeline, turned into AgentEvents/CustomerEvents/QueueEvents of a CDR.</summary>
internal readonly record struct TimelineEntry(char Party, string PartyId, string Event, long Time);

/// <summary>
/// One call (contact). Guarded by the instance lock. Per-call state is a handful of strings, a few channels
/// and a short timeline, so 1 000 concurrent calls cost well under a megabyte.
/// </summary>
internal sealed class Call
{
    public required string JobId { get; init; }

    public required Instances.CccInstance Instance { get; init; }

    public string ContactFlowId { get; set; } = "";

    public required string CallType { get; init; }

    public required string ContactType { get; init; }

    public List<Channel> Channels { get; } = new(3);

    public CallPhase Phase { get; set; }

    public string CallingNumber { get; set; } = "";

    public string CalledNumber { get; set; } = "";

    public string Broker { get; set; } = "";

    public string AdditionalBroker { get; set; } = "";

    public string Tags { get; set; } = "";

    /// <summary>A masked callee to show the agent instead of the real one (MakeCall <c>MaskedCallee</c>, rule A2).</summary>
    public string? MaskedCallee { get; set; }

    public int LegTimeoutSeconds { get; set; } = 30;

    public List<string> AgentIds { get; } = new(1);

    public List<string> SkillGroupIds { get; } = new(1);

    /// <summary>Inbound: the skill group the call is routed to now.</summary>
    public string SkillGroupId { get; set; } = "";

    /// <summary>Inbound: the agent named by the IVR (rule R3), else empty.</summary>
    public string TargetUserId { get; set; } = "";

    public bool Overflowed { get; set; }

    public long StartTime { get; set; }

    public long EstablishedTime { get; set; }

    public long TalkStart { get; set; }

    public long QueueStart { get; set; }

    public long QueueMs { get; set; }

    public long RingMs { get; set; }

    public long DialingMs { get; set; }

    public long IvrMs { get; set; }

    public long HeldMs { get; set; }

    public int TransferCount { get; set; }

    /// <summary>Attended transfer in progress: the agent who consults.</summary>
    public string ConsultingUserId { get; set; } = "";

    public string EarlyMediaState { get; set; } = "";

    /// <summary>The satisfaction survey launched on the call (LaunchSurvey, CallEngine.Survey.cs), or null.</summary>
    public SurveyState? Survey { get; set; }

    public List<TimelineEntry> Timeline { get; } = new(8);

    public int TimerGeneration { get; set; }

    public ITimer? Timer { get; set; }

    public Channel? Find(string channelId) => Channels.Find(c => c.ChannelId == channelId);

    public Channel? LiveChannelOf(string userId) => Channels.FindLast(c => c.UserId == userId && !c.IsReleased);

    public Channel? LiveCustomer => Channels.Find(c => c.Role == ChannelRole.Customer && !c.IsReleased);
}
