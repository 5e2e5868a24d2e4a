using Ccc.Sdk.Samples.Crm.Customers;

namespace Ccc.Sdk.Samples.Crm.Softphone;

/// <summary>
/// The screen-pop the softphone bar shows for one call: the log entry (<see cref="ScreenPop"/>), the customer found by
/// the number (shown at once), then their card (loaded after), and where the call is. It stays after the call ends, so
/// a note can still be saved with the call's contact id, until the agent dismisses it or the next call replaces it.
/// </summary>
/// <param name="entry">The screen-pop as logged.</param>
/// <param name="customer">The customer found by the number, or <see langword="null"/> for an unknown number.</param>
public sealed class DeskPop(ScreenPop entry, CustomerSummary? customer)
{
    /// <summary>The call is ringing (inbound) or being dialled (outbound).</summary>
    public const string Ringing = "ringing";

    /// <summary>The call is connected.</summary>
    public const string Talking = "talking";

    /// <summary>The call has ended.</summary>
    public const string Ended = "ended";

    /// <summary>The screen-pop as logged (<c>GET /api/screen-pops</c>).</summary>
    public ScreenPop Entry { get; } = entry;

    /// <summary>The call's contact id (its JobId): notes written on the pop are saved with it.</summary>
    public string JobId => Entry.JobId;

    /// <summary>The customer's number as the softphone reported it (kept on the server; shown masked when masking is on).</summary>
    public string? Number => Entry.Number;

    /// <summary>The customer, once known (found by the number, or created from the new-contact form).</summary>
    public CustomerSummary? Customer { get; set; } = customer;

    /// <summary>The customer's card, once loaded.</summary>
    public CustomerCard? Card { get; set; }

    /// <summary>Why the card could not be loaded, if it could not.</summary>
    public string? CardError { get; set; }

    /// <summary><see cref="Ringing"/>, <see cref="Talking"/> or <see cref="Ended"/>.</summary>
    public string CallState { get; set; } = Ringing;
}
