using Ccc.Sdk.Emulator.Records;

namespace Ccc.Sdk.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>The CDR of an ending call (docs/reference/api-conventions.md#call-detail-records). Durations in whole seconds, times in epoch ms.</summary>
    private CallDetailRecord BuildRecord(Call call, string disposition, string initiator, string reason, long now)
    {
        var instance = call.Instance;
        var talkEnd = call.Survey is { Channel: SurveyChannels.Ivr } survey ? survey.OfferedAt : now; // the agent left for the IVR survey
        var talkMs = call.TalkStart > 0 ? talkEnd - call.TalkStart : 0;
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
            TalkStartTime = talkMs > 0 ? call.TalkStart : 0,
            AgentChannelId = call.AgentIds.Count > 0 ? call.Channels.Find(c => c.UserId == call.AgentIds[0])?.ChannelId ?? "" : "",
            ReleaseInitiator = initiator,
            ReleaseReason = reason,
            EarlyMediaState = call.EarlyMediaState,
            SatisfactionIndex = call.Survey?.Rating,
            SatisfactionSurveyChannel = call.Survey?.Channel ?? "",
            SatisfactionSurveyOffered = call.Survey is not null,
            CallIds = call.JobId,
            TransferCount = call.TransferCount,
            OffSiteAgentIds = string.Join(",", call.Channels.Where(c => c.IsPhone && c.UserId.Length > 0).Select(c => c.UserId).Distinct()),
            Timeline = new CdrTimeline(
                call.Timeline,
                now,
                CdrTimeline.Parties(call.Timeline, 'A')
                    .Select(id => (id, instance.Users.TryGetValue(id, out var a) ? a.DisplayName : "",
                        call.SkillGroupIds.FirstOrDefault(g => a?.SkillLevels.Any(s => s.SkillGroupId == g) == true) ?? ""))
                    .ToArray(),
                CdrTimeline.Parties(call.Timeline, 'Q')
                    .Select(id => (id, instance.SkillGroups.TryGetValue(id, out var group) ? group.Name : id, instance.SkillGroups.ContainsKey(id) ? 1 : 2))
                    .ToArray(),
                call.ContactFlowId,
                call.CallType == CallTypes.Inbound,
                call.StartTime,
                call.IvrMs),
            AgentIdList = call.AgentIds.ToList(),
            SkillGroupIdList = call.SkillGroupIds.ToList(),
        };
    }

    private string Location(string number) =>
        _locations.Find(number) is { } l && (l.Province.Length > 0 || l.City.Length > 0) ? l.Province + "-" + l.City : "";
}
