using System.Collections.Concurrent;
using Ccc.Sdk.Samples.Crm.History;

namespace Ccc.Sdk.Samples.Crm.Customers;

/// <summary>
/// The sample's customers, in memory: an <see cref="ICustomerBook"/> without a database (being replaced by the EF Core one).
/// </summary>
public sealed class CustomerDirectory : ICustomerBook
{
    private readonly List<CustomerSummary> _customers =
    [
        new("c-1001", "Liu Yang", "Huangpu Trading Co.", "Shanghai", true, "agent1@ccc-local", [new("02161234567", "landline")]),
        new("c-1002", "Zhou Min", "Pudong Logistics", "Shanghai", false, "agent2@ccc-local", [new("13912345678", "mobile")]),
        new("c-1003", "Sun Hao", "Haidian Software Ltd.", "Beijing", false, "agent3@ccc-local", [new("01062345678", "landline")]),
        new("c-1004", "Wu Jing", "Chaoyang Retail", "Beijing", false, "agent2@ccc-local", [new("13811112222", "mobile")]),
        new("c-1005", "Zheng Lei", "Pearl River Foods", "Guangzhou", false, null, [new("18622223333", "mobile")]),
        new("c-1006", "Ma Lin", "Xihu Tea House", "Hangzhou", true, "agent1@ccc-local", [new("057187654321", "landline")]),
    ];

    private readonly ConcurrentQueue<CustomerNote> _notes = new();
    private readonly Lock _gate = new();
    private long _lastNoteId;

    /// <summary>The call history the cards show (set once the store exists: the store resolves numbers with this directory).</summary>
    public CallHistoryStore? History { get; set; }

    /// <summary>All customers, in the order the CRM lists them.</summary>
    public IReadOnlyList<CustomerSummary> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _customers];
            }
        }
    }

    /// <summary>Finds a customer by id.</summary>
    /// <param name="id">The CRM id, e.g. <c>c-1001</c>.</param>
    /// <returns>The customer, or <see langword="null"/> when there is none with that id.</returns>
    public CustomerSummary? Find(string? id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>Finds the customer who owns a phone number, in any notation.</summary>
    /// <param name="phone">A number.</param>
    /// <returns>The customer, or <see langword="null"/>.</returns>
    public CustomerSummary? FindByPhone(string? phone) =>
        PhoneNumbers.Normalize(phone) is { } n ? All.FirstOrDefault(c => c.Phones.Any(p => p.Number == n)) : null;

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomerSummary>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult(All);

    /// <inheritdoc />
    public Task<CustomerSummary?> FindAsync(string? customerId, CancellationToken cancellationToken = default) => Task.FromResult(Find(customerId));

    /// <inheritdoc />
    public Task<CustomerSummary?> FindByPhoneAsync(string? number, CancellationToken cancellationToken = default) => Task.FromResult(FindByPhone(number));

    /// <inheritdoc />
    public async Task<CustomerCard?> GetCardAsync(string? customerId, CancellationToken cancellationToken = default)
    {
        if (Find(customerId) is not { } customer)
        {
            return null;
        }

        var notes = _notes.Where(n => n.CustomerId == customer.Id).OrderByDescending(n => n.Id).ToList();
        var calls = History is null ? [] : (await History.ListCallsAsync(null, cancellationToken))
            .Where(c => c.CustomerId == customer.Id || customer.Phones.Any(p => p.Number == PhoneNumbers.Normalize(c.CustomerNumber)))
            .Take(10)
            .Select(c => new CustomerCall(c, [.. notes.Where(n => n.ContactId == c.ContactId)]))
            .ToList();
        return new CustomerCard(customer, calls, notes);
    }

    /// <inheritdoc />
    public Task<CustomerSummary> CreateAsync(NewCustomer customer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (string.IsNullOrWhiteSpace(customer.ContactName))
        {
            throw new CustomerValidationException(nameof(NewCustomer.ContactName), "The contact's name is required.");
        }

        var phones = new List<CustomerPhone>();
        foreach (string raw in customer.Phones)
        {
            string number = PhoneNumbers.Normalize(raw) ?? throw new CustomerValidationException(nameof(NewCustomer.Phones), $"'{raw}' is not a phone number.");
            phones.Add(new CustomerPhone(number, number.StartsWith('1') && number.Length == 11 ? "mobile" : "landline"));
        }

        if (phones.Count == 0)
        {
            throw new CustomerValidationException(nameof(NewCustomer.Phones), "At least one phone number is required.");
        }

        lock (_gate)
        {
            if (phones.FirstOrDefault(p => _customers.Any(c => c.Phones.Any(q => q.Number == p.Number))) is { } taken)
            {
                throw new CustomerValidationException(nameof(NewCustomer.Phones), $"{taken.Number} belongs to another customer.");
            }

            var created = new CustomerSummary($"c-{1001 + _customers.Count}", customer.ContactName.Trim(), customer.Company.Trim(), customer.City.Trim(), customer.IsVip, customer.OwnerAgentId, phones);
            _customers.Add(created);
            return Task.FromResult(created);
        }
    }

    /// <inheritdoc />
    public Task<CustomerNote> AddNoteAsync(string customerId, string? contactId, string agentId, string text, CancellationToken cancellationToken = default)
    {
        if (Find(customerId) is null)
        {
            throw new CustomerValidationException("CustomerId", $"There is no customer '{customerId}'.");
        }

        text = text?.Trim() ?? "";
        if (text.Length is 0 or > CustomerNote.MaxLength)
        {
            throw new CustomerValidationException("Text", $"A note has 1 to {CustomerNote.MaxLength} characters.");
        }

        var note = new CustomerNote(Interlocked.Increment(ref _lastNoteId), customerId, contactId, agentId, text, DateTimeOffset.UtcNow);
        _notes.Enqueue(note);
        return Task.FromResult(note);
    }
}
