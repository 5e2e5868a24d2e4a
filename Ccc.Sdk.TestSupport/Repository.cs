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
