using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>
/// The cloud's CallControlData (docs/reference/api-conventions.md#shapes-and-enums), returned by every call-control
/// action: the superset of the fields the actions' models list, cut per action to its own model
/// (<see cref="Gateway.ResponseShape"/>).
/// </summary>
internal sealed class CallControlDataDto
{
    public required long ContextId { get; init; }
    public required CallContextDto CallContext { get; init; }

    /// <summary>The acting agent; for StartBack2BackCall (no agent involved) the cloud's empty UserContext.</summary>
    public required UserContextDto UserContext { get; init; }
}

internal sealed class CallContextDto
{
    public required string InstanceId { get; init; }
    public required string JobId { get; init; }
    public required string CallType { get; init; }

    /// <summary>The call's variables as the cloud's JSON text; the emulator's calls carry none, so empty.</summary>
    public required string CallVariables { get; init; }
    public required IReadOnlyList<ChannelContextDto> ChannelContexts { get; init; }
}

internal sealed class ChannelContextDto
{
    public required string ChannelId { get; init; }
    public required string ChannelState { get; init; }
    public required string ChannelFlags { get; init; }
    public required string CallType { get; init; }
    public required string Originator { get; init; }
    public required string Destination { get; init; }
    public required string UserId { get; init; }
    public required string UserExtension { get; init; }
    public required string JobId { get; init; }

    /// <summary>Epoch ms of the channel's last state change.</summary>
    public required long Timestamp { get; init; }
    public required string ReleaseInitiator { get; init; }
    public required string ReleaseReason { get; init; }

    /// <summary>The channel's position in the call (0 for the first leg).</summary>
    public required int Index { get; init; }

    /// <summary>The skill group the call was routed through (inbound), else empty.</summary>
    public required string SkillGroupId { get; init; }

    /// <summary>The channel's variables as JSON text; the emulator's channels carry none, so empty.</summary>
    public required string ChannelVariables { get; init; }

    /// <summary>The media of the channel: the emulator simulates voice only.</summary>
    public required string MediaType { get; init; }
}

/// <summary>Builds CallControlData; masks customer numbers for agents (MaskedCallee, HideCustomerNumbers, rule A2).</summary>
internal static class CallControlData
{
    /// <summary>Caller holds the instance lock.</summary>
    public static CallControlDataDto Create(CallEngine engine, CccInstance instance, Call call, Agent? agent) => new()
    {
        ContextId = engine.NextContextId(),
        CallContext = Context(instance, call, agent is not null),
        UserContext = agent is null ? AgentStateActions.EmptyUserContext(instance) : AgentStateActions.ToUserContext(instance, agent),
    };

    /// <summary>Caller holds the instance lock. The call's CallContext; <paramref name="forAgent"/> masks customer numbers.</summary>
    public static CallContextDto Context(CccInstance instance, Call call, bool forAgent) => new()
    {
        InstanceId = instance.InstanceId,
        JobId = call.JobId,
        CallType = call.CallType,
        CallVariables = "",
        ChannelContexts = call.Channels.Select((c, i) => ToChannelContext(instance, call, c, i, forAgent)).ToList(),
    };

    private static ChannelContextDto ToChannelContext(CccInstance instance, Call call, Channel channel, int index, bool forAgent)
    {
        var hide = forAgent && instance.Calls.Settings.HideCustomerNumbers;
        string Show(string number, bool isCustomer)
        {
            if (!isCustomer || !forAgent)
            {
                return number;
            }

            if (call.MaskedCallee is { } masked && number == call.CalledNumber)
            {
                return masked;
            }

            return hide ? Mask(number) : number;
        }

        var customerIsOriginator = channel.Role == ChannelRole.Customer && call.CallType == CallTypes.Inbound
            || channel.Role == ChannelRole.Agent && call.CallType == CallTypes.Inbound && !channel.IsPhone;
        var customerIsDestination = channel.UserId.Length == 0 && !customerIsOriginator
            || channel.Role == ChannelRole.Agent && call.CallType == CallTypes.Outbound && !channel.IsPhone;
        return new ChannelContextDto
        {
            ChannelId = channel.ChannelId,
            ChannelState = channel.State,
            ChannelFlags = channel.Flags,
            CallType = channel.CallType,
            Originator = Show(channel.Originator, customerIsOriginator),
            Destination = Show(channel.Destination, customerIsDestination),
            UserId = channel.UserId,
            UserExtension = channel.UserExtension,
            JobId = call.JobId,
            Timestamp = channel.Timestamp,
            ReleaseInitiator = channel.ReleaseInitiator,
            ReleaseReason = channel.ReleaseReason,
            Index = index,
            SkillGroupId = call.SkillGroupId,
            ChannelVariables = "",
            MediaType = "Voice",
        };
    }

    /// <summary><c>13800000001</c> → <c>138****0001</c>; short numbers become <c>****</c>.</summary>
    public static string Mask(string number) => number.Length >= 7 ? number[..3] + "****" + number[^4..] : "****";
}
