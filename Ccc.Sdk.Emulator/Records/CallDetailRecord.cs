using System.Text.Json.Serialization;

namespace Ccc.Sdk.Emulator.Records;

/// <summary>
/// One call detail record (docs/reference/api-conventions.md#call-detail-records): times in epoch ms, durations in
/// seconds. It holds the superset of the fields of GetCallDetailRecord, ListCallDetailRecords and
/// ListCallDetailRecordsV2; each action writes it cut to its own model (<see cref="Gateway.ResponseShape"/>), the lists
/// with <c>CallDuration</c> as a string. Fields of features the emulator does not simulate (analytics, chat
/// channels, voicebots) are in the cloud's empty form, computed, so a stored record does not hold them. Immutable once stored.
/// </summary>
internal sealed class CallDetailRecord
{
    public required string ContactId { get; init; }
    public required string InstanceId { get; init; }
    public required string ContactType { get; init; }
    public required string ContactDisposition { get; init; }
    public required string CallingNumber { get; init; }
    public required string CalledNumber { get; init; }
    public required string CallerLocation { get; init; }
    public required string CalleeLocation { get; init; }
    public required string Broker { get; init; }
    public required string AdditionalBroker { get; init; }
    public required string AgentIds { get; init; }
    public required string AgentNames { get; init; }
    public required string SkillGroupIds { get; init; }
    public required string SkillGroupNames { get; init; }
    public required long StartTime { get; init; }

    /// <summary>Null when the call never connected.</summary>
    public required long? EstablishedTime { get; init; }

    public required long ReleaseTime { get; init; }
    public required long CallDuration { get; init; }
    public required long DialingTime { get; init; }
    public required long RingTime { get; init; }
    public required long IvrTime { get; init; }
    public required long QueueTime { get; init; }
    public required long WaitTime { get; init; }
    public required long TalkTime { get; init; }
    public required long HeldTime { get; init; }
    public required long RecordingDuration { get; init; }
    public required bool RecordingReady { get; init; }
    public required string ReleaseInitiator { get; init; }
    public required string ReleaseReason { get; init; }
    public required string EarlyMediaState { get; init; }
    public int? SatisfactionIndex { get; init; }
    public string SatisfactionDescription { get; init; } = "";
    public string SatisfactionSurveyChannel { get; init; } = "";
    public bool SatisfactionSurveyOffered { get; init; }
    public required string CallIds { get; init; }
    public required int TransferCount { get; init; }
    public string MediaType { get; init; } = "VOICE";
    public required string OffSiteAgentIds { get; init; }
    /// <summary>The digit the customer pressed in the satisfaction survey (LaunchSurvey); null: no survey answer.</summary>
    public int? Satisfaction => SatisfactionIndex;

    /// <summary>The call analytics report; the emulator runs no analytics, so every part is null.</summary>
    public AnalyticsReportDto AnalyticsReport => AnalyticsReportDto.NotRun;

    public bool AnalyticsReportReady => false;
    public string OutsideNumberReleaseReason => "";
    public string AccessChannelName => "";
    public string AccessChannelType => "";
    public string AccessChannelUserId => "";
    public string AccessChannelUserName => "";
    public string ClientAppName => "";
    public string ClientIpAddress => "";
    public string ClientLocation => "";
    public string ClientUserAgent => "";
    public string EarlyMediaText => "";
    public long FirstResponseTime => 0;
    public long MessagesSent => 0;
    public long MessagesSentByAgent => 0;
    public long MessagesSentByCustomer => 0;
    public string OffsiteAgentDestinationNumbers => "";
    public string OffsiteAgentOriginatorNumbers => "";
    public string OffsiteAgentReleaseReason => "";

    /// <summary>The call summary's keywords; null: the emulator writes no summaries.</summary>
    public SummaryIndexDto? SummaryIndex => null;

    public string VoicebotDestinationNumber => "";
    public string VoicebotOriginatorNumber => "";
    public IReadOnlyList<AgentEventsDto> AgentEvents => Timeline.AgentEvents();
    public IReadOnlyList<CustomerEventsDto> CustomerEvents => Timeline.CustomerEvents();
    public IReadOnlyList<IvrEventsDto> IvrEvents => Timeline.IvrEvents();
    public IReadOnlyList<QueueEventsDto> QueueEvents => Timeline.QueueEvents();

    /// <summary>
    /// The call's party timeline as it ended (not on the wire). The four event arrays are built from it each time
    /// they are read, so a stored record costs a compact array instead of the arrays' objects (the store holds up to
    /// 50 000 records; measured in docs/benchmarks.md, "Call load run").
    /// </summary>
    [JsonIgnore]
    public CdrTimeline Timeline { get; init; } = CdrTimeline.Empty; // Not `required`: System.Text.Json refuses a required ignored property.

    /// <summary>Agent ids as a list, for filtering (not on the wire).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AgentIdList { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyList<string> SkillGroupIdList { get; init; } = [];

    /// <summary>Exact talk time, the length of the recording (not on the wire).</summary>
    [JsonIgnore]
    public long TalkMilliseconds { get; init; }

    /// <summary>Epoch ms the talk (and the recording) began; 0 when the call never connected (not on the wire).</summary>
    [JsonIgnore]
    public long TalkStartTime { get; init; }

    /// <summary>The first agent's first channel of the call, the agent side of the recording; empty without an agent (not on the wire).</summary>
    [JsonIgnore]
    public string AgentChannelId { get; init; } = "";
}

internal sealed record EventStepDto(string Event, long EventTime, long Duration);

internal sealed record AgentEventsDto(string AgentId, string AgentName, string SkillGroupId, IReadOnlyList<EventStepDto> EventSequence);

internal sealed record CustomerEventsDto(string CustomerId, IReadOnlyList<EventStepDto> EventSequence);

internal sealed record IvrEventsDto(string FlowId, string FlowType, IReadOnlyList<EventStepDto> EventSequence);

/// <summary><c>QueueType</c>: 1 skill group, 2 agent.</summary>
internal sealed record QueueEventsDto(string QueueId, string QueueName, int QueueType, string FlowId, IReadOnlyList<EventStepDto> EventSequence);

/// <summary>GetMonoRecording Data: <c>Duration</c> is the recording's length in seconds (the talk time).</summary>
internal sealed record MonoRecordingDto(string FileName, string FileUrl, long Duration);

/// <summary>A CDR's AnalyticsReport: <c>Emotion</c>, <c>ProblemSolving</c>, <c>Satisfaction</c>, <c>TodoList</c> (objects of the cloud's model; null when not analysed).</summary>
internal sealed record AnalyticsReportDto(object? Emotion, object? ProblemSolving, object? Satisfaction, object? TodoList)
{
    public static readonly AnalyticsReportDto NotRun = new(null, null, null, null);
}

/// <summary>A CDR's SummaryIndex.</summary>
internal sealed record SummaryIndexDto(string Keywords);
