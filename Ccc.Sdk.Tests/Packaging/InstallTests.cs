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
        foreach (var id in installed.PackageIds)
        {
            Assert.True(File.Exists(Path.Combine(installed.Feed, $"{id}.{installed.Version}.nupkg")), $"{id} {installed.Version} was not packed");
        }
    }

    [Fact]
    public void The_fresh_project_took_our_packages_from_the_packed_folder_at_this_runs_version()
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(installed.App, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var id in new[] { "Ccc.Sdk", "Ccc.Sdk.AspNetCore", "Ccc.Sdk.Emulator", "Ccc.Sdk.Softphone" })
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

    private async Task<(int ExitCode, string Output, string Error)> RunToolAsync(string[] args, TimeSpan? timeout = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo(installed.Ccc)
        {
            WorkingDirectory = installed.App,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>The tests that pack the repository's build: one at a time (they write the projects' obj folders).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection
{
    public const string Name = "Packaging";
}
