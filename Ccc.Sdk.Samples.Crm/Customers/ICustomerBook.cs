using Ccc.Sdk.Samples.Crm.History;

namespace Ccc.Sdk.Samples.Crm.Customers;

/// <summary>
/// The CRM's customers: looked up by any of their numbers in any notation (<see cref="PhoneNumbers.Normalize"/>), shown
/// as a card with their recent calls and notes, created from an unknown caller's number, annotated during a call.
/// Every signed-in agent may read and annotate every customer (a call center serves whoever calls); what an agent may
/// do with a call (its recording, hanging it up) is checked by <c>CallDesk</c>.
/// </summary>
public interface ICustomerBook
{
    /// <summary>Every customer, VIPs first, then by company and name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The customers.</returns>
    Task<IReadOnlyList<CustomerSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>A customer by id.</summary>
    /// <param name="customerId">The CRM id, e.g. <c>c-1001</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The customer, or <see langword="null"/>.</returns>
    Task<CustomerSummary?> FindAsync(string? customerId, CancellationToken cancellationToken = default);

    /// <summary>The customer one of whose numbers is <paramref name="number"/>, in any notation.</summary>
    /// <param name="number">A number as the call center or a person wrote it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The customer, or <see langword="null"/> (also for a number that does not normalise).</returns>
    Task<CustomerSummary?> FindByPhoneAsync(string? number, CancellationToken cancellationToken = default);

    /// <summary>A customer's card: the customer, their recent calls (newest first, each with the notes written during
    /// it) and their notes.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The card, or <see langword="null"/> when there is no such customer.</returns>
    Task<CustomerCard?> GetCardAsync(string? customerId, CancellationToken cancellationToken = default);

    /// <summary>Creates a customer (e.g. from the new-contact form an unknown caller opens).</summary>
    /// <param name="customer">The new customer's fields.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The customer created.</returns>
    /// <exception cref="CustomerValidationException">A field is missing or invalid, or a number belongs to another customer.</exception>
    Task<CustomerSummary> CreateAsync(NewCustomer customer, CancellationToken cancellationToken = default);

    /// <summary>Adds a note to a customer, saved with the call it was written during (if any).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="contactId">The call's contact id (its JobId), or <see langword="null"/> for a note outside a call.</param>
    /// <param name="agentId">The signed-in agent writing it.</param>
    /// <param name="text">The note (trimmed; 1 to <see cref="CustomerNote.MaxLength"/> characters).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The note saved.</returns>
    /// <exception cref="CustomerValidationException">No such customer, or an empty or too long text.</exception>
    Task<CustomerNote> AddNoteAsync(string customerId, string? contactId, string agentId, string text, CancellationToken cancellationToken = default);
}

/// <summary>A customer as lists and cards show them.</summary>
/// <param name="Id">The CRM id, e.g. <c>c-1001</c>.</param>
/// <param name="ContactName">The person.</param>
/// <param name="Company">Their company.</param>
/// <param name="City">Where they are.</param>
/// <param name="IsVip">Whether they are a VIP (a badge on the card).</param>
/// <param name="OwnerAgentId">The agent who owns the account (<c>loginName@instanceId</c>), if any.</param>
/// <param name="Phones">Their numbers, normalised, the one to dial first.</param>
public sealed record CustomerSummary(string Id, string ContactName, string Company, string City, bool IsVip, string? OwnerAgentId, IReadOnlyList<CustomerPhone> Phones)
{
    /// <summary>The number the CRM dials: the first one.</summary>
    public string PrimaryPhone => Phones.Count > 0 ? Phones[0].Number : "";
}

/// <summary>One number of a customer.</summary>
/// <param name="Number">Normalised (<see cref="PhoneNumbers.Normalize"/>).</param>
/// <param name="Kind"><c>mobile</c> or <c>landline</c>.</param>
public sealed record CustomerPhone(string Number, string Kind);

/// <summary>A note on a customer.</summary>
/// <param name="Id">The note's id.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="ContactId">The call it was written during, if any.</param>
/// <param name="AgentId">Who wrote it.</param>
/// <param name="Text">What they wrote.</param>
/// <param name="CreatedAt">When (UTC).</param>
public sealed record CustomerNote(long Id, string CustomerId, string? ContactId, string AgentId, string Text, DateTimeOffset CreatedAt)
{
    /// <summary>The longest note, in characters.</summary>
    public const int MaxLength = 4000;
}

/// <summary>A recent call on a customer's card.</summary>
/// <param name="Call">The call, as the history keeps it.</param>
/// <param name="Notes">The notes written during it.</param>
public sealed record CustomerCall(CallHistoryRow Call, IReadOnlyList<CustomerNote> Notes);

/// <summary>What the screen-pop and the customer page show.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="RecentCalls">Their latest calls, newest first (at most 10).</param>
/// <param name="Notes">All their notes, newest first.</param>
public sealed record CustomerCard(CustomerSummary Customer, IReadOnlyList<CustomerCall> RecentCalls, IReadOnlyList<CustomerNote> Notes);

/// <summary>The fields of a new customer.</summary>
/// <param name="ContactName">The person (required).</param>
/// <param name="Company">Their company.</param>
/// <param name="City">Where they are.</param>
/// <param name="Phones">Their numbers in any notation (at least one; each must normalise).</param>
/// <param name="IsVip">Whether they are a VIP.</param>
/// <param name="OwnerAgentId">The owning agent, if any.</param>
public sealed record NewCustomer(string ContactName, string Company, string City, IReadOnlyList<string> Phones, bool IsVip = false, string? OwnerAgentId = null);

/// <summary>A customer or note the CRM refuses: the message says which field and why (shown to the agent).</summary>
/// <param name="field">The field, e.g. <c>Phones</c>.</param>
/// <param name="message">Why.</param>
public sealed class CustomerValidationException(string field, string message) : Exception(message)
{
    /// <summary>The field refused.</summary>
    public string Field { get; } = field;
}
