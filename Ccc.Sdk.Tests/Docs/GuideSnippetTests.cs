namespace Ccc.Sdk.Tests.Docs;

/// <summary>
/// The shortest runnable snippet of each other guide runs as written, like the getting-started guide: its
/// <c>```csharp run</c> blocks are one program that builds offline, runs against the in-process emulator and prints
/// exactly the guide's <c>```text output</c> block.
/// </summary>
public sealed class GuideSnippetTests
{
    [Theory]
    [InlineData("emulator.md")]
    [InlineData("calls.md")]
    [InlineData("errors-and-retries.md")]
    [InlineData("events.md")]
    [InlineData("agents-sync.md")]
    public async Task The_guides_runnable_snippet_builds_offline_runs_and_prints_what_the_guide_says(string guideName)
    {
        string guide = DocProgram.ReadGuide(guideName);
        var blocks = DocProgram.Blocks(guide);
        Assert.NotEmpty(blocks);
        var expected = DocProgram.ExpectedOutput(guide);

        var (exitCode, output, error) = await DocProgram.BuildAndRunAsync(string.Join("\n", blocks), TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{error}\n{output}");
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList());
    }
}
