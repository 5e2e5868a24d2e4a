using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>
/// Reads <see cref="CccWebhookOptions"/> from configuration, so the store is chosen without code changes:
/// <code>
/// "CccWebhooks": {
///   "Authentication": "StandardWebhooks",           // StandardWebhooks (default) | SharedToken
///   "Secrets": [ "whsec_…" ],                      // StandardWebhooks; or one string, ';'-separated
///   "SharedToken": { "Tokens": [ "…" ], "QueryParameter": "token", "HeaderName": null,
///                    "AllowedNetworks": [ "203.0.113.0/24" ], "DeliveryIdHeader": null },
///   "Store": "Postgres",                            // InMemory | Sqlite | Postgres (the last two: see below)
///   "Sqlite": { "Path": "ccc-events.db" },          // read by UseSqlite(section.GetSection("Sqlite"))
///   "Postgres": { "ConnectionString": "Host=…", "Table": "ccc_event_inbox" },  // read by UsePostgres(…)
///   "Tolerance": "00:05:00", "MaxBodyBytes": 262144,
///   "DoneRetention": "7.00:00:00", "DeadLetterRetention": "30.00:00:00", "RetentionInterval": "01:00:00"
/// }
/// </code>
/// The SQLite and PostgreSQL stores live in their own packages (Ccc.Sdk.AspNetCore.Sqlite, Ccc.Sdk.AspNetCore.PostgreSql),
/// so <c>Store</c> <c>Sqlite</c> or <c>Postgres</c> only records the choice: the application calls
/// <c>options.UseSqlite(section.GetSection("Sqlite"))</c> or <c>options.UsePostgres(section.GetSection("Postgres"))</c>,
/// and a receiver whose configuration names a store that was not chosen fails its validation at start, saying which.
/// </summary>
public static class CccWebhookConfiguration
{
    /// <summary>Applies <paramref name="section"/> to <paramref name="options"/>; absent keys keep their values.
    /// <c>services.AddCccWebhooks(section, …)</c> calls it when the options are created and reports an error as a
    /// validation failure at start.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A value is invalid; the message names the key, never a secret or a connection string.</exception>
    public static void Apply(IConfiguration section, CccWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var secret in List(section.GetSection("Secrets")))
        {
            options.Secrets.Add(secret);
        }

        switch (section["Authentication"]?.Trim().ToUpperInvariant())
        {
            case null or "":
                break;
            case "STANDARDWEBHOOKS":
                options.UseStandardWebhooks();
                break;
            case "SHAREDTOKEN":
                var token = section.GetSection("SharedToken");
                options.UseSharedToken(t =>
                {
                    foreach (var value in List(token.GetSection("Tokens")))
                    {
                        t.Tokens.Add(value);
                    }

                    foreach (var network in List(token.GetSection("AllowedNetworks")))
                    {
                        t.AllowedNetworks.Add(network);
                    }

                    if (token.GetSection("QueryParameter").Exists())
                    {
                        t.QueryParameter = token["QueryParameter"];
                    }

                    t.HeaderName = token["HeaderName"] is { Length: > 0 } header ? header : t.HeaderName;
                    t.DeliveryIdHeader = token["DeliveryIdHeader"] is { Length: > 0 } id ? id : t.DeliveryIdHeader;
                });
                if (List(token.GetSection("Tokens")).Count == 0)
                {
                    throw new InvalidOperationException($"{Path(section)}:Authentication is SharedToken but {Path(section)}:SharedToken:Tokens is not set.");
                }

                break;
            default:
                throw new InvalidOperationException($"{Path(section)}:Authentication must be StandardWebhooks or SharedToken.");
        }

        options.Tolerance = Duration(section, "Tolerance") ?? options.Tolerance;
        options.DoneRetention = Duration(section, "DoneRetention") ?? options.DoneRetention;
        options.DeadLetterRetention = Duration(section, "DeadLetterRetention") ?? options.DeadLetterRetention;
        options.RetentionInterval = Duration(section, "RetentionInterval") ?? options.RetentionInterval;
        if (section["MaxBodyBytes"] is { Length: > 0 } max)
        {
            options.MaxBodyBytes = long.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0
                ? bytes
                : throw new InvalidOperationException($"{Path(section)}:MaxBodyBytes must be a positive whole number of bytes.");
        }

        switch (section["Store"]?.Trim().ToUpperInvariant())
        {
            case "SQLITE":
                options.ConfiguredStore = "Sqlite"; // chosen in code: UseSqlite(section.GetSection("Sqlite")), package Ccc.Sdk.AspNetCore.Sqlite
                break;
            case "POSTGRES" or "POSTGRESQL":
                options.ConfiguredStore = "Postgres"; // chosen in code: UsePostgres(section.GetSection("Postgres")), package Ccc.Sdk.AspNetCore.PostgreSql
                break;
            case "INMEMORY":
                options.UseInMemory();
                break;
            case null or "":
                break;
            default:
                throw new InvalidOperationException($"{Path(section)}:Store must be Sqlite, Postgres or InMemory.");
        }
    }

    /// <summary>A list given as an array, or as one <c>;</c>-separated string (an environment variable).</summary>
    private static List<string> List(IConfigurationSection list)
    {
        var listed = list.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        if (listed.Count == 0 && list.Value is { Length: > 0 } joined)
        {
            listed.AddRange(joined.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return listed;
    }

    private static string Path(IConfiguration section) => section is IConfigurationSection named ? named.Path : "CccWebhooks";

    private static TimeSpan? Duration(IConfiguration section, string key) =>
        section[key] is not { Length: > 0 } text ? null
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero ? value
        : throw new InvalidOperationException($"{Path(section)}:{key} must be a positive time span (e.g. 00:05:00).");
}
