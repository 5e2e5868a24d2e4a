using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.History;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ccc.Sdk.Samples.Crm.Data;

/// <summary>
/// Registers the CRM's database and the services over it, and prepares it at start: migrations applied, then the
/// demo customers seeded if the database has none yet (the first run).
/// </summary>
public static class CrmDatabase
{
    /// <summary>The file's default name, in <c>Crm:DataDirectory</c>.</summary>
    public const string DefaultFileName = "crm.db";

    /// <summary>The connection string of a database file (created if missing; pooled connections; a writer waits up
    /// to 30 s for another).</summary>
    /// <param name="path">The SQLite file.</param>
    /// <returns>The connection string.</returns>
    public static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>
    /// Registers a pooled <see cref="IDbContextFactory{CrmDbContext}"/> on <paramref name="path"/> (Blazor circuits and
    /// the webhook dispatcher use it concurrently, each operation its own short-lived context),
    /// <see cref="CustomerDirectory"/> as the <see cref="ICustomerBook"/>, and the <see cref="CallHistoryStore"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="path">The SQLite file (its directory is created at <see cref="InitializeAsync"/>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCrmDatabase(this IServiceCollection services, string path)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        services.AddPooledDbContextFactory<CrmDbContext>(o => o.UseSqlite(ConnectionString(fullPath)));
        services.AddSingleton(new CrmDatabaseFile(fullPath));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CallHistoryStore>();
        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<ICustomerBook>(sp => sp.GetRequiredService<CustomerDirectory>());
        // One line per SQL command is the framework's Information level: too much for a sample's console.
        services.AddLogging(b => b.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning));
        return services;
    }

    /// <summary>
    /// Creates the file's directory, applies the migrations the database lacks (<c>MigrateAsync</c>), turns on WAL
    /// (readers do not wait for the writer) and seeds the demo customers when there are none (<see cref="CrmSeed"/>).
    /// Run it before the app serves.
    /// </summary>
    /// <param name="services">The app's services (after <see cref="AddCrmDatabase"/>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Whether the seed was written (the first run).</returns>
    public static async Task<bool> InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        string? directory = Path.GetDirectoryName(services.GetRequiredService<CrmDatabaseFile>().Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var factory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        return await CrmSeed.SeedAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken);
    }
}

/// <summary>Where the CRM's database is.</summary>
/// <param name="Path">The SQLite file's full path.</param>
public sealed record CrmDatabaseFile(string Path);

/// <summary>
/// The context <c>dotnet ef migrations add</c> builds (on a scratch file): the tool then does not start the app, which
/// would start its embedded emulator.
/// </summary>
public sealed class CrmDesignTimeDbContextFactory : IDesignTimeDbContextFactory<CrmDbContext>
{
    /// <inheritdoc />
    public CrmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CrmDbContext>().UseSqlite(CrmDatabase.ConnectionString(Path.Combine(Path.GetTempPath(), "crm-design.db"))).Options);
}
