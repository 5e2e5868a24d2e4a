using System.Linq.Expressions;
using Ccc.Sdk.Samples.Crm.Data;
using Ccc.Sdk.Samples.Crm.History;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ccc.Sdk.Samples.Crm.Customers;

/// <summary>
/// The CRM's customers in its own database (<see cref="CrmDbContext"/>, EF Core on SQLite): an
/// <see cref="ICustomerBook"/> whose numbers are stored normalised with a unique index, so a caller's number in any
/// notation is one indexed lookup, and whose cards join the webhook-fed call history (<see cref="CallHistoryStore"/>).
/// Each operation uses its own context from the pooled factory: Blazor circuits and the webhook dispatcher call it
/// concurrently.
/// </summary>
/// <param name="databases">The CRM's database.</param>
/// <param name="history">The call history the cards show.</param>
/// <param name="time">The clock of new customers and notes.</param>
public sealed class CustomerDirectory(IDbContextFactory<CrmDbContext> databases, CallHistoryStore history, TimeProvider time) : ICustomerBook
{
    /// <summary>The most calls a card shows.</summary>
    public const int CardCalls = 10;

    /// <summary>The most numbers a customer may have.</summary>
    public const int MaxPhones = 10;

    /// <summary>
    /// Runs after a customer is created and saved, e.g. to give the embedded emulator's simulated phones their
    /// behaviour (<see cref="Emulator.SimulatedPhones.ConfigureCustomerAsync"/>); <see langword="null"/>: nothing.
    /// </summary>
    public Func<CustomerSummary, CancellationToken, Task>? AfterCreate { get; set; }

    private static readonly Expression<Func<CustomerRecord, CustomerSummary>> Summary = c => new CustomerSummary(
        c.Id, c.ContactName, c.Company, c.City, c.IsVip, c.OwnerAgentId,
        c.Phones.OrderBy(p => p.Position).Select(p => new CustomerPhone(p.Number, p.Kind)).ToList());

    /// <inheritdoc />
    public async Task<IReadOnlyList<CustomerSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Ordered(db).Select(Summary).ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CustomerSummary?> FindAsync(string? customerId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(customerId))
        {
            return null;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(Summary).FirstOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CustomerSummary?> FindByPhoneAsync(string? number, CancellationToken cancellationToken = default)
    {
        if (PhoneNumbers.Normalize(number) is not { } normalized)
        {
            return null;
        }

        // The unique index on customer_phones.number: one indexed lookup, the customer and their numbers in one query.
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.CustomerPhones.AsNoTracking().Where(p => p.Number == normalized).Select(p => p.Customer!).Select(Summary)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CustomerCard?> GetCardAsync(string? customerId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(customerId, cancellationToken) is not { } customer)
        {
            return null;
        }

        List<CustomerNote> notes;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            notes = await db.CustomerNotes.AsNoTracking()
                .Where(n => n.CustomerId == customer.Id)
                .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
                .Select(n => new CustomerNote(n.Id, n.CustomerId, n.ContactId, n.AgentId, n.Text, n.CreatedAt))
                .ToListAsync(cancellationToken);
        }

        var calls = await history.ListCustomerCallsAsync(customer.Id, [.. customer.Phones.Select(p => p.Number)], CardCalls, cancellationToken);
        return new CustomerCard(
            customer,
            [.. calls.Select(c => new CustomerCall(c, [.. notes.Where(n => string.Equals(n.ContactId, c.ContactId, StringComparison.Ordinal))]))],
            notes);
    }

    /// <inheritdoc />
    public async Task<CustomerSummary> CreateAsync(NewCustomer customer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customer);
        string contactName = Field(nameof(NewCustomer.ContactName), customer.ContactName, required: true)!;
        string company = Field(nameof(NewCustomer.Company), customer.Company, required: false) ?? "";
        string city = Field(nameof(NewCustomer.City), customer.City, required: false) ?? "";
        string? owner = Field(nameof(NewCustomer.OwnerAgentId), customer.OwnerAgentId, required: false);

        var numbers = new List<string>();
        foreach (string? raw in customer.Phones ?? [])
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            if (raw.Length > CrmDbContext.MaxFieldLength || PhoneNumbers.Normalize(raw) is not { } number)
            {
                throw new CustomerValidationException(nameof(NewCustomer.Phones), $"'{Shorten(raw)}' is not a phone number.");
            }

            if (!numbers.Contains(number, StringComparer.Ordinal))
            {
                numbers.Add(number);
            }
        }

        if (numbers.Count == 0)
        {
            throw new CustomerValidationException(nameof(NewCustomer.Phones), "At least one phone number is required.");
        }

        if (numbers.Count > MaxPhones)
        {
            throw new CustomerValidationException(nameof(NewCustomer.Phones), $"At most {MaxPhones} phone numbers.");
        }

        CustomerSummary created;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        try
        {
            // One writer at a time (SQLite's BEGIN IMMEDIATE): the next id and the numbers' check see every earlier
            // create. The unique index is the last word all the same (another process on the same file).
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.CustomerPhones.AsNoTracking().Where(p => numbers.Contains(p.Number)).Select(p => p.Number).FirstOrDefaultAsync(cancellationToken) is { } taken)
            {
                throw NumberTaken(taken);
            }

            long last = await db.Database
                .SqlQuery<long>($"SELECT coalesce(max(CAST(substr(id, 3) AS INTEGER)), 1000) AS \"Value\" FROM customers WHERE id LIKE 'c-%'")
                .SingleAsync(cancellationToken);
            var record = new CustomerRecord
            {
                Id = $"c-{last + 1}",
                ContactName = contactName, Company = company, City = city, IsVip = customer.IsVip, OwnerAgentId = owner,
                CreatedAt = time.GetUtcNow(),
                Phones = [.. numbers.Select((n, i) => new CustomerPhoneRecord { CustomerId = $"c-{last + 1}", Number = n, Kind = KindOf(n), Position = i })],
            };
            db.Customers.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            created = new CustomerSummary(record.Id, contactName, company, city, record.IsVip, owner, [.. record.Phones.Select(p => new CustomerPhone(p.Number, p.Kind))]);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 } sqlite
            && sqlite.Message.Contains("customer_phones.number", StringComparison.Ordinal))
        {
            // Lost a race on the unique index: the same refusal as the check above, never a 500.
            throw new CustomerValidationException(nameof(NewCustomer.Phones), "One of these numbers belongs to another customer.");
        }

        if (AfterCreate is { } after)
        {
            await after(created, cancellationToken);
        }

        return created;
    }

    /// <inheritdoc />
    public async Task<CustomerNote> AddNoteAsync(string customerId, string? contactId, string agentId, string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(agentId) || agentId.Length > CrmDbContext.MaxFieldLength)
        {
            throw new CustomerValidationException("AgentId", "A note needs the agent who writes it.");
        }

        contactId = string.IsNullOrWhiteSpace(contactId) ? null : contactId.Trim();
        if (contactId is { Length: > CrmDbContext.MaxFieldLength })
        {
            throw new CustomerValidationException("ContactId", "That is not a call's contact id.");
        }

        text = text?.Trim() ?? "";
        if (text.Length is 0 or > CustomerNote.MaxLength)
        {
            throw new CustomerValidationException("Text", $"A note has 1 to {CustomerNote.MaxLength} characters.");
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (string.IsNullOrEmpty(customerId) || !await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new CustomerValidationException("CustomerId", $"There is no customer '{Shorten(customerId ?? "")}'.");
        }

        var note = new CustomerNoteRecord { CustomerId = customerId, ContactId = contactId, AgentId = agentId, Text = text, CreatedAt = time.GetUtcNow() };
        db.CustomerNotes.Add(note);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // The customer went away between the check and the write (the foreign key).
            throw new CustomerValidationException("CustomerId", $"There is no customer '{Shorten(customerId)}'.");
        }

        return new CustomerNote(note.Id, note.CustomerId, note.ContactId, note.AgentId, note.Text, DateTimeOffset.FromUnixTimeMilliseconds(note.CreatedAt.ToUnixTimeMilliseconds()));
    }

    /// <summary>A normalised number's kind: a mainland mobile (11 digits from <c>1</c>) or a landline.</summary>
    /// <param name="number">The number, normalised.</param>
    /// <returns><c>mobile</c> or <c>landline</c>.</returns>
    public static string KindOf(string number) =>
        number is { Length: 11 } && number[0] == '1' ? "mobile" : "landline";

    private static IQueryable<CustomerRecord> Ordered(CrmDbContext db) =>
        db.Customers.AsNoTracking().OrderByDescending(c => c.IsVip).ThenBy(c => c.Company).ThenBy(c => c.ContactName).ThenBy(c => c.Id);

    // Trimmed; required or not; at most CrmDbContext.MaxFieldLength characters.
    private static string? Field(string name, string? value, bool required)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return required ? throw new CustomerValidationException(name, $"{name} is required.") : null;
        }

        return value.Length > CrmDbContext.MaxFieldLength
            ? throw new CustomerValidationException(name, $"{name} has at most {CrmDbContext.MaxFieldLength} characters.")
            : value;
    }

    private static CustomerValidationException NumberTaken(string number) =>
        new(nameof(NewCustomer.Phones), $"{number} belongs to another customer.");

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
