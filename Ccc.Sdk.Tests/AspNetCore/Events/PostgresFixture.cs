using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>
/// A real PostgreSQL server for the tests (<see cref="PostgresServer"/>: Debian's <c>postgresql</c> package in a temporary
/// directory on loopback, or the server <c>CCC_TEST_POSTGRES</c> names).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = PostgresServer.EnvironmentVariable;

    private PostgresServer? _server;

    /// <summary>The test database's connection string.</summary>
    public string ConnectionString => _server?.ConnectionString ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    /// <summary>A table name no other test uses.</summary>
    public static string NewTableName() => PostgresServer.NewTableName();

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
