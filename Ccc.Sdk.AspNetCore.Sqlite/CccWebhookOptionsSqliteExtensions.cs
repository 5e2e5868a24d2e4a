using Microsoft.Extensions.Configuration;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Chooses the SQLite inbox (<see cref="SqliteCccEventInbox"/>) for a webhook receiver registered with
/// <c>services.AddCccWebhooks(…)</c>.</summary>
public static class CccWebhookOptionsSqliteExtensions
{
    /// <summary>The database file used when none is given.</summary>
    public const string DefaultPath = "ccc-events.db";

    /// <summary>Stores events in a SQLite file (WAL): one receiver process.</summary>
    /// <param name="options">The receiver's options.</param>
    /// <param name="path">The database file; relative paths are resolved against the current directory.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    public static CccWebhookOptions UseSqlite(this CccWebhookOptions options, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return options.UseInbox(_ => new SqliteCccEventInbox(path));
    }

    /// <summary>Stores events in the SQLite file named by <paramref name="section"/>'s <c>Path</c> key (e.g. the
    /// <c>Ccc:Webhooks:Sqlite</c> section); <see cref="DefaultPath"/> when the key is absent.</summary>
    /// <param name="options">The receiver's options.</param>
    /// <param name="section">The section holding <c>Path</c>.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static CccWebhookOptions UseSqlite(this CccWebhookOptions options, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return options.UseSqlite(section["Path"] is { Length: > 0 } path ? path : DefaultPath);
    }
}
