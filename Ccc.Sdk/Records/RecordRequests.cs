namespace Ccc.Sdk;

/// <summary>Filters of <c>ListCallDetailRecords</c>. Times are sent as epoch milliseconds.</summary>
/// <remarks>The cloud caps a query at 100 pages; <see cref="CccClient.ListCallDetailRecordsAsync"/> slices the time window
/// by itself when a window holds more, so any window can be read in full.</remarks>
public sealed class ListCallDetailRecordsRequest : CccRequest
{
    /// <summary>Records that started at or after this time; <see langword="null"/> = the service's default (today 00:00, China time).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Records that started at or before this time; <see langword="null"/> = now.</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>A match on the calling number.</summary>
    public string? CallingNumber { get; set; }

    /// <summary>A match on the called number.</summary>
    public string? CalledNumber { get; set; }

    /// <summary>One call; when set, the service ignores every other filter.</summary>
    public string? ContactId { get; set; }

    /// <summary>One call type (e.g. <c>Outbound</c>).</summary>
    public string? ContactType { get; set; }

    /// <summary>Call types, sent as JSON text.</summary>
    public IList<string>? ContactTypeList { get; set; }

    /// <summary>One disposition (e.g. <c>Success</c>).</summary>
    public string? ContactDisposition { get; set; }

    /// <summary>Dispositions, sent as JSON text.</summary>
    public IList<string>? ContactDispositionList { get; set; }

    /// <summary>Only calls of this agent.</summary>
    public string? AgentId { get; set; }

    /// <summary>Only calls of this skill group.</summary>
    public string? SkillGroupId { get; set; }

    /// <summary>Extra criteria as JSON text, e.g. <c>{"phoneNumber":"0735"}</c>.</summary>
    public string? Criteria { get; set; }

    /// <summary>Early media states, sent as JSON text.</summary>
    public IList<string>? EarlyMediaStateList { get; set; }

    /// <summary>Satisfaction scores, as the service's JSON text.</summary>
    public string? SatisfactionList { get; set; }

    /// <summary>Satisfaction descriptions, as the service's JSON text.</summary>
    public string? SatisfactionDescriptionList { get; set; }

    /// <summary>The survey channel: <c>IVR</c> or <c>SMS</c>.</summary>
    public string? SatisfactionSurveyChannel { get; set; }

    /// <summary>The sort field (default <c>startTime</c>). When the window must be sliced the SDK sorts by <c>startTime</c>.</summary>
    public string? OrderByField { get; set; }

    /// <summary><c>ASC</c> or <c>DESC</c> (the default).</summary>
    public string? SortOrder { get; set; }

    internal override string Action => "ListCallDetailRecords";

    internal override void WriteParameters(ApiRequest request) =>
        Write(request, StartTime?.ToUnixTimeMilliseconds(), EndTime?.ToUnixTimeMilliseconds(), OrderByField);

    /// <summary>Writes the filters with the given window (one slice) and sort field.</summary>
    internal void Write(ApiRequest request, long? startMs, long? endMs, string? orderByField)
    {
        if (SortOrder is { } order && !order.Equals("ASC", StringComparison.OrdinalIgnoreCase) && !order.Equals("DESC", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("SortOrder must be ASC or DESC.", nameof(SortOrder));
        }

        if (startMs is { } s && endMs is { } e && e < s)
        {
            throw new ArgumentException("EndTime is before StartTime.", nameof(EndTime));
        }

        request
            .With("StartTime", Int(startMs))
            .With("EndTime", Int(endMs))
            .With("CallingNumber", CallingNumber)
            .With("CalledNumber", CalledNumber)
            .With("ContactId", ContactId)
            .With("ContactType", ContactType)
            .With("ContactTypeList", JsonList(ContactTypeList))
            .With("ContactDisposition", ContactDisposition)
            .With("ContactDispositionList", JsonList(ContactDispositionList))
            .With("AgentId", AgentId)
            .With("SkillGroupId", SkillGroupId)
            .With("Criteria", Criteria)
            .With("EarlyMediaStateList", JsonList(EarlyMediaStateList))
            .With("SatisfactionList", SatisfactionList)
            .With("SatisfactionDescriptionList", SatisfactionDescriptionList)
            .With("SatisfactionSurveyChannel", SatisfactionSurveyChannel)
            .With("OrderByField", orderByField)
            .With("SortOrder", SortOrder?.ToUpperInvariant());
    }
}

/// <summary>Filters of <c>ListCallDetailRecordsV2</c>. Times are sent as epoch milliseconds; list filters as JSON text.</summary>
public sealed class ListCallDetailRecordsV2Request : CccRequest
{
    /// <summary>Records that started at or after this time.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Records that started at or before this time.</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Only these calls.</summary>
    public IList<string>? ContactIdList { get; set; }

    /// <summary>Only these call types.</summary>
    public IList<string>? ContactTypeList { get; set; }

    /// <summary>Only these dispositions.</summary>
    public IList<string>? ContactDispositionList { get; set; }

    /// <summary>Only calls of this agent.</summary>
    public string? AgentId { get; set; }

    /// <summary>Only calls first taken by this agent.</summary>
    public string? FirstAgentId { get; set; }

    /// <summary>Only calls of these skill groups.</summary>
    public IList<string>? SkillGroupIdList { get; set; }

    /// <summary>A match on the calling number.</summary>
    public string? CallingNumber { get; set; }

    /// <summary>A match on the called number.</summary>
    public string? CalledNumber { get; set; }

    /// <summary>A match on the calling or called number.</summary>
    public string? Number { get; set; }

    /// <summary>Only double calls through this broker number.</summary>
    public string? Broker { get; set; }

    /// <summary>Only this media type.</summary>
    public string? MediaType { get; set; }

    /// <summary>Only these access channel types.</summary>
    public IList<string>? AccessChannelTypeList { get; set; }

    /// <summary>Only calls released by these parties.</summary>
    public IList<string>? ReleaseInitiatorList { get; set; }

    /// <summary>Only these release reasons.</summary>
    public IList<string>? ReleaseReasonList { get; set; }

    /// <summary>Only these early media states.</summary>
    public IList<string>? EarlyMediaStateList { get; set; }

    /// <summary>Only these satisfaction rates.</summary>
    public IList<string>? SatisfactionRateList { get; set; }

    /// <summary>Only these satisfaction descriptions.</summary>
    public IList<string>? SatisfactionDescriptionList { get; set; }

    /// <summary>The survey channel: <c>IVR</c> or <c>SMS</c>.</summary>
    public string? SatisfactionSurveyChannel { get; set; }

    /// <summary>A free-text search.</summary>
    public string? SearchPattern { get; set; }

    /// <summary>Only calls whose analytics report is (or is not) ready.</summary>
    public bool? AnalyticsReportReady { get; set; }

    /// <summary>The sort field (default <c>startTime</c>).</summary>
    public string? OrderByField { get; set; }

    /// <summary><c>ASC</c> or <c>DESC</c>.</summary>
    public string? SortOrder { get; set; }

    internal override string Action => "ListCallDetailRecordsV2";

    internal override void WriteParameters(ApiRequest request) =>
        request
            .With("StartTime", Int(StartTime?.ToUnixTimeMilliseconds()))
            .With("EndTime", Int(EndTime?.ToUnixTimeMilliseconds()))
            .With("ContactIdList", JsonList(ContactIdList))
            .With("ContactTypeList", JsonList(ContactTypeList))
            .With("ContactDispositionList", JsonList(ContactDispositionList))
            .With("AgentId", AgentId)
            .With("FirstAgentId", FirstAgentId)
            .With("SkillGroupIdList", JsonList(SkillGroupIdList))
            .With("CallingNumber", CallingNumber)
            .With("CalledNumber", CalledNumber)
            .With("Number", Number)
            .With("Broker", Broker)
            .With("MediaType", MediaType)
            .With("AccessChannelTypeList", JsonList(AccessChannelTypeList))
            .With("ReleaseInitiatorList", JsonList(ReleaseInitiatorList))
            .With("ReleaseReasonList", JsonList(ReleaseReasonList))
            .With("EarlyMediaStateList", JsonList(EarlyMediaStateList))
            .With("SatisfactionRateList", JsonList(SatisfactionRateList))
            .With("SatisfactionDescriptionList", JsonList(SatisfactionDescriptionList))
            .With("SatisfactionSurveyChannel", SatisfactionSurveyChannel)
            .With("SearchPattern", SearchPattern)
            .With("AnalyticsReportReady", Bool(AnalyticsReportReady))
            .With("OrderByField", OrderByField)
            .With("SortOrder", SortOrder);
}

/// <summary>Parameters of <c>GetCallDetailRecord</c>.</summary>
internal sealed class GetCallDetailRecordRequest(string? contactId) : CccRequest
{
    internal override string Action => "GetCallDetailRecord";

    internal override void WriteParameters(ApiRequest request) => request.With("ContactId", Required(contactId, "contactId"));
}

/// <summary>Parameters of <c>GetMonoRecording</c>.</summary>
internal sealed class GetMonoRecordingRequest(string? contactId, long? expireSeconds) : CccRequest
{
    internal override string Action => "GetMonoRecording";

    internal override void WriteParameters(ApiRequest request) =>
        request.With("ContactId", Required(contactId, "contactId")).With("ExpireSeconds", Int(expireSeconds));
}

/// <summary>One time slice of a <see cref="ListCallDetailRecordsRequest"/>: the same filters over [start, end] (epoch ms).</summary>
internal sealed class CallDetailRecordSliceRequest : CccRequest
{
    private readonly ListCallDetailRecordsRequest _inner;
    private readonly long _startMs;
    private readonly long _endMs;

    public CallDetailRecordSliceRequest(ListCallDetailRecordsRequest inner, long startMs, long endMs)
    {
        _inner = inner;
        _startMs = startMs;
        _endMs = endMs;
        InstanceId = inner.InstanceId;
    }

    internal override string Action => _inner.Action;

    internal override void WriteParameters(ApiRequest request) => _inner.Write(request, _startMs, _endMs, "startTime");
}
