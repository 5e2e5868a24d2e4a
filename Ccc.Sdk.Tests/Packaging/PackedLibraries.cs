using System.IO.Compression;
using Ccc.Sdk.Tests.Docs;

namespace Ccc.Sdk.Tests.Packaging;

/// <summary>
/// The shipped libraries packed once per test run: <c>dotnet pack</c> of a small project in a temporary folder that
/// packs them all (<see cref="Libraries"/>) in one MSBuild run into a folder of its
/// own. It packs what the solution's build (the one these tests run from, in its configuration) already made, with no
/// restore and no build: offline and in seconds. The packages' metadata, icon, README, XML docs and SourceLink do not
/// depend on the configuration (<c>dotnet pack -c Release</c> gives the same, after a Release build).
/// </summary>
public sealed class PackedLibraries : IAsyncLifetime
{
    /// <summary>The shipped libraries: each is a project folder and a package id.</summary>
    public static readonly string[] Libraries =
    [
        "Ccc.Sdk", "Ccc.Sdk.AspNetCore", "Ccc.Sdk.AspNetCore.Sqlite", "Ccc.Sdk.AspNetCore.PostgreSql", "Ccc.Sdk.Softphone",
        "Ccc.Sdk.Emulator", "Ccc.Sdk.Development",
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ccc-pack-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Where the .nupkg and .snupkg files are.</summary>
    public string Output => Path.Combine(_dir, "out");

    /// <summary>What <c>dotnet pack</c> printed, for failure messages.</summary>
    public string Log { get; private set; } = "";

    /// <summary>How long the pack took.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        string projects = string.Join(';', Libraries.Select(p => Path.Combine(Repository.Root, p, p + ".csproj")));
        await File.WriteAllTextAsync(Path.Combine(_dir, "PackAll.proj"), $"""
            <Project>
              <Target Name="Pack">
                <MSBuild Projects="{projects}" Targets="Pack" BuildInParallel="true" />
              </Target>
              <Target Name="Restore" />
            </Project>
            """);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var started = TimeProvider.System.GetTimestamp();
        var run = await DocProgram.RunAsync(_dir, ["pack", "PackAll.proj", "-c", Repository.Configuration, "-o", Output, "--no-restore", "--no-build", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:ErrorsOnly"], cts.Token);
        Elapsed = TimeProvider.System.GetElapsedTime(started);
        Log = run.Output + run.Error;
        Assert.True(run.ExitCode == 0, "dotnet pack failed:\n" + Log);
    }

    /// <inheritdoc />
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

        return Task.CompletedTask;
    }

    /// <summary>Opens the package (<c>nupkg</c>) or symbol package (<c>snupkg</c>) of <paramref name="id"/>.</summary>
    public ZipArchive Open(string id, string extension = "nupkg")
    {
        // "<id>.<version>.<extension>", the version starting with a digit (so Ccc.Sdk is not Ccc.Sdk.AspNetCore).
        var files = Directory.EnumerateFiles(Output, $"{id}.*.{extension}")
            .Where(f => char.IsAsciiDigit(Path.GetFileName(f)[id.Length + 1]))
            .ToList();
        Assert.True(files.Count == 1, $"expected one {id} .{extension}; dotnet pack printed:\n{Log}\nand made: {string.Join(", ", Directory.EnumerateFiles(Output).Select(Path.GetFileName))}");
        return ZipFile.OpenRead(files[0]);
    }
}
