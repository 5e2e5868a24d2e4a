using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Ccc.Sdk.Emulator.Description;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Records;

/// <summary>
/// ListCallDetailRecords, ListCallDetailRecordsV2, GetCallDetailRecord (docs/reference/api-conventions.md#call-detail-records),
/// and the recordings: GetMonoRecording, GetMultiChannelRecording, ListMonoRecordings, ListMultiChannelRecordings.
/// </summary>
internal static class RecordActions
{
    private static readonly string[] EventArrays = ["AgentEvents", "CustomerEvents", "IvrEvents", "QueueEvents"];
    private static readonly string[] SortOrders = ["ASC", "DESC"];

    /// <summary>How long a recording URL stays valid when the action has no <c>ExpireSeconds</c>: an hour.</summary>
    private const long DefaultUrlSeconds = 3600;

    /// <summary>The record's contract without the event arrays the list shape leaves out, so a list never builds them.</summary>
    private static readonly JsonTypeInfo<CallDetailRecord> ListItemInfo = CreateListItemInfo();

    public static void Register(ActionRegistry registry)
    {
        // None of these response models has Params (docs/reference/api-conventions.md#response-envelope).
        registry.Add("ListCallDetailRecords", context => List(context, v2: false));
        registry.Add("ListCallDetailRecordsV2", context => List(context, v2: true));
        registry.Add("GetCallDetailRecord", GetCallDetailRecord);
        registry.Add("GetMonoRecording", GetMonoRecording);
        registry.Add("GetMultiChannelRecording", GetMultiChannelRecording);
        registry.Add("ListMonoRecordings", context => ListRecordings(context, channels: 1));
        registry.Add("ListMultiChannelRecordings", context => ListRecordings(context, channels: 2));
        SurveyActions.Register(registry);
    }

    private static object List(ActionContext context, bool v2)
    {
        var paging = context.GetPaging();
        var now = context.NowMilliseconds;
        // Default window: today 00:00 (China time, UTC+8, like the cloud's console) to now.
        var todayStart = new DateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(now).ToOffset(TimeSpan.FromHours(8)).Date, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        var start = GetLong(context, "StartTime") ?? todayStart;
        var end = GetLong(context, "EndTime") ?? now;
        var descending = (context.GetEnum("SortOrder", SortOrders) ?? "DESC") == "DESC";
        var orderBy = context.Get("OrderByField") ?? "startTime";
        Func<CallDetailRecord, long> key = orderBy.ToUpperInvariant() switch
        {
            "STARTTIME" => r => r.StartTime,
            "RELEASETIME" => r => r.ReleaseTime,
            "CALLDURATION" => r => r.CallDuration,
            _ => throw ApiErrors.ParameterEnumeration("OrderByField", ["startTime", "releaseTime", "callDuration"]),
        };

        var filter = v2 ? FilterV2(context) : FilterV1(context);
        var instance = context.Instance;
        List<CallDetailRecord> matching;
        lock (instance.Gate)
        {
            var ids = v2 ? context.GetJsonStringArray("ContactIdList") : context.Get("ContactId") is { } one ? [one] : null;
            matching = ids is not null && !v2
                ? ids.Select(instance.Calls.Records.Get).OfType<CallDetailRecord>().ToList() // ContactId ignores every other filter.
                : instance.Calls.Records.All
                    .Where(r => r.StartTime >= start && r.StartTime <= end)
                    .Where(r => ids is null || ids.Contains(r.ContactId))
                    .Where(filter)
                    .ToList();
        }

        var ordered = (descending ? matching.OrderByDescending(key) : matching.OrderBy(key)).ThenBy(r => r.ContactId, StringComparer.Ordinal).ToList();
        var page = paging.Apply(ordered);
        var itemModel = context.Model.Data?.Properties?.GetValueOrDefault("List")?.Items;
        return new PagedList<JsonObject>
        {
            List = page.List.Select(r => ToListItem(r, itemModel)).ToList(),
            PageNumber = page.PageNumber,
            PageSize = page.PageSize,
            // The cloud fills TotalCount of ListCallDetailRecords on page 1 only (docs/reference/api-conventions.md#paging); V2 always.
            TotalCount = v2 || paging.PageNumber == 1 ? page.TotalCount : 0,
        };
    }

    private static Func<CallDetailRecord, bool> FilterV1(ActionContext context)
    {
        var calling = context.Get("CallingNumber");
        var called = context.Get("CalledNumber");
        var types = ListOrSingle(context, "ContactTypeList", "ContactType");
        var dispositions = ListOrSingle(context, "ContactDispositionList", "ContactDisposition");
        var agentId = context.Get("AgentId");
        var skillGroupId = context.Get("SkillGroupId");
        var early = context.GetJsonStringArray("EarlyMediaStateList");
        return r => (calling is null || r.CallingNumber.Contains(calling, StringComparison.Ordinal))
            && (called is null || r.CalledNumber.Contains(called, StringComparison.Ordinal))
            && (types is null || types.Contains(r.ContactType, StringComparer.OrdinalIgnoreCase))
            && (dispositions is null || dispositions.Contains(r.ContactDisposition, StringComparer.OrdinalIgnoreCase))
            && (agentId is null || r.AgentIdList.Contains(agentId))
            && (skillGroupId is null || r.SkillGroupIdList.Contains(skillGroupId))
            && (early is null || early.Contains(r.EarlyMediaState, StringComparer.OrdinalIgnoreCase));
    }

    private static Func<CallDetailRecord, bool> FilterV2(ActionContext context)
    {
        var v1 = FilterV1(context);
        var firstAgent = context.Get("FirstAgentId");
        var groups = context.GetJsonStringArray("SkillGroupIdList");
        var number = context.Get("Number");
        var broker = context.Get("Broker");
        var initiators = context.GetJsonStringArray("ReleaseInitiatorList");
        return r => v1(r)
            && (firstAgent is null || (r.AgentIdList.Count > 0 && r.AgentIdList[0] == firstAgent))
            && (groups is null || r.SkillGroupIdList.Any(groups.Contains))
            && (number is null || r.CallingNumber.Contains(number, StringComparison.Ordinal) || r.CalledNumber.Contains(number, StringComparison.Ordinal))
            && (broker is null || r.Broker == broker || r.AdditionalBroker == broker)
            && (initiators is null || initiators.Contains(r.ReleaseInitiator, StringComparer.OrdinalIgnoreCase));
    }

    private static IReadOnlyList<string>? ListOrSingle(ActionContext context, string listName, string singleName) =>
        context.GetJsonStringArray(listName) ?? (context.Get(singleName) is { } one ? one.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null);

    /// <summary>The list shape: the record cut to the action's item model, <c>CallDuration</c> as a string (docs/reference/api-conventions.md#call-detail-records).</summary>
    private static JsonObject ToListItem(CallDetailRecord record, ApiSchema? itemModel)
    {
        var node = ResponseShape.Cut(JsonSerializer.SerializeToNode(record, ListItemInfo)!, itemModel).AsObject();
        node["CallDuration"] = record.CallDuration.ToString(CultureInfo.InvariantCulture);
        return node;
    }

    private static JsonTypeInfo<CallDetailRecord> CreateListItemInfo()
    {
        var options = new JsonSerializerOptions(EmulatorJsonContext.Default.Options)
        {
            TypeInfoResolver = EmulatorJsonContext.Default.WithAddedModifier(info =>
            {
                if (info.Type == typeof(CallDetailRecord))
                {
                    foreach (var property in info.Properties.Where(p => EventArrays.Contains(p.Name, StringComparer.Ordinal)).ToList())
                    {
                        info.Properties.Remove(property);
                    }
                }
            }),
        };
        return (JsonTypeInfo<CallDetailRecord>)options.GetTypeInfo(typeof(CallDetailRecord));
    }

    private static object GetCallDetailRecord(ActionContext context)
    {
        var contactId = context.Require("ContactId");
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var record = instance.Calls.Records.Get(contactId) ?? throw ApiErrors.JobNotFound(contactId);
            return ResponseShape.Cut(record, context.Model.Data);
        }
    }

    private static object GetMonoRecording(ActionContext context)
    {
        var contactId = context.Require("ContactId");
        var expireSeconds = GetLong(context, "ExpireSeconds") ?? 3600;
        ActionContext.CheckRange("ExpireSeconds", expireSeconds, 1, 7 * 86_400);
        var instance = context.Instance;
        var record = RecordedCall(instance, contactId);

        var expires = context.NowMilliseconds / 1000 + expireSeconds;
        var url = Recordings.Url(context.State.Engine, context.PublicHost, instance.InstanceId, contactId, expires);
        return new MonoRecordingDto(contactId + ".wav", url, record.RecordingDuration);
    }

    /// <summary>The call's record once its recording is ready: 404 <c>NotExists.JobId</c> for an unknown call, the
    /// recording-not-found error while there is none.</summary>
    private static CallDetailRecord RecordedCall(Instances.CccInstance instance, string contactId)
    {
        CallDetailRecord record;
        lock (instance.Gate)
        {
            record = instance.Calls.Records.Get(contactId) ?? throw ApiErrors.JobNotFound(contactId);
        }

        return record.RecordingReady ? record : throw ApiErrors.RecordingNotFound(contactId);
    }

    /// <summary>GetMultiChannelRecording: the two-channel WAV (channel 1 the customer, channel 2 the agent), its URL valid for an hour.</summary>
    private static object GetMultiChannelRecording(ActionContext context)
    {
        var contactId = context.Require("ContactId");
        var instance = context.Instance;
        var record = RecordedCall(instance, contactId);

        var expires = context.NowMilliseconds / 1000 + DefaultUrlSeconds;
        var url = Recordings.Url(context.State.Engine, context.PublicHost, instance.InstanceId, contactId, expires, channels: 2);
        return new MultiChannelRecordingDto(Recordings.FileName(contactId, 2), url);
    }

    /// <summary>
    /// ListMonoRecordings / ListMultiChannelRecordings: the recordings of one contact, from its CDR. The emulator
    /// records a call once, with the call's first agent on it, so the list has one item, or none when the contact is
    /// unknown, never connected, or <c>AgentId</c> / <c>AgentChannelId</c> name another agent or channel.
    /// </summary>
    private static object ListRecordings(ActionContext context, int channels)
    {
        var contactId = context.Require("ContactId");
        var agentId = context.Get("AgentId");
        var agentChannelId = context.Get("AgentChannelId");
        var instance = context.Instance;
        CallDetailRecord? record;
        string agentName = "", ramId = "";
        lock (instance.Gate)
        {
            record = instance.Calls.Records.Get(contactId);
            var first = record?.AgentIdList.FirstOrDefault();
            if (first is not null && instance.Users.TryGetValue(first, out var agent))
            {
                agentName = agent.DisplayName;
                ramId = agent.RamId.ToString(CultureInfo.InvariantCulture);
            }
        }

        var firstAgent = record?.AgentIdList.FirstOrDefault() ?? "";
        if (record is not { RecordingReady: true }
            || (agentId is not null && agentId != firstAgent)
            || (agentChannelId is not null && agentChannelId != record.AgentChannelId))
        {
            return channels == 1 ? new List<MonoRecordingItemDto>() : new List<MultiChannelRecordingItemDto>();
        }

        if (agentName.Length == 0 && firstAgent.Length > 0)
        {
            agentName = record.AgentNames.Split(',')[0]; // the agent was removed since: the name the call ended with
        }

        var expires = context.NowMilliseconds / 1000 + DefaultUrlSeconds;
        var url = Recordings.Url(context.State.Engine, context.PublicHost, instance.InstanceId, contactId, expires, channels);
        var duration = record.RecordingDuration.ToString(CultureInfo.InvariantCulture);
        var group = record.SkillGroupIdList.FirstOrDefault() ?? "";
        if (channels == 1)
        {
            return new List<MonoRecordingItemDto>
            {
                new(contactId, firstAgent, agentName, group, ramId, Recordings.FileName(contactId), url, duration,
                    record.TalkStartTime.ToString(CultureInfo.InvariantCulture)),
            };
        }

        var holds = firstAgent.Length > 0 ? record.Timeline.HoldSegments(firstAgent).Select(h => new HoldTimeSegmentDto(h.Start, h.End)).ToList() : [];
        return new List<MultiChannelRecordingItemDto>
        {
            new(contactId, firstAgent, agentName, record.AgentChannelId, group, ramId, Recordings.FileName(contactId, 2), url, duration, record.TalkStartTime, holds),
        };
    }

    private static long? GetLong(ActionContext context, string name) =>
        context.Get(name) is { } v ? long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;
}
