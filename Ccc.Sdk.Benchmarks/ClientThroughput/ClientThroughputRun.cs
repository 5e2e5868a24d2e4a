using System.Diagnostics;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Benchmarks.ClientThroughput;

/// <summary>
/// CccClient against Alibaba's official Node.js client (<c>@alicloud/openapi-client</c>), side by side against one
/// out-of-process emulator (<c>dotnet Ccc.Sdk.Emulator.dll</c>): each round runs N concurrent <c>ListUsers</c>
/// calls through CccClient for the window and the same through Node.js (Ccc.Sdk.Tests/Compat/node/load.js), in
/// alternating order, and compares calls per second. Both sign with ACS3-HMAC-SHA256 and keep their connections alive.
/// </summary>
public static class ClientThroughputRun
{
    /// <summary>Runs every round.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<ClientThroughputResult> RunAsync(ClientThroughputOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        string nodeDir = Path.Combine(Repository.Root, "Ccc.Sdk.Tests", "Compat", "node");
        if (!File.Exists(Path.Combine(nodeDir, "node_modules", "@alicloud", "openapi-client", "package.json")))
        {
            throw new InvalidOperationException($"The Node.js client is not installed: run 'npm ci' in {nodeDir} (building Ccc.Sdk.Tests does it).");
        }

        string dll = Repository.BuiltDll("Ccc.Sdk.Emulator");
        Uri endpoint = FreePort.NextHttpAddress();
        Uri https = FreePort.NextHttpAddress();
        await using var emulator = ChildProcess.StartDotnet(
            dll,
            ["--urls", endpoint.ToString(), $"--Emulator:HttpsUrls=https://127.0.0.1:{https.Port}"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            workingDirectory: Path.GetDirectoryName(dll));
        await emulator.WaitForHttpAsync(endpoint, "/", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await log.WriteLineAsync($"Emulator ({Repository.Configuration} build, its own process) at {endpoint}").ConfigureAwait(false);

        using var client = new CccClient(
            new AccessKeyCredential(CccEmulator.DevAccessKeyId, CccEmulator.DevAccessKeySecret),
            new CccClientOptions { Endpoint = endpoint, InstanceId = CccEmulator.DefaultInstanceId });

        // A fresh emulator process is still compiling its hot paths (tiered JIT): warm it up, unmeasured, before round 1,
        // for three warm-up periods.
        var warm = await RunCccClientAsync(client, new ClientThroughputOptions { Concurrency = options.Concurrency, Seconds = 3 * options.WarmUpSeconds, WarmUpSeconds = 0 }, cancellationToken).ConfigureAwait(false);
        await log.WriteLineAsync($"emulator warm-up (not counted): {warm.CallsPerSecond:0} calls/s").ConfigureAwait(false);

        var rounds = new List<RoundResult>();
        for (int round = 1; round <= options.Rounds; round++)
        {
            // Alternating order (odd rounds .NET first, even rounds Node.js first), so neither side always runs on the
            // emulator the other one just warmed up.
            SideResult dotnet, node;
            if (round % 2 == 1)
            {
                dotnet = await RunCccClientAsync(client, options, cancellationToken).ConfigureAwait(false);
                node = await RunNodeAsync(nodeDir, endpoint, options, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                node = await RunNodeAsync(nodeDir, endpoint, options, cancellationToken).ConfigureAwait(false);
                dotnet = await RunCccClientAsync(client, options, cancellationToken).ConfigureAwait(false);
            }

            await log.WriteLineAsync($"round {round}: CccClient {dotnet.CallsPerSecond:0} calls/s ({dotnet.Failures} failed), Node.js {node.CallsPerSecond:0} calls/s ({node.Failures} failed)").ConfigureAwait(false);
            rounds.Add(new RoundResult(round, dotnet, node));
        }

        return new ClientThroughputResult(options, rounds);
    }

    private static async Task<SideResult> RunCccClientAsync(CccClient client, ClientThroughputOptions options, CancellationToken cancellationToken)
    {
        bool measuring = false;
        bool stop = false;
        long calls = 0, failures = 0;
        string? firstError = null;

        async Task WorkerAsync()
        {
            await Task.Yield();
            while (!Volatile.Read(ref stop))
            {
                bool ok;
                string? error = null;
                try
                {
                    ok = false;
                    await foreach (var page in client.ListUsersAsync(cancellationToken: cancellationToken).AsPages(pageSize: 10).ConfigureAwait(false))
                    {
                        ok = page.Items.Count > 0;
                        break;
                    }

                    if (!ok)
                    {
                        error = "ListUsers returned no user.";
                    }
                }
                catch (CccException e)
                {
                    ok = false;
                    error = e.Code + ": " + e.Message;
                }

                if (Volatile.Read(ref measuring) && !Volatile.Read(ref stop))
                {
                    if (ok)
                    {
                        Interlocked.Increment(ref calls);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstError, error, null);
                    }
                }
            }
        }

        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => WorkerAsync()).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(options.WarmUpSeconds), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref measuring, true);
        long started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref stop, true);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var result = new SideResult(Interlocked.Read(ref calls), Interlocked.Read(ref failures), seconds, Volatile.Read(ref firstError));
        await Task.WhenAll(workers).ConfigureAwait(false);
        return result;
    }

    private static async Task<SideResult> RunNodeAsync(string nodeDir, Uri endpoint, ClientThroughputOptions options, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node", "load.js")
        {
            WorkingDirectory = nodeDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CCC_ENDPOINT"] = endpoint.Authority;
        start.Environment["CCC_ACCESS_KEY_ID"] = CccEmulator.DevAccessKeyId;
        start.Environment["CCC_ACCESS_KEY_SECRET"] = CccEmulator.DevAccessKeySecret;
        start.Environment["CCC_INSTANCE_ID"] = CccEmulator.DefaultInstanceId;
        start.Environment["CCC_CONCURRENCY"] = options.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CCC_SECONDS"] = options.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CCC_WARMUP_SECONDS"] = options.WarmUpSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.WarmUpSeconds + options.Seconds + 60));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string output = await stdout.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node load.js exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
        }

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        return new SideResult(
            root.GetProperty("calls").GetInt64(),
            root.GetProperty("failures").GetInt64(),
            root.GetProperty("seconds").GetDouble(),
            root.TryGetProperty("firstError", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null);
    }
}
