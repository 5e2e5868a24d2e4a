using System.Text;
using Ccc.Sdk.Samples.Crm.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ccc.Sdk.Samples.Crm.Data;

/// <summary>
/// The CRM's database (one SQLite file, <c>crm.db</c>): customers, their phone numbers (normalised, unique across
/// customers, indexed), their notes, and the call history the webhooks feed (ended calls, calls in progress, who placed
/// which call, recordings ready), so a customer's card is read from one database. Its schema is in
/// <c>Data/Migrations</c>; <see cref="CrmDatabase.InitializeAsync"/> applies them at start. Tables and columns are
/// snake_case; every time is stored as Unix milliseconds (an integer: SQLite sorts and compares it).
/// </summary>
/// <param name="options">The options (a pooled factory builds them: <see cref="CrmDatabase.AddCrmDatabase"/>).</param>
public sealed class CrmDbContext(DbContextOptions<CrmDbContext> options) : DbContext(options)
{
    /// <summary>The longest name, company, city, agent id or contact id kept, in characters.</summary>
    public const int MaxFieldLength = 200;

    /// <summary>The customers.</summary>
    public DbSet<CustomerRecord> Customers => Set<CustomerRecord>();

    /// <summary>Their numbers.</summary>
    public DbSet<CustomerPhoneRecord> CustomerPhones => Set<CustomerPhoneRecord>();

    /// <summary>Their notes.</summary>
    public DbSet<CustomerNoteRecord> CustomerNotes => Set<CustomerNoteRecord>();

    /// <summary>The ended calls.</summary>
    public DbSet<CallHistoryRecord> CallHistory => Set<CallHistoryRecord>();

    /// <summary>The calls in progress.</summary>
    public DbSet<CallInProgressRecord> CallsInProgress => Set<CallInProgressRecord>();

    /// <summary>The calls the CRM placed for an agent.</summary>
    public DbSet<CallAgentRecord> CallAgents => Set<CallAgentRecord>();

    /// <summary>The calls whose recording is ready.</summary>
    public DbSet<RecordingReadyRecord> RecordingsReady => Set<RecordingReadyRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<CustomerRecord>(e =>
        {
            e.ToTable("customers");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasMaxLength(32);
            e.Property(c => c.ContactName).HasMaxLength(MaxFieldLength);
            e.Property(c => c.Company).HasMaxLength(MaxFieldLength);
            e.Property(c => c.City).HasMaxLength(MaxFieldLength);
            e.Property(c => c.OwnerAgentId).HasMaxLength(MaxFieldLength);
            e.HasMany(c => c.Phones).WithOne(p => p.Customer).HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Notes).WithOne(n => n.Customer).HasForeignKey(n => n.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CustomerPhoneRecord>(e =>
        {
            e.ToTable("customer_phones");
            e.HasKey(p => p.Id);
            e.Property(p => p.Number).HasMaxLength(PhoneNumbers.MaxDigits);
            e.Property(p => p.Kind).HasMaxLength(16);
            // A number belongs to one customer, and a caller's number is one indexed lookup.
            e.HasIndex(p => p.Number).IsUnique();
            e.HasIndex(p => new { p.CustomerId, p.Position });
        });
        modelBuilder.Entity<CustomerNoteRecord>(e =>
        {
            e.ToTable("customer_notes");
            e.HasKey(n => n.Id);
            e.Property(n => n.ContactId).HasMaxLength(MaxFieldLength);
            e.Property(n => n.AgentId).HasMaxLength(MaxFieldLength);
            e.Property(n => n.Text).HasMaxLength(CustomerNote.MaxLength);
            e.HasIndex(n => new { n.CustomerId, n.CreatedAt });
            e.HasIndex(n => n.ContactId);
        });
        modelBuilder.Entity<CallHistoryRecord>(e =>
        {
            e.ToTable("call_history");
            e.HasKey(h => h.ContactId);
            e.HasIndex(h => h.StartTime).IsDescending();
            e.HasIndex(h => h.CustomerNumber);
            e.HasIndex(h => h.CustomerId);
        });
        modelBuilder.Entity<CallInProgressRecord>(e =>
        {
            e.ToTable("calls_in_progress");
            e.HasKey(c => c.ContactId);
        });
        modelBuilder.Entity<CallAgentRecord>(e =>
        {
            e.ToTable("call_agents");
            e.HasKey(a => new { a.ContactId, a.AgentId });
        });
        modelBuilder.Entity<RecordingReadyRecord>(e =>
        {
            e.ToTable("recordings_ready");
            e.HasKey(r => r.ContactId);
        });

        // snake_case columns, as the history's SQL upserts (CallHistoryStore) write them.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    /// <summary><c>ContactId</c> → <c>contact_id</c>.</summary>
    /// <param name="name">A property name.</param>
    /// <returns>The column name.</returns>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>A time stored as Unix milliseconds (UTC).</summary>
    public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        t => t.ToUnixTimeMilliseconds(),
        ms => DateTimeOffset.FromUnixTimeMilliseconds(ms));
}
