namespace Ccc.Sdk.Tests.Infrastructure;

/// <summary>Finds the repository root: the folder holding Ccc.Sdk.sln, above the test assembly.</summary>
internal static class SharedFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

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
