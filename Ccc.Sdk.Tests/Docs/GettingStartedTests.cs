namespace Ccc.Sdk.Tests.Docs;

/// <summary>docs/getting-started.md runs as written: its <c>```csharp run</c> blocks are one program that builds and prints what the guide says.</summary>
public sealed class GettingStartedTests
{
    [Fact]
    public void The_runnable_blocks_are_found_and_the_plain_ones_are_left_out()
    {
        const string markdown = """
            text
            ```csharp run
            Console.WriteLine("a");
            ```
            ```csharp
            Console.WriteLine("not run");
            ```
            ```csharp run
            Console.WriteLine("b");
            ```
            """;

        Assert.Equal(["Console.WriteLine(\"a\");\n", "Console.WriteLine(\"b\");\n"], DocProgram.Blocks(markdown));
    }

    [Fact]
    public async Task The_getting_started_program_builds_offline_runs_against_the_emulator_and_prints_what_the_guide_says()
    {
        string guide = DocProgram.ReadGuide("getting-started.md");
        var blocks = DocProgram.Blocks(guide);
        Assert.True(blocks.Count >= 5, $"expected the guide's program in several blocks, found {blocks.Count}");
        var expected = DocProgram.ExpectedOutput(guide);

        var (exitCode, output, error) = await DocProgram.BuildAndRunAsync(string.Join("\n", blocks), TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{error}\n{output}");
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList());
    }
}
