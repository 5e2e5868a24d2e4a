using System.Text.Json;

namespace Ccc.Sdk.Tests.TestData;

/// <summary>
/// The published test vectors kept in <c>TestData/vectors/</c> (copied to the test output directory by the
/// csproj), so the tests need nothing outside the repository.
/// </summary>
internal static class TestVectors
{
    /// <summary>The folder holding the vector files in the test output directory.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "vectors");

    /// <summary>Parses one vector file, e.g. <c>signing.json</c> or <c>webhooks.json</c>.</summary>
    /// <exception cref="FileNotFoundException">The file was not copied to the output directory.</exception>
    public static JsonDocument Read(string fileName) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, fileName)));
}
