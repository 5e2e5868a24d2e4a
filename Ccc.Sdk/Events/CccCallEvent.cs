using System.Collections.Frozen;
using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary>
/// A call (channel) event: <c>Dialing</c>, <c>Ringing</c>, <c>Established</c>, <c>Released</c>, <c>Held</c>,
/// <c>Retrieved</c>, transfers, consultation, conference, monitoring/coaching/barge-in/intercept, IVR and queueing
/// (<c>Route2IVR</c>, <c>Enqueue</c>, <c>AssignAgent</c>, <c>Queueing*</c>, <c>Abandoned</c>, ...), satisfaction
/// surveys. <c>IvrTracking</c> and <c>TextStream</c> are read as the subclasses <see cref="CccIvrTrackingEvent"/> and
/// <see cref="CccTextStreamEvent"/>. Each property is null when the event does not carry that field.
/// </summary>
public class CccCallEvent : CccEvent
{
    /// <summary>The event types read as <see cref="CccCallEvent"/> (including its subclasses).</summary>
    public static IReadOnlySet<string> EventTypes { get; } = new[]
    {
        "Dialing", "Ringing", "Established", "Released", "Held", "Retrieved", "Muted", "Unmuted",
        "BlindTransfer", "AttendedTransfer", "InitiateConsultant", "StartConsultant", "StopConsultant",
        "StartConference", "StopConference", "Route2IVR", "Abandoned", "Enqueue", "AssignAgent",
        "QueueingTimeout", "QueueingOverflow", "QueueingCancelled", "QueueingRerouted", "DispatchingFailure",
        "RingingTimeout", "StartMonitor", "StopMonitor", "StartCoach", "StopCoach", "BargeIn", "Intercept",
        "IvrTracking", "TextStream", "SatisfactionSurveyOffer", "SatisfactionSurveyResponse",
    }.ToFrozenSet(StringComparer.Ordinal);

    internal CccCallEvent(JsonElement raw)
        : base(raw)
    {
        var json = Json;
        ChannelId = NullIfEmpty(json.String("channelId"));
        CallType = NullIfEmpty(json.String("callType"));
        Caller = NullIfEmpty(json.String("caller"));
        Callee = NullIfEmpty(json.String("callee"));
        Broker = NullIfEmpty(json.String("broker"));
        AdditionalBroker = NullIfEmpty(json.String("additionalBroker"));
        ContactFlowId = NullIfEmpty(json.String("contactFlowId"));
        SkillGroupId = NullIfEmpty(json.String("skillGroupId"));
        Scenario = NullIfEmpty(json.String("scenario"));
        Destination = NullIfEmpty(json.String("destination"));
        ReleaseReason = NullIfEmpty(json.String("releaseReason"));
        HeldChannelId = NullIfEmpty(json.String("heldChannelId"));
        RetrievedChannelId = NullIfEmpty(json.String("retrievedChannelId"));
        Originator = NullIfEmpty(json.String("originator"));
        Counterparty = NullIfEmpty(json.String("counterparty"));
        AbandonPhase = NullIfEmpty(json.String("abandonPhase"));
        QueueType = NullIfEmpty(json.String("queueType"));
        SurveyChannel = NullIfEmpty(json.String("surveyChannel"));
        Rating = NullIfEmpty(json.String("rating"));
    }

    /// <summary>The channel (one leg of the call) the event is about (<c>channelId</c>).</summary>
    public string? ChannelId { get; }

    /// <summary>The call type (<c>callType</c>): INTERNAL, INBOUND, OUTBOUND, CONFERENCE, BACK2BACK, PREDICTIVE, CONSULTANT, MONITOR, COACH, BARGE, INTERCEPT.</summary>
    public string? CallType { get; }

    /// <summary>The calling number (<c>caller</c>).</summary>
    public string? Caller { get; }

    /// <summary>The called number (<c>callee</c>).</summary>
    public string? Callee { get; }

    /// <summary>The instance number used as caller id (<c>broker</c>).</summary>
    public string? Broker { get; }

    /// <summary>Double call: the number shown to the callee leg (<c>additionalBroker</c>).</summary>
    public string? AdditionalBroker { get; }

    /// <summary>The IVR flow handling the call (<c>contactFlowId</c>).</summary>
    public string? ContactFlowId { get; }

    /// <summary><c>Dialing</c>/<c>Established</c>: the skill group (<c>skillGroupId</c>).</summary>
    public string? SkillGroupId { get; }

    /// <summary><c>Dialing</c>/<c>Established</c>: the scenario (<c>scenario</c>), e.g. BLIND_TRANSFER, CONFERENCE.</summary>
    public string? Scenario { get; }

    /// <summary><c>Ringing</c> and transfers: the number or agent rung (<c>destination</c>).</summary>
    public string? Destination { get; }

    /// <summary><c>Released</c>: the SIP release reason (<c>releaseReason</c>), e.g. <c>200 - Okay</c>.</summary>
    public string? ReleaseReason { get; }

    /// <summary><c>Held</c>: the channel put on hold (<c>heldChannelId</c>).</summary>
    public string? HeldChannelId { get; }

    /// <summary><c>Retrieved</c>: the channel taken off hold (<c>retrievedChannelId</c>).</summary>
    public string? RetrievedChannelId { get; }

    /// <summary>Transfers: who transferred the call (<c>originator</c>).</summary>
    public string? Originator { get; }

    /// <summary>Consultation, monitoring, coaching, barge-in, intercept: the other party (<c>counterparty</c>).</summary>
    public string? Counterparty { get; }

    /// <summary><c>Abandoned</c>: where the caller hung up (<c>abandonPhase</c>): IVR, Queuing, Ringing.</summary>
    public string? AbandonPhase { get; }

    /// <summary><c>Enqueue</c>/<c>QueueingTimeout</c>/<c>AssignAgent</c>: the queue kind (<c>queueType</c>): SkillGroup, Agent.</summary>
    public string? QueueType { get; }

    /// <summary>Satisfaction survey events: how the survey was offered (<c>surveyChannel</c>): IVR, SMS.</summary>
    public string? SurveyChannel { get; }

    /// <summary><c>SatisfactionSurveyResponse</c>: the customer's rating (<c>rating</c>), as sent.</summary>
    public string? Rating { get; }
}
