using Microsoft.Extensions.Configuration;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Chooses the PostgreSQL inbox (<see cref="PostgresCccEventInbox"/>) for a webhook receiver registered with
/// <c>services.AddCccWebhooks(…)</c>.</summary>
public static class CccWebhookOptionsPostgreSqlExtensions
{
    /// <summary>The inbox table used when none is given.</summary>
    public const string DefaultTableName = "ccc_event_inbox";

    /// <summary>Stores events in PostgreSQL: several receiver processes share one inbox and its work.</summary>
    /// <param name="options">The receiver's options.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="tableName">The inbox table.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> or <paramref name="tableName"/> is blank.</exception>
    public static CccWebhookOptions UsePostgres(this CccWebhookOptions options, string connectionString, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return options.UseInbox(_ => new PostgresCccEventInbox(connectionString, tableName));
    }

    /// <summary>Stores events in the PostgreSQL database named by <paramref name="section"/> (e.g. the
    /// <c>Ccc:Webhooks:Postgres</c> section): its <c>ConnectionString</c> (required) and <c>Table</c>
    /// (<see cref="DefaultTableName"/> when absent).</summary>
    /// <param name="options">The receiver's options.</param>
    /// <param name="section">The section holding <c>ConnectionString</c> and <c>Table</c>.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The section has no <c>ConnectionString</c> (the message names the key, never a value).</exception>
    public static CccWebhookOptions UsePostgres(this CccWebhookOptions options, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        string path = section is IConfigurationSection named ? named.Path + ":" : string.Empty;
        string connectionString = section["ConnectionString"] is { Length: > 0 } c
            ? c
            : throw new InvalidOperationException($"{path}ConnectionString is not set: the PostgreSQL inbox needs an Npgsql connection string.");
        return options.UsePostgres(connectionString, section["Table"] is { Length: > 0 } table ? table : DefaultTableName);
    }
}
