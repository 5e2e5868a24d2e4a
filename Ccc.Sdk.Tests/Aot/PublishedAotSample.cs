using System.Text.RegularExpressions;
using Ccc.Sdk.Tests.Docs;

namespace Ccc.Sdk.Tests.Aot;

/// <summary>
/// <c>Ccc.Sdk.Samples.Aot</c> published once per test run as a Native AOT program:
/// <c>dotnet publish Ccc.Sdk.Samples.Aot -c Release -r linux-x64</c>, with every build and publish output in a temporary
/// folder of its own (<c>--artifacts-path</c>), so it never writes into the repository's <c>bin</c>/<c>obj</c> while
/// other tests read them. Offline: the packages it needs (the ILCompiler packs among them) are in the NuGet cache
/// (<c>.ci/run</c> restores them beforehand). What it needs besides the .NET SDK: a C toolchain (clang, or gcc, which the
/// native compiler falls back to) and zlib1g-dev, from the operating system's packages.
/// </summary>
public sealed partial class PublishedAotSample : IAsyncLifetime
{
    /// <summary>The sample's project folder and assembly name.</summary>
    public const string Project = "Ccc.Sdk.Samples.Aot";

    /// <summary>What to install when the native toolchain is missing.</summary>
    public const string Prerequisites =
        "Native AOT publishing needs clang (or gcc) and zlib: on Debian/Ubuntu `apt-get install clang zlib1g-dev` (docs/aot.md, section \"Prerequisites\"; .ci/run installs them).";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ccc-aot-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The native program.</summary>
    public string Binary => Path.Combine(_dir, "publish", Project, "release_linux-x64", Project);

    /// <summary>What <c>dotnet publish</c> printed (standard output, then error).</summary>
    public string Log { get; private set; } = "";

    /// <summary>How long the publish took.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Every trim (IL2xxx) and AOT (IL3xxx) warning or error line the publish printed, each once.</summary>
    public IReadOnlyList<IlWarning> Warnings { get; private set; } = [];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Assert.True(OperatingSystem.IsLinux(), "The AOT sample test publishes for linux-x64 and runs the program: it needs Linux.");
        Assert.True(OnPath("clang") || OnPath("gcc"), "Neither clang nor gcc is on PATH. " + Prerequisites);

        Directory.CreateDirectory(_dir);
        string project = Path.Combine(Repository.Root, Project, Project + ".csproj");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        long started = TimeProvider.System.GetTimestamp();
        var run = await DocProgram.RunAsync(_dir,
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--artifacts-path", _dir, "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            cts.Token);
        Elapsed = TimeProvider.System.GetElapsedTime(started);
        Log = run.Output + run.Error;
        Warnings = Parse(Log);
        Assert.True(run.ExitCode == 0, $"dotnet publish {Project} failed (exit code {run.ExitCode}). {Prerequisites}\n{Log}");
        Assert.True(File.Exists(Binary), $"dotnet publish succeeded but made no {Binary}:\n{Log}");
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

    /// <summary>The trim and AOT warnings (and errors) of a build log, each distinct line once, without MSBuild's project suffix.</summary>
    public static IReadOnlyList<IlWarning> Parse(string log) =>
        log.Split('\n')
            .Select(line => IlLine().Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new IlWarning(m.Groups["origin"].Value.Trim(), m.Groups["code"].Value, m.Groups["message"].Value.Trim()))
            .Distinct()
            .ToList();

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    // "<origin> : [Trim analysis |AOT analysis ]warning|error IL2026: <message> [<project>.csproj]"
    [GeneratedRegex(@"^\s*(?<origin>.*?)\s*:\s*(?:Trim analysis |AOT analysis )?(?:warning|error) (?<code>IL[23]\d{3})\s*:\s*(?<message>.*?)(?:\s+\[[^\[\]]+\.csproj\])?\s*$")]
    private static partial Regex IlLine();
}

/// <summary>One trim or AOT analysis warning: where (an assembly's path, a source file, or <c>ILC</c>), its code, its text.</summary>
public sealed partial record IlWarning(string Origin, string Code, string Message)
{
    /// <summary>
    /// The assembly a collapsed warning (IL2104 "Assembly 'X' produced trim warnings", IL3053 "... AOT analysis warnings")
    /// names; <see langword="null"/> for any other warning.
    /// </summary>
    public string? CollapsedAssembly => Code is "IL2104" or "IL3053" && CollapsedName().Match(Message) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Whether the warning is about our own code: it names a <c>Ccc.Sdk*</c> assembly or type, or a file of this repository.</summary>
    public bool IsOurs =>
        OurName().IsMatch(Message)
        || OurName().IsMatch(Path.GetFileName(Origin))
        || Origin.StartsWith(Repository.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"{Origin}: {Code}: {Message}";

    [GeneratedRegex(@"^Assembly '([^']+)' produced")]
    private static partial Regex CollapsedName();

    [GeneratedRegex(@"\bCcc\.Sdk\b")]
    private static partial Regex OurName();
}
