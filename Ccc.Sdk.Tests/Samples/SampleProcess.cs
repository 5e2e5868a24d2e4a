using System.Text.Json;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ccc.Sdk.Tests.Infrastructure;

namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The built sample CRM run as its own process on a free loopback port, the way `dotnet run` runs it: on its
/// embedded emulator, with no configuration. (WebApplicationFactory would capture the embedded emulator's host
/// instead of the sample's.)
/// </summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private bool _ownsDataDirectory;

    private SampleProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>What the process wrote (standard output and error), for diagnostics.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; private init; } = new();

    /// <summary>The sample's base address.</summary>
    public Uri Address { get; }

    /// <summary>A client of the sample (follows redirects).</summary>
    public HttpClient Http { get; }

    /// <summary>Where the sample keeps its webhook inbox and call history (<c>Crm:DataDirectory</c>).</summary>
    public string DataDirectory { get; private init; } = null!;

    /// <summary>Where the sample's embedded emulator listens (its unsigned control API is under <c>/_emulator/</c>).</summary>
    public Uri EmulatorAddress { get; private init; } = null!;

    /// <summary>
    /// Waits until the call has <paramref name="count"/> <c>Established</c> events (each answered leg makes one),
    /// reading the embedded emulator's event log; the simulated phones answer on the real clock.
    /// </summary>
    public async Task WaitForEstablishedLegsAsync(string jobId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int established = 0;
        while (DateTime.UtcNow < deadline)
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(EmulatorAddress, $"/_emulator/calls/{jobId}/events")));
            var events = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value;
            established = events.EnumerateArray().Count(e => e.EnumerateObject()
                .Any(p => p.NameEquals("eventType") || p.NameEquals("EventType") ? p.Value.GetString() == "Established" : false));
            if (established >= count)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Call {jobId} had {established} established leg(s) after 30 s, not {count}.");
    }

    /// <summary>Starts the sample.</summary>
    /// <param name="dataDirectory">Its data directory; <see langword="null"/>: a fresh temporary one, deleted on dispose.</param>
    /// <param name="environment">More configuration, as environment variables (<c>Crm__Events__…</c>).</param>
    public static async Task<SampleProcess> StartAsync(string? dataDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        bool ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("ccc-sample-crm-").FullName;
        string project = Path.Combine(SharedFiles.RepositoryRoot, "Ccc.Sdk.Samples.Crm");
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string dll = Path.Combine(project, "bin", configuration, "net10.0", "Ccc.Sdk.Samples.Crm.dll");
        Assert.True(File.Exists(dll), $"The sample is not built: {dll}");

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var emulatorAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Crm__EmulatorUrls"] = emulatorAddress.ToString(); // so tests can watch calls on its control API
        start.Environment["Crm__DataDirectory"] = dataDirectory;               // not App_Data in the source tree
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var sample = new SampleProcess(process, address) { EmulatorAddress = emulatorAddress, Output = output, DataDirectory = dataDirectory, _ownsDataDirectory = ownsDataDirectory };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await sample.Http.GetAsync("/not-found");
                return sample;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        await sample.DisposeAsync();
        throw new InvalidOperationException("The sample did not start:\n" + string.Join('\n', output));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a process that is going away: the temp directory is cleaned up later.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
