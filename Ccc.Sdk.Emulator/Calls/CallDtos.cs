using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>The cloud's CallControlData (docs/reference/api-conventions.md#shapes-and-enums), returned by every call-control action.</summary>
internal sealed class CallControlDataDto
{
    public required long ContextId { get; init; }
    public required CallContextDto CallContext { get; init; }

    /// <summary>The acting agent; null for StartBack2BackCall (no agent involved).</summary>
    public required UserContextDto? UserContext { get; init; }
}

internal sealed class CallContextDto
{
    public required string InstanceId { get; init; }
    public required string JobId { get; init; }
    public required string CallType { get; init; }
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
    public required IReadOnlyDictionary<string, string> AssociatedData { get; init; }
}

/// <summary>Builds CallControlData; masks customer numbers for agents (MaskedCallee, HideCustomerNumbers, rule A2).</summary>
internal static class CallControlData
{
    private static readonly Dictionary<string, string> NoData = [];

    /// <summary>Caller holds the instance lock.</summary>
    public static CallControlDataDto Create(CallEngine engine, CccInstance instance, Call call, Agent? agent) => new()
    {
        ContextId = engine.NextContextId(),
        CallContext = Context(instance, call, agent is not null),
        UserContext = agent is null ? null : AgentStateActions.ToUserContext(instance, agent),
    };

    /// <summary>Caller holds the instance lock. The call's CallContext; <paramref name="forAgent"/> masks customer numbers.</summary>
    public static CallContextDto Context(CccInstance instance, Call call, bool forAgent) => new()
    {
        InstanceId = instance.InstanceId,
        JobId = call.JobId,
        CallType = call.CallType,
        ChannelContexts = call.Channels.Select(c => ToChannelContext(instance, call, c, forAgent)).ToList(),
    };

    private static ChannelContextDto ToChannelContext(CccInstance instance, Call call, Channel channel, bool forAgent)
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
            AssociatedData = call.Tags.Length > 0 ? new Dictionary<string, string> { ["Tags"] = call.Tags } : NoData,
        };
    }

    /// <summary><c>13800000001</c> → <c>138****0001</c>; short numbers become <c>****</c>.</summary>
    public static string Mask(string number) => number.Length >= 7 ? number[..3] + "****" + number[^4..] : "****";
}
