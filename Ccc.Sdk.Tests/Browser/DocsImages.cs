namespace Ccc.Sdk.Tests.Browser;

/// <summary>
/// The documentation's screenshots, taken by the browser tests: always written under the test output's
/// <c>screenshots/</c>, and into <c>docs/images/</c> when <c>CCC_UPDATE_DOCS_IMAGES=1</c> (how they are refreshed).
/// </summary>
internal static class DocsImages
{
    /// <summary>Checks the picture is not blank and writes it.</summary>
    /// <param name="name">The file name, e.g. <c>sample-screen-pop.png</c>.</param>
    /// <param name="png">The screenshot.</param>
    public static async Task SaveAsync(string name, byte[] png)
    {
        Assert.True(png.Length > 10_000, $"The screenshot {name} is only {png.Length} bytes.");
        var outputs = new List<string> { Path.Combine(AppContext.BaseDirectory, "screenshots", name) };
        if (Environment.GetEnvironmentVariable("CCC_UPDATE_DOCS_IMAGES") == "1")
        {
            outputs.Add(Path.Combine(Repository.Root, "docs", "images", name));
        }

        foreach (var path in outputs)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, png);
        }
    }
}
