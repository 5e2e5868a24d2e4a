namespace Ccc.Sdk.Tests.Docs;

/// <summary>
/// <c>docs/migrating-from-alibaba-sdk.md</c>: its <c>```csharp run</c> blocks are one program that builds offline, runs
/// against the in-process emulator and prints exactly the note's <c>```text output</c> block, so every Ccc.Sdk name
/// the note shows is real API.
/// </summary>
public sealed class MigrationGuideTests
{
    [Fact]
    public async Task The_migration_notes_program_builds_offline_runs_and_prints_what_the_note_says()
    {
        string guide = DocProgram.ReadGuide("migrating-from-alibaba-sdk.md");
        var blocks = DocProgram.Blocks(guide);
        Assert.True(blocks.Count >= 4, $"only {blocks.Count} runnable blocks");
        var expected = DocProgram.ExpectedOutput(guide);

        var (exitCode, output, error) = await DocProgram.BuildAndRunAsync(string.Join("\n", blocks), TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{error}\n{output}");
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList());
    }

    [Fact]
    public void The_note_maps_every_concern_the_issue_names()
    {
        string guide = DocProgram.ReadGuide("migrating-from-alibaba-sdk.md");
        foreach (string heading in new[] { "## Client construction and credentials", "## Requests and responses", "## Errors", "## Paging", "## Retries and timeouts", "## Webhooks and events", "## Endpoint and region" })
        {
            Assert.Contains("\n" + heading + "\n", guide.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }
}
