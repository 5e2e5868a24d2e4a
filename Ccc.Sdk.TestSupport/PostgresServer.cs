using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Ccc.Sdk.TestSupport;

/// <summary>
/// A real PostgreSQL server for tests and load runs: started from Debian's <c>postgresql</c> package
/// (<c>/usr/lib/postgresql/*/bin</c>, the newest) in a temporary directory, on a free 127.0.0.1 port, with its socket in
/// that directory; stopped and deleted on dispose. PostgreSQL refuses to run as root, so as root the server runs as the
/// <c>postgres</c> OS user (<c>runuser</c>). Durability settings are PostgreSQL's defaults (fsync and synchronous commit
/// on). Set <c>CCC_TEST_POSTGRES</c> to a connection string to use an existing server instead.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable naming an existing server's connection string.</summary>
    public const string EnvironmentVariable = "CCC_TEST_POSTGRES";

    private string? _directory;
    private string? _binDirectory;
    private bool _asPostgresUser;

    /// <summary>The test database's connection string.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A table name no other test uses.</summary>
    public static string NewTableName() => "inbox_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Starts a server (or uses the one <see cref="EnvironmentVariable"/> names).</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        await server.InitializeAsync().ConfigureAwait(false);
        return server;
    }

    private async Task InitializeAsync()
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
        int port = FreePort.Next();
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

    /// <summary>Stops the server it started and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
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
