using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary><c>IvrTracking</c>: the call entered or left one node of an IVR flow.</summary>
public sealed class CccIvrTrackingEvent : CccCallEvent
{
    internal CccIvrTrackingEvent(JsonElement raw)
        : base(raw)
    {
        var json = Json;
        FlowId = NullIfEmpty(json.String("flowId"));
        FlowType = NullIfEmpty(json.String("flowType"));
        NodeId = NullIfEmpty(json.String("nodeId"));
        NodeName = NullIfEmpty(json.String("nodeName"));
        NodeType = NullIfEmpty(json.String("nodeType"));
        NodeExitCode = NullIfEmpty(json.String("nodeExitCode"));
        NextNodeId = NullIfEmpty(json.String("nextNodeId"));
        NodeAction = NullIfEmpty(json.String("nodeAction"));
        NodeProperties = json.Element("nodeProperties");
        NodeVariables = json.Element("nodeVariables");
        ChannelVariables = json.Element("channelVariables");
    }

    /// <summary>The IVR flow (<c>flowId</c>).</summary>
    public string? FlowId { get; }

    /// <summary>The kind of flow (<c>flowType</c>).</summary>
    public string? FlowType { get; }

    /// <summary>The node (<c>nodeId</c>).</summary>
    public string? NodeId { get; }

    /// <summary>The node's name (<c>nodeName</c>).</summary>
    public string? NodeName { get; }

    /// <summary>The node's kind (<c>nodeType</c>).</summary>
    public string? NodeType { get; }

    /// <summary>How the node was left (<c>nodeExitCode</c>).</summary>
    public string? NodeExitCode { get; }

    /// <summary>The node the call goes to next (<c>nextNodeId</c>).</summary>
    public string? NextNodeId { get; }

    /// <summary><c>ENTER</c> or <c>LEAVE</c> (<c>nodeAction</c>).</summary>
    public string? NodeAction { get; }

    /// <summary>The node's settings (<c>nodeProperties</c>), as sent.</summary>
    public JsonElement? NodeProperties { get; }

    /// <summary>The flow variables at this node (<c>nodeVariables</c>), as sent.</summary>
    public JsonElement? NodeVariables { get; }

    /// <summary>The channel's variables (<c>channelVariables</c>), as sent.</summary>
    public JsonElement? ChannelVariables { get; }
}
