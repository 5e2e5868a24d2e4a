using System.Collections.Frozen;
using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary>
/// An agent state event: <c>AgentCheckIn</c>, <c>AgentReady</c>, <c>AgentDialing</c>, <c>AgentRinging</c>,
/// <c>AgentRingingTimeout</c>, <c>AgentTalk</c>, <c>AgentRelease</c>, <c>AgentBreak</c>, <c>AgentCheckOut</c>.
/// </summary>
public sealed class CccAgentEvent : CccEvent
{
    /// <summary>The event types read as <see cref="CccAgentEvent"/>.</summary>
    public static IReadOnlySet<string> EventTypes { get; } = new[]
    {
        "AgentCheckIn", "AgentReady", "AgentDialing", "AgentRinging", "AgentRingingTimeout", "AgentTalk",
        "AgentRelease", "AgentBreak", "AgentCheckOut",
    }.ToFrozenSet(StringComparer.Ordinal);

    internal CccAgentEvent(JsonElement raw)
        : base(raw)
    {
        var json = Json;
        SkillGroupIds = json.List("skillGroupIds");
        SkillLevels = json.Element("skillLevels");
        OutboundScenario = json.Boolean("outboundScenario");
        ChannelId = NullIfEmpty(json.String("channelId"));
        CallType = NullIfEmpty(json.String("callType"));
        SkillGroupId = NullIfEmpty(json.String("skillGroupId"));
        Scenario = NullIfEmpty(json.String("scenario"));
        BreakCode = NullIfEmpty(json.String("breakCode"));
    }

    /// <summary>The skill groups the agent is signed into (<c>skillGroupIds</c>); empty when not sent.</summary>
    public IReadOnlyList<string> SkillGroupIds { get; }

    /// <summary><c>AgentCheckIn</c>: the agent's skill levels (<c>skillLevels</c>), as sent.</summary>
    public JsonElement? SkillLevels { get; }

    /// <summary><c>AgentReady</c>: whether the agent is ready for outbound work (<c>outboundScenario</c> 1/0).</summary>
    public bool? OutboundScenario { get; }

    /// <summary><c>AgentDialing</c>/<c>Ringing</c>/<c>Talk</c>/<c>Release</c>: the agent's channel (<c>channelId</c>).</summary>
    public string? ChannelId { get; }

    /// <summary>The call type (<c>callType</c>): INTERNAL, INBOUND, OUTBOUND, BACK2BACK, ...</summary>
    public string? CallType { get; }

    /// <summary>The skill group the call came through (<c>skillGroupId</c>).</summary>
    public string? SkillGroupId { get; }

    /// <summary>Why the agent is on the call (<c>scenario</c>): BLIND_TRANSFER, ATTENDED_TRANSFER, CONSULTED, MONITORING, ...</summary>
    public string? Scenario { get; }

    /// <summary><c>AgentBreak</c>: the break reason code (<c>breakCode</c>).</summary>
    public string? BreakCode { get; }
}
