using Ccc.Sdk.Emulator.Records;

namespace Ccc.Sdk.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>The CDR of an ending call (reference §3). Durations in whole seconds, times in epoch ms.</summary>
    private CallDetailRecord BuildRecord(Call call, string disposition, string initiator, string reason, long now)
    {
        var instance = call.Instance;
        var talkMs = call.TalkStart > 0 ? now - call.TalkStart : 0;
        var agentNames = call.AgentIds.Select(id => instance.Users.TryGetValue(id, out var a) ? a.DisplayName : "");
        var groupNames = call.SkillGroupIds.Select(id => instance.SkillGroups.TryGetValue(id, out var g) ? g.Name : "");
        var dialing = call.DialingMs / 1000;
        var ring = call.CallType == CallTypes.Inbound ? call.RingMs / 1000 : (call.DialingMs + call.RingMs) / 1000;
        return new CallDetailRecord
        {
            ContactId = call.JobId,
            InstanceId = instance.InstanceId,
            ContactType = call.ContactType,
            ContactDisposition = disposition,
            CallingNumber = call.CallingNumber,
            CalledNumber = call.CalledNumber,
            CallerLocation = Location(call.CallingNumber),
            CalleeLocation = Location(call.CalledNumber),
            Broker = call.Broker,
            AdditionalBroker = call.AdditionalBroker,
            AgentIds = string.Join(",", call.AgentIds),
            AgentNames = string.Join(",", agentNames),
            SkillGroupIds = string.Join(",", call.SkillGroupIds),
            SkillGroupNames = string.Join(",", groupNames),
            StartTime = call.StartTime,
            EstablishedTime = call.EstablishedTime > 0 ? call.EstablishedTime : null,
            ReleaseTime = now,
            CallDuration = (now - call.StartTime) / 1000,
            DialingTime = dialing,
            RingTime = ring,
            IvrTime = call.IvrMs / 1000,
            QueueTime = call.QueueMs / 1000,
            WaitTime = (call.QueueMs + call.RingMs) / 1000,
            TalkTime = talkMs / 1000,
            HeldTime = call.HeldMs / 1000,
            RecordingDuration = talkMs / 1000,
            RecordingReady = talkMs > 0,
            TalkMilliseconds = talkMs,
            ReleaseInitiator = initiator,
            ReleaseReason = reason,
            EarlyMediaState = call.EarlyMediaState,
            CallIds = call.JobId,
            TransferCount = call.TransferCount,
            OffSiteAgentIds = string.Join(",", call.Channels.Where(c => c.IsPhone && c.UserId.Length > 0).Select(c => c.UserId).Distinct()),
            AgentEvents = call.Timeline.Where(t => t.Party == 'A').GroupBy(t => t.PartyId)
                .Select(g => new AgentEventsDto(
                    g.Key,
                    instance.Users.TryGetValue(g.Key, out var a) ? a.DisplayName : "",
                    call.SkillGroupIds.FirstOrDefault(id => a?.SkillLevels.Any(s => s.SkillGroupId == id) == true) ?? "",
                    Steps(g, now)))
                .ToList(),
            CustomerEvents = call.Timeline.Where(t => t.Party == 'C').GroupBy(t => t.PartyId)
                .Select(g => new CustomerEventsDto(g.Key, Steps(g, now)))
                .ToList(),
            IvrEvents = call.CallType == CallTypes.Inbound
                ? [new IvrEventsDto(call.ContactFlowId, "MAIN_FLOW", [new EventStepDto("Route2IVR", call.StartTime, call.IvrMs)])]
                : [],
            QueueEvents = call.Timeline.Where(t => t.Party == 'Q').GroupBy(t => t.PartyId)
                .Select(g => new QueueEventsDto(
                    g.Key,
                    instance.SkillGroups.TryGetValue(g.Key, out var group) ? group.Name : g.Key,
                    instance.SkillGroups.ContainsKey(g.Key) ? 1 : 2,
                    call.ContactFlowId,
                    Steps(g, now)))
                .ToList(),
            AgentIdList = call.AgentIds.ToList(),
            SkillGroupIdList = call.SkillGroupIds.ToList(),
        };
    }

    /// <summary>Each step's <c>Duration</c> is the milliseconds until the party's next step (or the call's end).</summary>
    private static List<EventStepDto> Steps(IEnumerable<TimelineEntry> entries, long end)
    {
        var list = entries.ToList();
        return list.Select((t, i) => new EventStepDto(t.Event, t.Time, (i + 1 < list.Count ? list[i + 1].Time : end) - t.Time)).ToList();
    }

    private string Location(string number) =>
        _locations.Find(number) is { } l && (l.Province.Length > 0 || l.City.Length > 0) ? l.Province + "-" + l.City : "";
}
