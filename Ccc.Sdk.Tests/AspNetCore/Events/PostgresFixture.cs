using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>
/// A real PostgreSQL server for the tests: started by the fixture from Debian's <c>postgresql</c> package
/// (<c>/usr/lib/postgresql/*/bin</c>, the newest) in a temporary directory, on a free 127.0.0.1 port, with its socket in
/// that directory; stopped and deleted on dispose. PostgreSQL refuses to run as root, so as root the server runs as the
/// <c>postgres</c> OS user (<c>runuser</c>). Set <c>CCC_TEST_POSTGRES</c> to a connection string to use an existing server
/// instead (the tests then create tables of their own in its database).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "CCC_TEST_POSTGRES";

    private string? _directory;
    private string? _binDirectory;
    private bool _asPostgresUser;

    /// <summary>The test database's connection string.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A table name no other test uses.</summary>
    public static string NewTableName() => "inbox_" + Guid.NewGuid().ToString("N")[..16];

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } existing)
        {
            ConnectionString = existing;
            return;
        }

        _binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
            "The PostgreSQL tests need a PostgreSQL server: install Debian's package (apt-get install postgresql), which puts " +
            $"initdb and pg_ctl in /usr/lib/postgresql/<version>/bin, or set {EnvironmentVariable} to the connection string of a running server.");
        _asPostgresUser = Environment.UserName == "root";
        _directory = Path.Combine(Path.GetTempPath(), "ccc-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        string data = Path.Combine(_directory, "data");
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _directory], asPostgres: false);
        }

        await RunAsync(Path.Combine(_binDirectory, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], _asPostgresUser);
        int port = FreePort();
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {_directory}", "start",
        ], _asPostgresUser);

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE DATABASE ccc_tests", connection);
            await command.ExecuteNonQueryAsync();
        }

        builder.Database = "ccc_tests";
        builder.Pooling = true;
        ConnectionString = builder.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is null || _binDirectory is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Directory: d, Version: int.TryParse(Path.GetFileName(d).Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : -1))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Directory, "bin"))
            .FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (string a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        // pg_ctl start leaves the server holding its own output, not ours: read to the end only what the command prints.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed with exit code {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
