namespace Ccc.Sdk.Samples.Crm.Softphone;

/// <summary>
/// The signed-in agent's running softphone, for the pages of the same Blazor circuit (click-to-call from the customers
/// list). Scoped: one per circuit. <see cref="Changed"/> tells pages when it comes or goes or its status changes.
/// </summary>
public sealed class SoftphoneAccessor
{
    /// <summary>The softphone the layout's panel runs, or <see langword="null"/>.</summary>
    public Ccc.Sdk.Softphone.Softphone? Current { get; private set; }

    /// <summary>The agent's last status code.</summary>
    public Ccc.Sdk.Softphone.SoftphoneStatus Status { get; private set; } = Ccc.Sdk.Softphone.SoftphoneStatus.Unregistered;

    /// <summary>Raised after <see cref="Current"/> or <see cref="Status"/> changed.</summary>
    public event Action? Changed;

    /// <summary>Whether the agent can place a call from the softphone now (idle, or on a break).</summary>
    public bool CanCall => Current is not null && Status is Ccc.Sdk.Softphone.SoftphoneStatus.Idle or Ccc.Sdk.Softphone.SoftphoneStatus.Break;

    internal void Set(Ccc.Sdk.Softphone.Softphone? softphone, Ccc.Sdk.Softphone.SoftphoneStatus status)
    {
        Current = softphone;
        Status = status;
        Changed?.Invoke();
    }
}
