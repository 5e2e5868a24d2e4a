namespace Ccc.Sdk;

/// <summary>The hand-written check of the generated <c>ListRealtimeAgentStates</c> request.</summary>
public sealed partial class ListRealtimeAgentStatesRequest
{
    partial void Validate()
    {
        if (AgentIdList is { Count: > 20 })
        {
            throw new ArgumentException("AgentIdList takes at most 20 agents.", nameof(AgentIdList));
        }
    }
}
