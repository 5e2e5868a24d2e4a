namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Options of the webhook receiver registered by <c>services.AddCccWebhooks(…)</c> and mapped by <c>app.MapCccWebhooks(…)</c>.</summary>
public sealed class CccWebhookOptions
{
    /// <summary>The default SQLite file of <see cref="UseSqlite"/>.</summary>
    public const string DefaultSqlitePath = "ccc-events.db";

    /// <summary>The subscription's signing secrets (<c>whsec_</c> + base64 of a key of at least 24 bytes, e.g. from
    /// <c>CccWebhookSigner.NewSecret()</c>). During a rotation list both the old and the new one: a delivery is accepted
    /// when any of them signed it. At least one is required; a shorter or malformed one fails the start.</summary>
    /// <value>Empty.</value>
    public IList<string> Secrets { get; } = [];

    /// <summary>How far (either way) a delivery's <c>webhook-timestamp</c> may lie from now; older or newer gets 401.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body accepted, in bytes; a larger one gets 413.</summary>
    /// <value>262,144 bytes (256 KB).</value>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How long handled (<see cref="InboxItemState.Done"/>) items are kept — and their keys remembered for
    /// deduplication. Keep it longer than the sender's retry window (the emulator's: 17.5 hours).</summary>
    /// <value>7 days.</value>
    public TimeSpan DoneRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long dead-lettered items are kept for inspection and replay.</summary>
    /// <value>30 days.</value>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the retention clean-up runs (the first run is one interval after start).</summary>
    /// <value>1 hour.</value>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The store that was chosen; <see langword="null"/> until one of the <c>Use…</c> methods is called
    /// (then SQLite in <see cref="DefaultSqlitePath"/>).</summary>
    internal Func<IServiceProvider, ICccEventInbox>? InboxFactory { get; private set; }

    /// <summary>Stores events in a SQLite file (WAL): one receiver process. The default, with <see cref="DefaultSqlitePath"/>.</summary>
    /// <param name="path">The database file; relative paths are resolved against the current directory.</param>
    /// <returns>These options.</returns>
    public CccWebhookOptions UseSqlite(string path = DefaultSqlitePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        InboxFactory = _ => new SqliteCccEventInbox(path);
        return this;
    }

    /// <summary>Stores events in PostgreSQL: several receiver processes share one inbox and its work.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="tableName">The inbox table.</param>
    /// <returns>These options.</returns>
    public CccWebhookOptions UsePostgres(string connectionString, string tableName = "ccc_event_inbox")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        InboxFactory = _ => new PostgresCccEventInbox(connectionString, tableName);
        return this;
    }

    /// <summary>Keeps events in memory: tests and development only (a restart loses whatever was answered 2xx).</summary>
    /// <returns>These options.</returns>
    public CccWebhookOptions UseInMemory()
    {
        InboxFactory = _ => new InMemoryCccEventInbox();
        return this;
    }

    /// <summary>Uses a store of your own (it must keep the <see cref="ICccEventInbox"/> contract, durability included).</summary>
    /// <param name="factory">Creates the store, once.</param>
    /// <returns>These options.</returns>
    public CccWebhookOptions UseInbox(Func<IServiceProvider, ICccEventInbox> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        InboxFactory = factory;
        return this;
    }

    internal void Validate()
    {
        if (Secrets.Count == 0 || Secrets.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("CccWebhookOptions.Secrets needs the subscription's signing secret(s), e.g. whsec_… (both old and new while rotating).");
        }

        for (int i = 0; i < Secrets.Count; i++)
        {
            // Throws with the position and the reason (malformed, too short), never the value.
            Ccc.Sdk.Webhooks.WebhookSecret.DecodeKey(Secrets[i], $"CccWebhookOptions.Secrets[{i}]", nameof(Secrets));
        }

        if (Tolerance <= TimeSpan.Zero)
        {
            throw new ArgumentException("CccWebhookOptions.Tolerance must be positive.");
        }

        if (MaxBodyBytes <= 0)
        {
            throw new ArgumentException("CccWebhookOptions.MaxBodyBytes must be positive.");
        }

        if (DoneRetention <= TimeSpan.Zero || DeadLetterRetention <= TimeSpan.Zero || RetentionInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("CccWebhookOptions.DoneRetention, DeadLetterRetention and RetentionInterval must be positive.");
        }
    }
}
