using System.Diagnostics;
using System.Text;

namespace Ccc.Sdk.Tests.Docs;

/// <summary>
/// The runnable program of a guide: its <c>```csharp run</c> blocks joined into one <c>Program.cs</c>, built as a fresh
/// console project against the assemblies beside the tests (no package restore from a feed, so it works offline) and
/// run with <c>dotnet</c>.
/// </summary>
internal static class DocProgram
{
    private const string RunFence = "```csharp run";
    private const string OutputFence = "```text output";

    /// <summary>The repository root: the folder above the test output that holds <c>Ccc.Sdk.sln</c>.</summary>
    public static string RepositoryRoot() => Repository.Root;

    /// <summary>Reads a guide under <c>docs/</c>.</summary>
    public static string ReadGuide(string name) => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", name));

    /// <summary>The bodies of the blocks whose fence line is exactly <paramref name="fence"/>, in order.</summary>
    public static IReadOnlyList<string> Blocks(string markdown, string fence = RunFence)
    {
        var blocks = new List<string>();
        StringBuilder? current = null;
        foreach (string raw in markdown.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (current is null)
            {
                if (line.Trim() == fence)
                {
                    current = new StringBuilder();
                }
            }
            else if (line.Trim() == "```")
            {
                blocks.Add(current.ToString());
                current = null;
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }

        return current is null ? blocks : throw new InvalidOperationException($"A {fence} block is not closed.");
    }

    /// <summary>The lines of the guide's <c>```text output</c> block: what the program prints.</summary>
    public static IReadOnlyList<string> ExpectedOutput(string markdown) =>
        Assert.Single(Blocks(markdown, OutputFence)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();

    /// <summary>Builds and runs <paramref name="program"/>; returns its exit code and standard output and error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> BuildAndRunAsync(string program, TimeSpan timeout)
    {
        string dir = Path.Combine(Path.GetTempPath(), "ccc-doc-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "Program.cs"), program);
            await File.WriteAllTextAsync(Path.Combine(dir, "DocProgram.csproj"), ProjectFile(AppContext.BaseDirectory));
            // No package source at all: the restore needs none (no PackageReference), and must not try the network.
            await File.WriteAllTextAsync(Path.Combine(dir, "NuGet.config"), """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><clear /></packageSources></configuration>
                """);

            using var cts = new CancellationTokenSource(timeout);
            var build = await RunAsync(dir, ["build", "-c", "Release", "-o", "out", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:ErrorsOnly"], cts.Token);
            if (build.ExitCode != 0)
            {
                return (build.ExitCode, build.Output, "dotnet build failed:\n" + build.Output + build.Error);
            }

            return await RunAsync(dir, [Path.Combine(dir, "out", "DocProgram.dll")], cts.Token);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp folder is cleaned up by the OS.
            }
        }
    }

    /// <summary>
    /// A console project referencing the SDK and the emulator by path. Their dependencies (RestSharp, ...) are found
    /// beside them and copied; the ASP.NET Core shared framework (for the emulator) comes with the .NET SDK.
    /// </summary>
    private static string ProjectFile(string assemblies) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <NuGetAudit>false</NuGetAudit>
          </PropertyGroup>
          <ItemGroup>
            <FrameworkReference Include="Microsoft.AspNetCore.App" />
            <Reference Include="Ccc.Sdk" HintPath="{Path.Combine(assemblies, "Ccc.Sdk.dll")}" />
            <Reference Include="Ccc.Sdk.Emulator" HintPath="{Path.Combine(assemblies, "Ccc.Sdk.Emulator.dll")}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>Runs <c>dotnet {args}</c> in <paramref name="dir"/> without the test host's MSBuild variables; a cancelled run is
    /// killed and reported as a <see cref="TimeoutException"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string dir, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test host's MSBuild variables would point the child build at the test run's own MSBuild.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in time.");
        }

        return (process.ExitCode, await output, await error);
    }
}
