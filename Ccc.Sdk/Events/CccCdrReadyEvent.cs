using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary>
/// <c>CDRReady</c>: the call detail record of a finished call is available. The push is a summary; fetch the full
/// record with <c>CccClient.GetCallDetailRecordAsync(ContactId)</c>.
/// </summary>
public sealed class CccCdrReadyEvent : CccEvent
{
    /// <summary>The event type read as <see cref="CccCdrReadyEvent"/>: <c>CDRReady</c>.</summary>
    public const string Type = "CDRReady";

    internal CccCdrReadyEvent(JsonElement raw)
        : base(raw)
    {
        var json = Json;
        ContactId = base.ContactId ?? throw new CccEventFormatException("The CDRReady event has no 'contactId'.");
        StartTime = json.RequiredTime("startTime");
        EstablishedTime = json.Time("establishedTime");
        EndTime = json.RequiredTime("endTime");
        DispositionCode = NullIfEmpty(json.String("dispositionCode"));
        AgentIds = json.List("agentIds");
        SkillGroupIds = json.List("skillGroupIds");
    }

    /// <summary>The call (<c>contactId</c>, the CDR's <c>ContactId</c>); always present.</summary>
    public new string ContactId { get; }

    /// <summary>When the call started, in UTC (<c>startTime</c>): dial start for outbound and double calls, IVR entry for inbound.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>When the call was answered, in UTC (<c>establishedTime</c>); null if it never was. Double call: the first leg.</summary>
    public DateTimeOffset? EstablishedTime { get; }

    /// <summary>When the call ended, in UTC (<c>endTime</c>).</summary>
    public DateTimeOffset EndTime { get; }

    /// <summary>How the call ended (<c>dispositionCode</c>): Success, AbandonedInQueue, AbandonedRing, AbandonedInContactFlow, NoAnswer, Reject.</summary>
    public string? DispositionCode { get; }

    /// <summary>The agents on the call (<c>agentIds</c>); empty when none.</summary>
    public IReadOnlyList<string> AgentIds { get; }

    /// <summary>The skill groups the call went through (<c>skillGroupIds</c>); empty when none.</summary>
    public IReadOnlyList<string> SkillGroupIds { get; }
}
