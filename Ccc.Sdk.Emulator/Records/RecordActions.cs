using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Ccc.Sdk.Emulator.Description;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Records;

/// <summary>ListCallDetailRecords, ListCallDetailRecordsV2, GetCallDetailRecord, GetMonoRecording (docs/reference/api-conventions.md#call-detail-records).</summary>
internal static class RecordActions
{
    private static readonly string[] EventArrays = ["AgentEvents", "CustomerEvents", "IvrEvents", "QueueEvents"];
    private static readonly string[] SortOrders = ["ASC", "DESC"];

    /// <summary>The record's contract without the event arrays the list shape leaves out, so a list never builds them.</summary>
    private static readonly JsonTypeInfo<CallDetailRecord> ListItemInfo = CreateListItemInfo();

    public static void Register(ActionRegistry registry)
    {
        // None of these response models has Params (docs/reference/api-conventions.md#response-envelope).
        registry.Add("ListCallDetailRecords", context => List(context, v2: false));
        registry.Add("ListCallDetailRecordsV2", context => List(context, v2: true));
        registry.Add("GetCallDetailRecord", GetCallDetailRecord);
        registry.Add("GetMonoRecording", GetMonoRecording);
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
        CallDetailRecord record;
        lock (instance.Gate)
        {
            record = instance.Calls.Records.Get(contactId) ?? throw ApiErrors.JobNotFound(contactId);
        }

        if (!record.RecordingReady)
        {
            throw ApiErrors.RecordingNotFound(contactId);
        }

        var expires = context.NowMilliseconds / 1000 + expireSeconds;
        var url = Recordings.Url(context.State.Engine, context.PublicHost, instance.InstanceId, contactId, expires);
        return new MonoRecordingDto(contactId + ".wav", url, record.RecordingDuration);
    }

    private static long? GetLong(ActionContext context, string name) =>
        context.Get(name) is { } v ? long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;
}
