using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Events;

namespace Ccc.Sdk.Samples.Crm.Supervision;

/// <summary>
/// The supervisor view's part of the webhook path: every agent state change, queue change, call end and CDR wakes the
/// open supervisor pages (<see cref="WallboardNotifier.Signal"/>), and the agents' call events say which call each agent
/// is on (for "listen" and "whisper"). Registered with <c>AddEventHandler</c> next to the call history's handlers.
/// </summary>
public sealed class WallboardEventHandler(WallboardNotifier notifier) : ICccEventHandler
{
    /// <summary>The agent events of the call center (docs/emulator-events.md): sign-in and out, ready, break, and the
    /// agent's side of a call.</summary>
    public static readonly IReadOnlyList<string> AgentEventTypes =
        ["AgentCheckIn", "AgentCheckOut", "AgentReady", "AgentBreak", "AgentDialing", "AgentRinging", "AgentTalk", "AgentRelease"];

    /// <summary>The queue's events: a call entering it, leaving it for an agent, abandoning or timing out.</summary>
    public static readonly IReadOnlyList<string> QueueEventTypes = ["Enqueue", "AssignAgent", "Abandoned", "QueueingTimeout"];

    /// <summary>Every event type the handler takes (the call history's <c>Released</c> and <c>CDRReady</c> too: the
    /// reports change when a call's record is written).</summary>
    public static readonly IReadOnlyList<string> EventTypes = [.. AgentEventTypes, .. QueueEventTypes, "Released", "CDRReady"];

    /// <inheritdoc />
    public bool CanHandle(string eventType) => EventTypes.Contains(eventType, StringComparer.Ordinal);

    /// <inheritdoc />
    public Task HandleAsync(CccEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.AgentId is { Length: > 0 } agentId && e.ContactId is { Length: > 0 } contactId)
        {
            switch (e.EventType)
            {
                case "AgentDialing" or "AgentRinging" or "AgentTalk":
                    notifier.AgentOnCall(agentId, contactId, e.EventTime);
                    break;
                case "AgentRelease":
                    notifier.AgentLeftCall(agentId, contactId);
                    break;
            }
        }

        notifier.Signal();
        return Task.CompletedTask;
    }
}
