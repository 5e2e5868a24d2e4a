using System.Text.Json;

namespace Ccc.Sdk.Tests.Packaging;

/// <summary>
/// Issue 15's package-install test: the packed packages, installed into a fresh project with no other source, work as
/// a new user uses them (InstalledPackages builds it; InstallApp/Program.cs is the user's program), and the <c>ccc</c>
/// tool installs from the same folder and runs.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class InstallTests(InstalledPackages installed) : IClassFixture<InstalledPackages>
{
    private string Context => string.Join("; ", installed.Steps) + $"\n--- program output\n{installed.Run.Output}\n{installed.Run.Error}";

    [Fact]
    public void Every_shipped_project_was_packed_including_the_tool()
    {
        Assert.Contains("Ccc.Sdk", installed.PackageIds);
        Assert.Contains("Ccc.Sdk.AspNetCore", installed.PackageIds);
        Assert.Contains("Ccc.Sdk.Softphone", installed.PackageIds);
        Assert.Contains("Ccc.Sdk.Emulator", installed.PackageIds);
        Assert.Contains("Ccc.Sdk.Cli", installed.PackageIds);
        Assert.Contains("Ccc.Sdk.AspNetCore.Sqlite", installed.PackageIds);
        Assert.Contains("Ccc.Sdk.AspNetCore.PostgreSql", installed.PackageIds);
        Assert.Contains("Ccc.Sdk.Development", installed.PackageIds);
        foreach (var id in installed.PackageIds)
        {
            Assert.True(File.Exists(Path.Combine(installed.Feed, $"{id}.{installed.Version}.nupkg")), $"{id} {installed.Version} was not packed");
        }
    }

    [Fact]
    public void The_tool_package_is_a_dotnet_tool_with_the_shipped_metadata_icon_readme_and_symbols()
    {
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(installed.Feed, $"Ccc.Sdk.Cli.{installed.Version}.nupkg"));
        using var nuspecStream = package.GetEntry("Ccc.Sdk.Cli.nuspec")!.Open();
        var metadata = System.Xml.Linq.XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("MIT", Value("license"));
        Assert.Equal("https://github.com/ccc-sdk/ccc-sdk", Value("projectUrl"));
        Assert.Contains("/blob/main/CHANGELOG.md", Value("releaseNotes") ?? "", StringComparison.Ordinal);
        Assert.Contains("ccc", (Value("tags") ?? "").Split(' '));
        var packageType = metadata.Descendants().Single(e => e.Name.LocalName == "packageType");
        Assert.Equal("DotnetTool", packageType.Attribute("name")?.Value);
        Assert.NotNull(package.GetEntry(Value("icon")!));
        Assert.NotNull(package.GetEntry(Value("readme")!));
        var settings = package.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        using (var reader = new StreamReader(settings.Open()))
        {
            Assert.Contains("<Command Name=\"ccc\" EntryPoint=\"ccc.dll\"", reader.ReadToEnd(), StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(installed.Feed, $"Ccc.Sdk.Cli.{installed.Version}.snupkg")));
    }

    [Fact]
    public void The_fresh_project_took_our_packages_from_the_packed_folder_at_this_runs_version()
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(installed.App, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var id in new[] { "Ccc.Sdk", "Ccc.Sdk.AspNetCore", "Ccc.Sdk.AspNetCore.Sqlite", "Ccc.Sdk.Emulator", "Ccc.Sdk.Softphone" })
        {
            Assert.Contains($"{id}/{installed.Version}", libraries);
            // Extracted into the fresh project's own packages folder (so from the packed folder, its only source),
            // not found in the machine's.
            Assert.True(Directory.Exists(Path.Combine(installed.PackagesFolder, id.ToLowerInvariant(), installed.Version)), $"{id} not in the project's packages folder");
            Assert.False(Directory.Exists(Path.Combine(InstalledPackages.MachinePackagesFolder(), id.ToLowerInvariant(), installed.Version)), $"{id} {installed.Version} leaked into the machine's packages folder");
        }

        var sources = assets.RootElement.GetProperty("project").GetProperty("restore").GetProperty("sources").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal([installed.Feed], sources.Select(s => s.TrimEnd('/', '\\')));
    }

    [Fact]
    public void The_users_program_starts_the_emulator_lists_agents_places_a_call_and_receives_its_events()
    {
        Assert.True(installed.Run.ExitCode == 0, Context);
        var lines = installed.Run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("emulator: ccc-local", lines);
        Assert.Contains("agent: agent1@ccc-local", lines);
        Assert.Contains("agent: supervisor@ccc-local", lines);
        Assert.Single(lines, l => l.StartsWith("call: job-", StringComparison.Ordinal));
        Assert.Contains("event: Dialing", lines);
        Assert.Contains("event: Established", lines);
        Assert.Contains("event: Released", lines);
    }

    [Fact]
    public async Task The_tool_installs_from_the_packed_folder_and_runs()
    {
        Assert.True(installed.ToolInstall.ExitCode == 0, installed.ToolInstall.Output + installed.ToolInstall.Error);
        Assert.True(File.Exists(installed.Ccc), installed.Ccc);

        var help = await RunToolAsync(["--help"]);
        Assert.True(help.ExitCode == 0, help.Output + help.Error);
        Assert.Contains("agents", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_installed_tool_starts_the_emulator_and_downloads_a_calls_recording()
    {
        Assert.True(installed.ToolInstall.ExitCode == 0, installed.ToolInstall.Output + installed.ToolInstall.Error);
        int port = Ccc.Sdk.TestSupport.FreePort.Next(), httpsPort = Ccc.Sdk.TestSupport.FreePort.Next();
        var endpoint = $"http://127.0.0.1:{port}";
        using var emulator = StartTool(["emulator", "start", "--port", $"{port}", "--https-port", $"{httpsPort}"]);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        emulator.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        emulator.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        emulator.BeginOutputReadLine();
        emulator.BeginErrorReadLine();
        try
        {
            for (var i = 0; i < 600 && !output.Any(l => l.Contains($"listening on {endpoint}", StringComparison.Ordinal)); i++)
            {
                Assert.False(emulator.HasExited, "ccc emulator start ended:\n" + string.Join('\n', output));
                await Task.Delay(100);
            }

            Assert.Contains(output, l => l.Contains($"listening on {endpoint}", StringComparison.Ordinal));

            var call = await RunToolAsync(["trigger", "answered-call", "--from", "13800000001", "--talk", "1s", "--endpoint", endpoint]);
            Assert.True(call.ExitCode == 0, call.Output + call.Error);

            var destination = Path.Combine(installed.App, "recordings");
            var download = await RunToolAsync(["recordings", "download", "--from", "-1h", "--out", destination, "--endpoint", endpoint, "--json"]);
            Assert.True(download.ExitCode == 0, download.Output + download.Error);
            using var summary = JsonDocument.Parse(download.Output);
            var file = Assert.Single(summary.RootElement.GetProperty("downloaded").EnumerateArray()).GetString();
            var wav = Path.Combine(destination, file + ".wav");
            Assert.True(File.Exists(wav), wav);
            Assert.Equal("RIFF"u8.ToArray(), File.ReadAllBytes(wav)[..4]);
        }
        finally
        {
            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", $"{emulator.Id}"]))
            {
                await term.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await emulator.WaitForExitAsync(cts.Token);
        }

        Assert.Equal(0, emulator.ExitCode);
        Assert.Contains(output, l => l.Contains("stopped", StringComparison.Ordinal));
    }

    /// <summary>The installed launcher, run in the fresh project as the user's shell would (CliRunner's clean environment).</summary>
    private System.Diagnostics.Process StartTool(string[] args) =>
        Cli.CliRunner.Start(args, new Dictionary<string, string> { ["HOME"] = installed.App }, installed.App, installed.Ccc);

    private async Task<(int ExitCode, string Output, string Error)> RunToolAsync(string[] args)
    {
        var result = await Cli.CliRunner.RunAsync(args, new Dictionary<string, string> { ["HOME"] = installed.App }, workingDirectory: installed.App, executable: installed.Ccc);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}

/// <summary>The tests that pack the repository's build: one at a time (they write the projects' obj folders).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection
{
    public const string Name = "Packaging";
}
