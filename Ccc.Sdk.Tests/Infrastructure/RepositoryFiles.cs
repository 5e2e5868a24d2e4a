using System.Diagnostics;
using System.Text;

namespace Ccc.Sdk.Tests.Infrastructure;

/// <summary>The repository: its root (the folder holding Ccc.Sdk.sln, above the test assembly) and its tracked files.</summary>
internal static class RepositoryFiles
{
    public static string RepositoryRoot => Repository.Root;

    /// <summary>
    /// The files git tracks (<c>git ls-files</c>), relative to <see cref="RepositoryRoot"/> with '/' separators; in a
    /// source archive without <c>.git</c>, every file except build and tool output.
    /// </summary>
    public static List<string> Tracked()
    {
        string root = RepositoryRoot;
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
        Assert.True(git.ExitCode == 0, $"git ls-files failed in {root}: {error}");

        var files = output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.NotEmpty(files);
        return files;
    }
}
