using System.Diagnostics;
using System.Text;
using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Tests.Cli;

/// <summary>What one run of the <c>ccc</c> tool printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built <c>ccc</c> tool (Ccc.Sdk.Cli, <c>ccc.dll</c>) as its own process, as a user's shell would: stdout and
/// stderr apart, the exit code, an environment cleared of the machine's CCC and Alibaba Cloud settings (so a
/// developer's own keys never leak in) plus what the test sets.
/// </summary>
internal static class CliRunner
{
    /// <summary>The built tool.</summary>
    public static string Dll
    {
        get
        {
            var dll = Path.Combine(Repository.Root, "Ccc.Sdk.Cli", "bin", Repository.Configuration, "net10.0", "ccc.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"Ccc.Sdk.Cli is not built: {dll}");
        }
    }

    /// <summary>Starts the tool; the caller reads its output and waits (for long-running commands like <c>listen</c>).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">Variables to set on top of the cleared environment.</param>
    /// <param name="workingDirectory">Default: the temporary folder.</param>
    /// <param name="executable">An installed <c>ccc</c> launcher to run instead of the built <c>ccc.dll</c>.</param>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, string? executable = null)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (executable is null)
        {
            start.ArgumentList.Add(Dll);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CCC_", StringComparison.Ordinal) || k.StartsWith("ALIBABA_CLOUD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        // A home without ~/.alibabacloud/credentials unless the test makes one.
        start.Environment["HOME"] = environment?.GetValueOrDefault("HOME") ?? EmptyHome.Value;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the ccc tool.");
    }

    /// <summary>Runs the tool to its end (at most <paramref name="timeout"/>, default 60 s) and returns what it printed.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null, string? executable = null)
    {
        using var process = Start(args, environment, workingDirectory, executable);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ccc {string.Join(' ', args)} did not end in time. Output so far:\n{await stdout}\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static readonly Lazy<string> EmptyHome = new(() => Directory.CreateTempSubdirectory("ccc-cli-home-").FullName);
}
