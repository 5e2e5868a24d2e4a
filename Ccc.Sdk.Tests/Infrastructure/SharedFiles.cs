using System.Text.Json;

namespace Ccc.Sdk.Tests.Infrastructure;

/// <summary>Finds the repository root (the folder holding Ccc.Sdk.sln) and the shared folder beside it.</summary>
internal static class SharedFiles
{
    public static string RepositoryRoot => Repository.Root;

    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static JsonDocument ReadJson(params string[] relative) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine([SharedRoot, .. relative])));
}
