using System.Text.RegularExpressions;
using Ccc.Sdk.Tests.Docs;

namespace Ccc.Sdk.Tests.Packaging;

/// <summary>
/// Every package the solution ships, packed once per test run with a version of its own (a unique prerelease, so no
/// earlier package can stand in for it), and a fresh project outside the repository that installs them as a new user
/// would: its <c>NuGet.config</c> clears every source but the folder the packages were packed to, and its own global
/// packages folder keeps the run's packages out of the machine's. Third-party dependencies (RestSharp, MSAL, Npgsql,
/// ...) are taken from the machine's package folder as a read-only fallback, where the solution's restore put them
/// (<c>.ci/run</c> restores before the tests run offline). The <c>ccc</c> tool is installed from the same folder with
/// <c>dotnet tool install --add-source</c>.
/// </summary>
public sealed partial class InstalledPackages : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ccc-install-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>This run's package version, e.g. <c>0.1.0-install.20261205071500.1a2b3c</c>.</summary>
    public string Version { get; } = $"0.1.0-install.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The package ids packed (every project of the solution with <c>IsPackable</c> true).</summary>
    public IReadOnlyList<string> PackageIds { get; private set; } = [];

    /// <summary>The folder the packages were packed to: the fresh project's only package source.</summary>
    public string Feed => Path.Combine(_dir, "feed");

    /// <summary>The fresh project.</summary>
    public string App => Path.Combine(_dir, "app");

    /// <summary>The fresh project's own global packages folder.</summary>
    public string PackagesFolder => Path.Combine(_dir, "packages");

    /// <summary>Where the tool is installed (<c>--tool-path</c>).</summary>
    public string ToolPath => Path.Combine(_dir, "tools");

    /// <summary>The installed <c>ccc</c> executable.</summary>
    public string Ccc => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "ccc.exe" : "ccc");

    /// <summary>What the fresh program printed and its exit code.</summary>
    public (int ExitCode, string Output, string Error) Run { get; private set; }

    /// <summary>What <c>dotnet tool install</c> printed and its exit code.</summary>
    public (int ExitCode, string Output, string Error) ToolInstall { get; private set; }

    /// <summary>Each step and how long it took, for failure messages and the closing note.</summary>
    public List<string> Steps { get; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(App);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));

        // 1. Pack what the test run's build made (no restore, no build: offline and in seconds).
        var projects = ShippedProjects();
        PackageIds = projects.Select(Path.GetFileNameWithoutExtension).OfType<string>().ToList();
        await File.WriteAllTextAsync(Path.Combine(_dir, "PackAll.proj"), $"""
            <Project>
              <Target Name="Pack">
                <MSBuild Projects="{string.Join(';', projects)}" Targets="Pack" Properties="PackageVersion={Version};NoBuild=true" BuildInParallel="true" />
              </Target>
              <Target Name="Restore" />
            </Project>
            """);
        await StepAsync("pack", _dir, ["pack", "PackAll.proj", "-c", Repository.Configuration, "-o", Feed, "--no-restore", "--no-build", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:ErrorsOnly"], cts.Token);

        // 2. A fresh project: only the packed folder as a source.
        await File.WriteAllTextAsync(Path.Combine(App, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{PackagesFolder}" />
              </config>
              <packageSources>
                <clear />
                <add key="packed" value="{Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{MachinePackagesFolder()}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(App, "InstallApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ccc.Sdk" Version="{Version}" />
                <PackageReference Include="Ccc.Sdk.AspNetCore" Version="{Version}" />
                <PackageReference Include="Ccc.Sdk.AspNetCore.Sqlite" Version="{Version}" />
                <PackageReference Include="Ccc.Sdk.Emulator" Version="{Version}" />
                <PackageReference Include="Ccc.Sdk.Softphone" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(Repository.Root, "Ccc.Sdk.Tests", "Packaging", "InstallApp", "Program.cs"), Path.Combine(App, "Program.cs"));
        await StepAsync("build", App, ["build", "-c", "Release", "-o", "out", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:ErrorsOnly"], cts.Token);

        // 3. Run it as the user would.
        var started = TimeProvider.System.GetTimestamp();
        Run = await DocProgram.RunAsync(App, [Path.Combine(App, "out", "InstallApp.dll")], cts.Token);
        Steps.Add($"run: {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s, exit {Run.ExitCode}");

        // 4. The tool, from the same folder.
        started = TimeProvider.System.GetTimestamp();
        ToolInstall = await DocProgram.RunAsync(App, ["tool", "install", "Ccc.Sdk.Cli", "--version", Version, "--tool-path", ToolPath, "--add-source", Feed], cts.Token);
        Steps.Add($"tool install: {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s, exit {ToolInstall.ExitCode}");
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned up by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>The solution's packable projects (full paths to their .csproj).</summary>
    public static IReadOnlyList<string> ShippedProjects()
    {
        var solution = File.ReadAllText(Path.Combine(Repository.Root, "Ccc.Sdk.sln"));
        return SolutionProject().Matches(solution)
            .Select(m => Path.Combine(Repository.Root, m.Groups["path"].Value.Replace('\\', Path.DirectorySeparatorChar)))
            .Where(p => File.Exists(p) && File.ReadAllText(p).Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The machine's global packages folder (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>).</summary>
    public static string MachinePackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private async Task StepAsync(string name, string dir, string[] args, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var result = await DocProgram.RunAsync(dir, args, ct);
        Steps.Add($"{name}: {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s, exit {result.ExitCode}");
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed:\n{result.Output}\n{result.Error}");
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
