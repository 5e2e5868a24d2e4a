using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Data;
using Ccc.Sdk.Samples.Crm.History;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Samples.Data;

/// <summary>
/// The sample CRM's database on a real SQLite file in a temporary directory, registered and started the way the
/// sample's Program does it (<see cref="CrmDatabase.AddCrmDatabase"/>, then <see cref="CrmDatabase.InitializeAsync"/>).
/// <see cref="RestartAsync"/> starts it again on the same file, as a second run of the app would.
/// </summary>
internal sealed class CrmTestDatabase : IAsyncDisposable
{
    private ServiceProvider _services;

    private CrmTestDatabase(string directory, ServiceProvider services, bool seeded)
    {
        Directory = directory;
        _services = services;
        Seeded = seeded;
    }

    /// <summary>The clock of the database's services.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The temporary directory.</summary>
    public string Directory { get; }

    /// <summary>The database file.</summary>
    public string Path => System.IO.Path.Combine(Directory, "data", CrmDatabase.DefaultFileName);

    /// <summary>Whether the latest start wrote the seed.</summary>
    public bool Seeded { get; private set; }

    /// <summary>The customers.</summary>
    public ICustomerBook Customers => _services.GetRequiredService<ICustomerBook>();

    /// <summary>The call history.</summary>
    public CallHistoryStore History => _services.GetRequiredService<CallHistoryStore>();

    /// <summary>A fresh context (dispose it).</summary>
    public CrmDbContext NewContext() => _services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContext();

    /// <summary>Starts on a fresh file (in a directory that does not exist yet).</summary>
    public static async Task<CrmTestDatabase> StartAsync()
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("ccc-crm-db-").FullName;
        var database = new CrmTestDatabase(directory, null!, false);
        (database._services, database.Seeded) = await database.BuildAsync();
        return database;
    }

    /// <summary>Stops and starts again on the same file.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        (_services, Seeded) = await BuildAsync();
    }

    private async Task<(ServiceProvider, bool)> BuildAsync()
    {
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Time)
            .AddCrmDatabase(Path)
            .BuildServiceProvider();
        return (services, await CrmDatabase.InitializeAsync(services));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleanup.
        }
    }
}
