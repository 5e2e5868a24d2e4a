using System.Collections.Concurrent;
using Ccc.Sdk.Samples.Crm.Customers;

namespace Ccc.Sdk.Samples.Crm.Softphone;

/// <summary>
/// Whether each signed-in agent wants customer numbers masked (<c>138****0001</c>) in every view: the toggle
/// <c>#mask-numbers</c> of the softphone bar. One setting per agent, shared by all of the agent's tabs and pages and kept
/// until the CRM restarts; off by default. The pages render the masked form on the server (<see cref="Display"/>, the
/// <c>PhoneText</c> component), so the full number is never in the HTML an agent with masking on receives.
/// </summary>
public sealed class MaskingPreferences
{
    private readonly ConcurrentDictionary<string, bool> _masked = new(StringComparer.Ordinal);

    /// <summary>Raised after an agent's setting changed, with the agent's id (the open views of that agent re-render).</summary>
    public event Action<string>? Changed;

    /// <summary>Whether <paramref name="agentId"/> has masking on.</summary>
    /// <param name="agentId">The signed-in agent (<c>loginName@instanceId</c>); <see langword="null"/> for nobody.</param>
    /// <returns><see langword="true"/> when the agent turned masking on.</returns>
    public bool IsOn(string? agentId) => agentId is not null && _masked.TryGetValue(agentId, out bool on) && on;

    /// <summary>Turns masking on or off for an agent.</summary>
    /// <param name="agentId">The signed-in agent.</param>
    /// <param name="on">Whether numbers are masked.</param>
    public void Set(string agentId, bool on)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        bool before = IsOn(agentId);
        _masked[agentId] = on;
        if (before != on)
        {
            Changed?.Invoke(agentId);
        }
    }

    /// <summary>A number as <paramref name="agentId"/> sees it: masked (<see cref="PhoneNumbers.Mask"/>) with masking on,
    /// else as given.</summary>
    /// <param name="agentId">The agent looking.</param>
    /// <param name="number">The number.</param>
    /// <returns>The text to show; empty for <see langword="null"/>.</returns>
    public string Display(string? agentId, string? number) =>
        string.IsNullOrEmpty(number) ? "" : IsOn(agentId) ? PhoneNumbers.Mask(number) : number;
}
