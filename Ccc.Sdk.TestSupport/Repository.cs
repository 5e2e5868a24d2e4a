using System.Diagnostics;
using System.Text;

namespace Ccc.Sdk.TestSupport;

/// <summary>This repository, as seen from a test or benchmark running out of its build output.</summary>
public static class Repository
{
    /// <summary>The repository root: the folder above the running program that holds <c>Ccc.Sdk.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The caller's build configuration: <c>Release</c> when it runs from a Release folder, else <c>Debug</c>.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>
    /// The built output of a project of this repository, in the caller's configuration:
    /// <c>&lt;root&gt;/&lt;project&gt;/bin/&lt;Debug|Release&gt;/net10.0/&lt;project&gt;.dll</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The project is not built.</exception>
    public static string BuiltDll(string project)
    {
        string dll = Path.Combine(Root, project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{project} is not built: {dll}");
    }

    /// <summary>
    /// The files git tracks (<c>git ls-files</c>), relative to <see cref="Root"/> with '/' separators; in a
    /// source archive without <c>.git</c>, every file except build and tool output.
    /// </summary>
    public static List<string> TrackedFiles()
    {
        string root = Root;
        if (!Path.Exists(Path.Combine(root, ".git")))
        {
            string[] untracked = ["bin", "obj", "node_modules", "TestResults", "App_Data", "BenchmarkDotNet.Artifacts", ".vs", ".idea"];
            return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(f => !f.Split('/').Any(part => untracked.Contains(part, StringComparer.Ordinal)))
                .ToList();
        }

        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in new[] { "-c", "safe.directory=*", "-c", "core.quotePath=false", "ls-files", "-z" })
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started.");
        string output = git.StandardOutput.ReadToEnd();
        string error = git.StandardError.ReadToEnd(); // a line or two at most: cannot fill the pipe while stdout is read
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git ls-files failed in {root}: {error}");
        }

        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ccc.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Ccc.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
