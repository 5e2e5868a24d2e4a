using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>The fields every call detail record (CDR) model of the cloud has: <c>GetCallDetailRecord</c>'s and the lists'.
/// Times are epoch milliseconds and durations seconds on the wire; here they are <see cref="DateTimeOffset"/> (UTC) and
/// <see cref="TimeSpan"/>.</summary>
public abstract class CallDetailRecordBase
{
    /// <summary>The call's id (the <c>JobId</c> of call control).</summary>
    public string? ContactId { get; set; }

    /// <summary>The instance id.</summary>
    public string? InstanceId { get; set; }

    /// <summary>The call type: <c>Inbound</c>, <c>Outbound</c>, <c>Back2Back</c>, <c>Internal</c>, <c>Predictive</c>, <c>PrivacyDial</c> or <c>Conference</c> (case varies: compare ignoring case).</summary>
    public string? ContactType { get; set; }

    /// <summary>How the call ended: <c>Success</c>, <c>NoAnswer</c>, <c>Reject</c>, <c>AbandonedInIVR</c>, <c>AbandonedInQueue</c>, <c>AbandonedInRing</c>, <c>QueuingTimeout</c>, <c>QueuingOverflow</c>, …</summary>
    public string? ContactDisposition { get; set; }

    /// <summary>The calling number.</summary>
    public string? CallingNumber { get; set; }

    /// <summary>The called number.</summary>
    public string? CalledNumber { get; set; }

    /// <summary>Where the calling number is registered.</summary>
    public string? CallerLocation { get; set; }

    /// <summary>Where the called number is registered.</summary>
    public string? CalleeLocation { get; set; }

    /// <summary>The agents on the call, comma-separated.</summary>
    public string? AgentIds { get; set; }

    /// <summary>The agents' names, comma-separated.</summary>
    public string? AgentNames { get; set; }

    /// <summary>The skill groups, comma-separated.</summary>
    public string? SkillGroupIds { get; set; }

    /// <summary>The skill groups' names, comma-separated.</summary>
    public string? SkillGroupNames { get; set; }

    /// <summary>When the call started (inbound: entering the IVR; outbound: dialling); epoch milliseconds on the wire.</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When the call connected; <see langword="null"/> if it never did. Epoch milliseconds on the wire.</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? EstablishedTime { get; set; }

    /// <summary>When the call ended; epoch milliseconds on the wire.</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? ReleaseTime { get; set; }

    /// <summary>The call's length (seconds on the wire: a string in ListCallDetailRecords, a number in GetCallDetailRecord).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? CallDuration { get; set; }

    /// <summary>Whether a recording can be fetched (<see langword="false"/> if the call never connected).</summary>
    public bool? RecordingReady { get; set; }

    /// <summary>Who hung up: <c>agent</c>, <c>customer</c> or <c>system</c>.</summary>
    public string? ReleaseInitiator { get; set; }

    /// <summary>Why the call ended, SIP style (e.g. <c>486 - Busy Here</c>).</summary>
    public string? ReleaseReason { get; set; }

    /// <summary>What the network said before an answer (e.g. <c>NotConnected</c>, <c>NoAnswer</c>, <c>Busy</c>).</summary>
    public string? EarlyMediaState { get; set; }

    /// <summary>How the survey was offered: <c>IVR</c> or <c>SMS</c>.</summary>
    public string? SatisfactionSurveyChannel { get; set; }

    /// <summary>Whether a survey was offered.</summary>
    public bool? SatisfactionSurveyOffered { get; set; }

    /// <summary>Whether the analytics report is ready (ListCallDetailRecordsV2 and GetCallDetailRecord).</summary>
    public bool? AnalyticsReportReady { get; set; }
}

/// <summary>One call detail record as <c>ListCallDetailRecords</c>/<c>ListCallDetailRecordsV2</c> return it: the common
/// fields plus the durations, brokers and (V2) transfer count, which only the list models carry.</summary>
public class CallDetailRecord : CallDetailRecordBase
{
    /// <summary>The double call's broker number.</summary>
    public string? Broker { get; set; }

    /// <summary>The double call's number shown to the callee.</summary>
    public string? AdditionalBroker { get; set; }

    /// <summary>Time spent dialling (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? DialingTime { get; set; }

    /// <summary>Time spent ringing (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? RingTime { get; set; }

    /// <summary>Time spent in the IVR (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? IvrTime { get; set; }

    /// <summary>Time spent queuing (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? QueueTime { get; set; }

    /// <summary>Time the customer waited (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? WaitTime { get; set; }

    /// <summary>Time spent talking (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? TalkTime { get; set; }

    /// <summary>Time spent on hold (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? HeldTime { get; set; }

    /// <summary>The recording's length (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? RecordingDuration { get; set; }

    /// <summary>The satisfaction score, if surveyed.</summary>
    public int? SatisfactionIndex { get; set; }

    /// <summary>The satisfaction description, if surveyed.</summary>
    public string? SatisfactionDescription { get; set; }

    /// <summary>The underlying call ids.</summary>
    public string? CallIds { get; set; }

    /// <summary>The media type (V2).</summary>
    public string? MediaType { get; set; }

    /// <summary>How many times the call was transferred (V2).</summary>
    public long? TransferCount { get; set; }

    /// <summary>Agents who took the call off-site, comma-separated (V2).</summary>
    public string? OffSiteAgentIds { get; set; }
}

/// <summary>One call detail record with its timelines (<c>GetCallDetailRecord</c>): the common fields plus the event
/// arrays, the survey score and the analytics report, which only this model carries.</summary>
public sealed class CallDetailRecordDetails : CallDetailRecordBase
{
    /// <summary>What each agent did, step by step.</summary>
    public IReadOnlyList<CallDetailAgentEvents>? AgentEvents { get; set; }

    /// <summary>What the customer did, step by step.</summary>
    public IReadOnlyList<CallDetailCustomerEvents>? CustomerEvents { get; set; }

    /// <summary>The IVR flows the call went through.</summary>
    public IReadOnlyList<CallDetailIvrEvents>? IvrEvents { get; set; }

    /// <summary>The queues the call waited in.</summary>
    public IReadOnlyList<CallDetailQueueEvents>? QueueEvents { get; set; }

    /// <summary>The satisfaction score the customer gave in the survey; <see langword="null"/> when no survey was answered.</summary>
    public int? Satisfaction { get; set; }

    /// <summary>The call's analytics report; its parts are <see langword="null"/> until analysed.</summary>
    public CallAnalyticsReport? AnalyticsReport { get; set; }

    /// <summary>Why the outside number's leg was released, as the cloud reports it.</summary>
    public string? OutsideNumberReleaseReason { get; set; }
}

/// <summary>A call's analytics report (<see cref="CallDetailRecordDetails.AnalyticsReport"/>).</summary>
public sealed class CallAnalyticsReport
{
    /// <summary>The customer's emotion.</summary>
    public CallAnalyticsEmotion? Emotion { get; set; }

    /// <summary>The problem and whether it was solved.</summary>
    public CallAnalyticsProblemSolving? ProblemSolving { get; set; }

    /// <summary>The customer's satisfaction as analysed.</summary>
    public CallAnalyticsSatisfaction? Satisfaction { get; set; }

    /// <summary>Follow-up tasks found in the call.</summary>
    public CallAnalyticsTodoList? TodoList { get; set; }
}

/// <summary>The emotion part of an analytics report.</summary>
public sealed class CallAnalyticsEmotion
{
    /// <summary>The confidence of the result.</summary>
    public int? Confidence { get; set; }

    /// <summary>A remark.</summary>
    public string? Remark { get; set; }

    /// <summary>Whether the analysis succeeded.</summary>
    public bool? Success { get; set; }

    /// <summary>The analysis task's id.</summary>
    public string? TaskId { get; set; }

    /// <summary>The emotion found.</summary>
    public string? Type { get; set; }
}

/// <summary>The problem-solving part of an analytics report.</summary>
public sealed class CallAnalyticsProblemSolving
{
    /// <summary>The customer's problem.</summary>
    public string? Problem { get; set; }

    /// <summary>The solution offered.</summary>
    public string? Solution { get; set; }

    /// <summary>Whether the problem was solved.</summary>
    public bool? Solved { get; set; }

    /// <summary>Whether the analysis succeeded.</summary>
    public bool? Success { get; set; }

    /// <summary>The analysis task's id.</summary>
    public string? TaskId { get; set; }
}

/// <summary>The satisfaction part of an analytics report.</summary>
public sealed class CallAnalyticsSatisfaction
{
    /// <summary>A remark.</summary>
    public string? Remark { get; set; }

    /// <summary>The satisfaction found.</summary>
    public string? SatisfactionDescription { get; set; }

    /// <summary>Whether the analysis succeeded.</summary>
    public bool? Success { get; set; }

    /// <summary>The analysis task's id.</summary>
    public string? TaskId { get; set; }
}

/// <summary>The to-do part of an analytics report.</summary>
public sealed class CallAnalyticsTodoList
{
    /// <summary>Whether the analysis succeeded.</summary>
    public bool? Success { get; set; }

    /// <summary>The analysis task's id.</summary>
    public string? TaskId { get; set; }

    /// <summary>The tasks found.</summary>
    public IReadOnlyList<string>? Tasks { get; set; }
}

/// <summary>One step of a CDR timeline.</summary>
public sealed class CallDetailEvent
{
    /// <summary>The event, e.g. <c>Dialing</c>, <c>Ringing</c>, <c>Established</c>, <c>Released</c>.</summary>
    public string? Event { get; set; }

    /// <summary>When it happened (epoch milliseconds on the wire).</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? EventTime { get; set; }

    /// <summary>How long the step lasted, as sent. The cloud does not document the unit; the emulator sends milliseconds.</summary>
    public long? Duration { get; set; }
}

/// <summary>An agent's timeline in a CDR.</summary>
public sealed class CallDetailAgentEvents
{
    /// <summary>The agent's user id.</summary>
    public string? AgentId { get; set; }

    /// <summary>The agent's name.</summary>
    public string? AgentName { get; set; }

    /// <summary>The skill group the agent served the call for.</summary>
    public string? SkillGroupId { get; set; }

    /// <summary>The steps, oldest first.</summary>
    public IReadOnlyList<CallDetailEvent>? EventSequence { get; set; }
}

/// <summary>The customer's timeline in a CDR.</summary>
public sealed class CallDetailCustomerEvents
{
    /// <summary>The customer (their number).</summary>
    public string? CustomerId { get; set; }

    /// <summary>The steps, oldest first.</summary>
    public IReadOnlyList<CallDetailEvent>? EventSequence { get; set; }
}

/// <summary>An IVR flow's timeline in a CDR.</summary>
public sealed class CallDetailIvrEvents
{
    /// <summary>The contact flow id.</summary>
    public string? FlowId { get; set; }

    /// <summary>The flow type, e.g. <c>MAIN_FLOW</c>.</summary>
    public string? FlowType { get; set; }

    /// <summary>The steps, oldest first.</summary>
    public IReadOnlyList<CallDetailEvent>? EventSequence { get; set; }
}

/// <summary>A queue's timeline in a CDR.</summary>
public sealed class CallDetailQueueEvents
{
    /// <summary>The queue (a skill group or agent id).</summary>
    public string? QueueId { get; set; }

    /// <summary>The queue's name.</summary>
    public string? QueueName { get; set; }

    /// <summary>1 = a skill group's queue, 2 = an agent's queue.</summary>
    public int? QueueType { get; set; }

    /// <summary>The contact flow that queued the call.</summary>
    public string? FlowId { get; set; }

    /// <summary>The steps, oldest first.</summary>
    public IReadOnlyList<CallDetailEvent>? EventSequence { get; set; }
}

/// <summary>A link to a call's mono recording (<c>GetMonoRecording</c>).</summary>
public sealed class MonoRecording
{
    /// <summary>The recording's file name, e.g. <c>job-123.wav</c>.</summary>
    public string? FileName { get; set; }

    /// <summary>The signed download URL; anyone holding it can download the recording until it expires, so do not log it.</summary>
    public string? FileUrl { get; set; }

    /// <summary>The recording's length (seconds on the wire).</summary>
    [JsonConverter(typeof(SecondsDurationConverter))]
    public TimeSpan? Duration { get; set; }

    /// <summary>When the URL expires, reckoned by the client from the time the request was sent plus the requested expiry
    /// (the cloud does not return it); <see langword="null"/> when not known.</summary>
    [JsonIgnore]
    public DateTimeOffset? ExpiresAt { get; set; }
}
