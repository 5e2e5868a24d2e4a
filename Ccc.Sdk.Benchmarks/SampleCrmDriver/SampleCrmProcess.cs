using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Benchmarks.SampleCrmDriver;

/// <summary>
/// The sample CRM as its own process on free loopback ports (the built output of this configuration), with its embedded
/// emulator and a temporary data directory (webhook inbox, call history) deleted afterwards. Shared by the
/// <c>softphone-latency</c> and <c>screen-pop-latency</c> runs.
/// </summary>
internal sealed class SampleCrmProcess : IAsyncDisposable
{
    private const string Project = "Ccc.Sdk.Samples.Crm";
    private readonly ChildProcess _process;
    private readonly string _dataDirectory;

    private SampleCrmProcess(ChildProcess process, Uri address, Uri emulatorAddress, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Address = address;
        EmulatorAddress = emulatorAddress;
    }

    /// <summary>The CRM's address.</summary>
    public Uri Address { get; }

    /// <summary>The embedded emulator's address (its control API is under <c>/_emulator/</c>).</summary>
    public Uri EmulatorAddress { get; }

    /// <summary>Starts the built sample and waits until it answers HTTP.</summary>
    /// <param name="scriptPath">The emulator's Workbench script the softphone loads (so which bridge adapter runs).</param>
    /// <param name="log">Progress.</param>
    /// <returns>The running sample.</returns>
    public static async Task<SampleCrmProcess> StartAsync(string scriptPath, TextWriter log)
    {
        string dll = Repository.BuiltDll(Project);
        var address = FreePort.NextHttpAddress();
        var emulatorAddress = FreePort.NextHttpAddress();
        string dataDirectory = Directory.CreateTempSubdirectory("ccc-latency-crm-").FullName; // its webhook inbox and call history
        var process = ChildProcess.StartDotnet(
            dll,
            ["--urls", address.ToString()],
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Crm__EmulatorUrls"] = emulatorAddress.ToString(),
                ["Crm__DataDirectory"] = dataDirectory,
                // The emulator's 2.x or 3.x script, so the bridge's 2.x or 3.x adapter (told by the address).
                ["Crm__Softphone__ScriptUrl"] = new Uri(emulatorAddress, scriptPath).ToString(),
            },
            workingDirectory: Path.Combine(Repository.Root, Project));
        var sample = new SampleCrmProcess(process, address, emulatorAddress, dataDirectory);
        try
        {
            await process.WaitForHttpAsync(address, "/not-found", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch
        {
            await sample.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await log.WriteLineAsync($"Sample CRM ({Repository.Configuration}) at {address}, emulator at {emulatorAddress}, softphone script {scriptPath}").ConfigureAwait(false);
        return sample;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp directory's clean-up.
        }
    }
}
