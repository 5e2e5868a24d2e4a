using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The built sample CRM run as its own process on a free loopback port, the way `dotnet run` runs it: on its
/// embedded emulator, with no configuration. (WebApplicationFactory would capture the embedded emulator's host
/// instead of the sample's.)
/// </summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    private const string Project = "Ccc.Sdk.Samples.Crm";
    private readonly ChildProcess _process;
    private bool _ownsDataDirectory;

    private SampleProcess(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>What the process wrote (standard output and error), for diagnostics.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output => _process.Output;

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

    /// <summary>A customer dials the instance's inbound number (02150000001) from <paramref name="from"/>; the IVR
    /// transfers to the agent named (rule R3), through the embedded emulator's <c>POST /_emulator/calls/inbound</c>.</summary>
    /// <param name="from">The caller's number, as the network presents it (digits, an optional leading <c>+</c>).</param>
    /// <param name="agent">The agent's login name, e.g. <c>agent1</c>.</param>
    /// <returns>The call's contact id.</returns>
    public async Task<string> DialInAsync(string from, string agent)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(EmulatorAddress, "/_emulator/calls/inbound"), new { from, to = "02150000001", userName = agent });
        Assert.True(response.IsSuccessStatusCode, $"Inbound call from {from}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("contactId").GetString()!;
    }

    /// <summary>
    /// A client signed in to the sample as <paramref name="agentId"/> through its sign-in form (the page's anti-forgery
    /// token, then <c>POST /account/sign-in</c>), with its own cookies. Dispose it.
    /// </summary>
    /// <param name="agentId">The agent, e.g. <c>agent1@ccc-local</c>, or <c>supervisor@ccc-local</c>.</param>
    /// <param name="followRedirects">Whether the client follows redirects (false: to read a <c>Location</c>).</param>
    public async Task<HttpClient> SignInAsync(string agentId, bool followRedirects = true)
    {
        var client = NewClient(followRedirects: false);
        try
        {
            string token = await AntiforgeryTokenAsync(client, "/sign-in");
            using var signedIn = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userId"] = agentId,
                ["returnUrl"] = "/customers",
                ["__RequestVerificationToken"] = token,
            }));
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"Sign-in as {agentId}: {(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        }
        catch
        {
            client.Dispose();
            throw;
        }

        if (followRedirects)
        {
            // The same cookies in a client that follows redirects.
            var following = NewClient(followRedirects: true, cookies: client.Cookies);
            client.Dispose();
            return following;
        }

        return client;
    }

    /// <summary>A client with its own cookies and no sign-in.</summary>
    /// <param name="followRedirects">Whether it follows redirects.</param>
    /// <param name="cookies">Cookies to start with (another client's); <see langword="null"/>: none.</param>
    public CookieClient NewClient(bool followRedirects, CookieContainer? cookies = null)
    {
        cookies ??= new CookieContainer();
        return new CookieClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = followRedirects }, cookies)
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The anti-forgery token of the first form of a page (the client keeps the matching cookie).</summary>
    /// <param name="client">The client (signed in or not: the token is tied to its user).</param>
    /// <param name="path">The page.</param>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        string html = await client.GetStringAsync(path);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success, $"No anti-forgery token on {path}:\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Starts the sample.</summary>
    /// <param name="dataDirectory">Its data directory; <see langword="null"/>: a fresh temporary one, deleted on dispose.</param>
    /// <param name="environment">More configuration, as environment variables (<c>Crm__Events__…</c>).</param>
    public static async Task<SampleProcess> StartAsync(string? dataDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        bool ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("ccc-sample-crm-").FullName;
        var address = FreePort.NextHttpAddress();
        var emulatorAddress = FreePort.NextHttpAddress();
        var sample = new SampleProcess(Start(address, emulatorAddress, dataDirectory, environment), address)
        {
            EmulatorAddress = emulatorAddress, DataDirectory = dataDirectory, _ownsDataDirectory = ownsDataDirectory,
        };
        try
        {
            await sample._process.WaitForHttpAsync(address, "/not-found", TimeSpan.FromSeconds(60));
            return sample;
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the sample until it exits by itself (e.g. a refused configuration), at most 60 s.</summary>
    /// <param name="environment">Its configuration, as environment variables.</param>
    /// <returns>Its exit code and what it wrote to standard output and error.</returns>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        string data = Directory.CreateTempSubdirectory("ccc-sample-crm-").FullName;
        try
        {
            await using var process = Start(FreePort.NextHttpAddress(), FreePort.NextHttpAddress(), data, environment);
            int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            return (exitCode, process.OutputText);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static ChildProcess Start(Uri address, Uri emulatorAddress, string dataDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var variables = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Crm__EmulatorUrls"] = emulatorAddress.ToString(), // so tests can watch calls on its control API
            ["Crm__DataDirectory"] = dataDirectory,               // not App_Data in the source tree
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return ChildProcess.StartDotnet(
            Repository.BuiltDll(Project),
            ["--urls", address.ToString()],
            variables,
            workingDirectory: Path.Combine(Repository.Root, Project));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
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

    /// <summary>An <see cref="HttpClient"/> that shows its cookies.</summary>
    internal sealed class CookieClient(HttpMessageHandler handler, CookieContainer cookies) : HttpClient(handler, disposeHandler: true)
    {
        /// <summary>The client's cookies.</summary>
        public CookieContainer Cookies { get; } = cookies;
    }

}
