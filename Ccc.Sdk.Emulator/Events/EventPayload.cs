using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Events;

/// <summary>
/// The body of one pushed event: a JSON object with the camelCase fields of docs/reference/events.md (absent fields are
/// omitted, not null). Built under the instance lock from the engine's <see cref="CallEvent"/>, the call and the
/// agent's live state, so it must stay cheap: no I/O.
/// </summary>
internal static class EventPayload
{
    /// <summary>Every event type a subscription may name (docs/reference/events.md, including Muted/Unmuted of the 2021 docs).</summary>
    public static readonly IReadOnlySet<string> SubscribableTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AgentCheckIn", "AgentReady", "AgentDialing", "AgentRinging", "AgentRingingTimeout", "AgentTalk", "AgentRelease",
        "AgentBreak", "AgentCheckOut", "Dialing", "Ringing", "Established", "Released", "Held", "Retrieved",
        "BlindTransfer", "AttendedTransfer", "InitiateConsultant", "StartConsultant", "StopConsultant", "StartConference",
        "StopConference", "Route2IVR", "Abandoned", "Enqueue", "AssignAgent", "QueueingTimeout", "QueueingOverflow",
        "QueueingCancelled", "QueueingRerouted", "DispatchingFailure", "RingingTimeout", "StartMonitor", "StopMonitor",
        "StartCoach", "StopCoach", "BargeIn", "Intercept", "IvrTracking", "TextStream", "SatisfactionSurveyOffer",
        "SatisfactionSurveyResponse", "RecordingReady", "DualTrackRecordingReady", "VoicemailReady", "CDRReady",
        "CampaignSubmitted", "CampaignPaused", "CampaignResumed", "CampaignAborted", "CampaignCompleted", "CaseAttempted",
        "Muted", "Unmuted",
    };

    /// <summary>ISO-8601 UTC with milliseconds and <c>Z</c>, e.g. <c>2026-11-26T02:34:00.447Z</c>.</summary>
    public static string IsoTime(long epochMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Caller holds the instance lock.</summary>
    /// <param name="recordingUrl">RecordingReady's <c>downloadURL</c> (built by the caller, who knows the host).</param>
    public static byte[] Build(CallEvent e, Call? call, CccInstance? instance, string? recordingUrl)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("eventType", e.EventType);
            w.WriteString("eventTime", IsoTime(e.EventTime));
            w.WriteString("instanceId", e.InstanceId);
            switch (e.EventType)
            {
                case "CDRReady":
                    WriteCdr(w, e, call);
                    break;
                case "RecordingReady":
                    WriteRecording(w, e, call, recordingUrl);
                    break;
                default:
                    if (e.EventType.StartsWith("Agent", StringComparison.Ordinal))
                    {
                        WriteAgent(w, e, instance);
                    }

                    WriteCall(w, e, call);
                    break;
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteAgent(Utf8JsonWriter w, CallEvent e, CccInstance? instance)
    {
        var agent = e.AgentId is { } id && instance is not null && instance.Users.TryGetValue(id, out var a) ? a : null;
        w.WriteStartArray("skillGroupIds");
        foreach (var group in agent?.SignedSkillGroupIds ?? [])
        {
            w.WriteStringValue(group);
        }

        w.WriteEndArray();
        switch (e.EventType)
        {
            case "AgentCheckIn":
                w.WriteStartArray("skillLevels");
                foreach (var level in agent?.SkillLevels ?? [])
                {
                    w.WriteStartObject();
                    w.WriteString("skillGroupId", level.SkillGroupId);
                    w.WriteNumber("skillLevel", level.Level);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case "AgentReady":
                w.WriteNumber("outboundScenario", agent?.OutboundScenario == true ? 1 : 0);
                break;
            case "AgentBreak":
                w.WriteString("breakCode", e.BreakCode ?? agent?.BreakCode ?? "");
                break;
        }
    }

    private static void WriteCall(Utf8JsonWriter w, CallEvent e, Call? call)
    {
        Optional(w, "agentId", e.AgentId);
        Optional(w, "contactId", e.ContactId);
        Optional(w, "channelId", e.ChannelId);
        Optional(w, "callType", e.CallType);
        Optional(w, "caller", e.Caller);
        Optional(w, "callee", e.Callee);
        Optional(w, "broker", e.Broker);
        Optional(w, "additionalBroker", e.AdditionalBroker);
        Optional(w, "contactFlowId", call is { ContactFlowId.Length: > 0 } ? call.ContactFlowId : null);
        Optional(w, "skillGroupId", e.SkillGroupId);
        Optional(w, "scenario", e.Scenario);
        Optional(w, "destination", e.Destination);
        Optional(w, "originator", e.Originator);
        Optional(w, "releaseReason", e.ReleaseReason);
        Optional(w, "heldChannelId", e.HeldChannelId);
        Optional(w, "retrievedChannelId", e.RetrievedChannelId);
        Optional(w, "abandonPhase", e.AbandonPhase);
        Optional(w, "queueType", e.QueueType);
        Optional(w, "surveyChannel", e.SurveyChannel);
        if (e.Rating is { } rating)
        {
            w.WriteNumber("rating", rating);
        }
        Optional(w, "counterparty", e.Counterparty);
    }

    private static void WriteCdr(Utf8JsonWriter w, CallEvent e, Call? call)
    {
        Optional(w, "contactId", e.ContactId);
        Optional(w, "callType", e.CallType);
        Optional(w, "caller", e.Caller);
        Optional(w, "callee", e.Callee);
        w.WriteString("startTime", IsoTime(call?.StartTime is > 0 ? call.StartTime : e.EventTime));
        w.WriteString("establishedTime", call?.EstablishedTime is > 0 ? IsoTime(call.EstablishedTime) : "");
        w.WriteString("endTime", IsoTime(e.EventTime));
        w.WriteString("dispositionCode", e.DispositionCode ?? "");
        WriteList(w, "agentIds", call?.AgentIds);
        WriteList(w, "skillGroupIds", call?.SkillGroupIds);
    }

    private static void WriteRecording(Utf8JsonWriter w, CallEvent e, Call? call, string? recordingUrl)
    {
        Optional(w, "contactId", e.ContactId);
        w.WriteString("startTime", IsoTime(call?.TalkStart is > 0 ? call.TalkStart : e.EventTime));
        w.WriteString("endTime", IsoTime(e.EventTime));
        WriteList(w, "agentIds", call?.AgentIds);
        w.WriteString("fileName", e.FileName ?? "");
        w.WriteString("downloadURL", recordingUrl ?? "");
    }

    private static void WriteList(Utf8JsonWriter w, string name, IEnumerable<string>? values)
    {
        w.WriteStartArray(name);
        foreach (var value in values ?? [])
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
