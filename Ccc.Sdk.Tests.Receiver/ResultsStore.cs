using System.Data.Common;
using Ccc.Sdk.AspNetCore.Events;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ccc.Sdk.Tests.Receiver;

/// <summary>
/// The handler's own effect: in ONE transaction, <c>{tables}_handled</c> gets the event's key unless it is there (no unique
/// constraint: the count per key is what the tests check) and <c>{tables}_invocations</c> gets a row per invocation.
/// </summary>
internal abstract class ResultsStore
{
    protected ResultsStore(string tables)
    {
        Handled = tables + "_handled";
        Invocations = tables + "_invocations";
    }

    protected string Handled { get; }

    protected string Invocations { get; }

    public static ResultsStore Create(ReceiverSettings settings) => settings.Store == "postgres"
        ? new PostgresResults(settings.Results, settings.Tables)
        : new SqliteResults(settings.Results, settings.Tables);

    public abstract Task InitializeAsync();

    public abstract Task RecordAsync(CccEventDelivery delivery, string receiver, CancellationToken cancellationToken);

    protected async Task InsertAsync(DbConnection connection, DbTransaction transaction, CccEventDelivery delivery, string receiver, CancellationToken cancellationToken)
    {
        await using (var handled = connection.CreateCommand())
        {
            handled.Transaction = transaction;
            handled.CommandText = $"INSERT INTO {Handled} (dedupe_key, receiver) SELECT @key, @receiver WHERE NOT EXISTS (SELECT 1 FROM {Handled} WHERE dedupe_key = @key)";
            Add(handled, "@key", delivery.DedupeKey);
            Add(handled, "@receiver", receiver);
            await handled.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var invocation = connection.CreateCommand();
        invocation.Transaction = transaction;
        invocation.CommandText = $"INSERT INTO {Invocations} (dedupe_key, receiver, attempt) VALUES (@key, @receiver, @attempt)";
        Add(invocation, "@key", delivery.DedupeKey);
        Add(invocation, "@receiver", receiver);
        Add(invocation, "@attempt", delivery.Attempt);
        await invocation.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed class SqliteResults(string path, string tables) : ResultsStore(tables)
    {
        private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = true }.ToString();

        public override async Task InitializeAsync()
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS {Handled} (dedupe_key TEXT NOT NULL, receiver TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS {Handled}_key ON {Handled} (dedupe_key);
                CREATE TABLE IF NOT EXISTS {Invocations} (dedupe_key TEXT NOT NULL, receiver TEXT NOT NULL, attempt INTEGER NOT NULL);
                """;
            await command.ExecuteNonQueryAsync();
        }

        public override async Task RecordAsync(CccEventDelivery delivery, string receiver, CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous = FULL";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            // BEGIN IMMEDIATE: the write lock from the start, so the NOT EXISTS check and the insert are one step.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await InsertAsync(connection, transaction, delivery, receiver, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private sealed class PostgresResults(string connectionString, string tables) : ResultsStore(tables)
    {
        public override async Task InitializeAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Two receivers may start at once: serialize the schema creation.
            command.CommandText = $"""
                SELECT pg_advisory_lock(hashtext('{Handled}'));
                CREATE TABLE IF NOT EXISTS {Handled} (dedupe_key TEXT NOT NULL, receiver TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS {Handled}_key ON {Handled} (dedupe_key);
                CREATE TABLE IF NOT EXISTS {Invocations} (dedupe_key TEXT NOT NULL, receiver TEXT NOT NULL, attempt INTEGER NOT NULL);
                SELECT pg_advisory_unlock(hashtext('{Handled}'));
                """;
            await command.ExecuteNonQueryAsync();
        }

        public override async Task RecordAsync(CccEventDelivery delivery, string receiver, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // READ COMMITTED does not make NOT EXISTS + INSERT atomic: lock the key for the transaction first.
            await using (var lockKey = connection.CreateCommand())
            {
                lockKey.Transaction = transaction;
                lockKey.CommandText = "SELECT pg_advisory_xact_lock(hashtext(@key))";
                lockKey.Parameters.AddWithValue("@key", delivery.DedupeKey);
                await lockKey.ExecuteNonQueryAsync(cancellationToken);
            }

            await InsertAsync(connection, transaction, delivery, receiver, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
