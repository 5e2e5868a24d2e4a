using System.Text;
using Ccc.Sdk.Generator;

namespace Ccc.Sdk.Tests.Generated;

/// <summary>The CI check of the committed generated code: regenerating from api/ must change nothing.</summary>
public sealed class RegenerationTests
{
    private static IReadOnlyDictionary<string, string> Regenerate(byte[]? overrides = null, byte[]? description = null) =>
        ClientGenerator.Generate(
            description ?? File.ReadAllBytes(Path.Combine(Repository.Root, ClientGenerator.DescriptionPath)),
            overrides ?? File.ReadAllBytes(Path.Combine(Repository.Root, ClientGenerator.OverridesPath)),
            File.ReadAllText(Path.Combine(Repository.Root, ClientGenerator.SimulatedPath)));

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    [Fact]
    public void The_committed_generated_code_and_coverage_page_are_exactly_what_the_generator_writes()
    {
        var expected = Regenerate();
        var problems = new List<string>();
        foreach (var (relative, text) in expected)
        {
            string path = Path.Combine(Repository.Root, relative);
            if (!File.Exists(path))
            {
                problems.Add($"{relative}: missing");
            }
            else if (Normalize(File.ReadAllText(path)) != text)
            {
                problems.Add($"{relative}: differs");
            }
        }

        string generatedDirectory = Path.Combine(Repository.Root, ClientGenerator.GeneratedDirectory);
        foreach (string path in Directory.EnumerateFiles(generatedDirectory, "*" + ClientGenerator.GeneratedSuffix, SearchOption.TopDirectoryOnly))
        {
            string relative = Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
            if (!expected.ContainsKey(relative))
            {
                problems.Add($"{relative}: extra (the generator no longer writes it)");
            }
        }

        Assert.True(problems.Count == 0,
            $"The committed generated output is stale; run `{ClientGenerator.Command}` and commit the result:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Every_action_of_the_description_has_exactly_one_SDK_method_generated_or_hand_written()
    {
        var files = Regenerate();
        string coverage = files[ClientGenerator.CoveragePath];
        var rows = coverage.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Action", StringComparison.Ordinal)).ToList();
        Assert.Equal(253, rows.Count);
        int generated = rows.Count(r => r.Contains("| generated: `", StringComparison.Ordinal));
        int handWritten = rows.Count(r => r.Contains("| hand-written on a generated request: `", StringComparison.Ordinal));
        Assert.Equal(253, generated + handWritten);
        Assert.Equal(3, handWritten);
        Assert.Equal(33, rows.Count(r => r.Contains("` on `", StringComparison.Ordinal)) + handWritten);

        // Every action has its generated file (at least its request class), plus the serializer context.
        Assert.Equal(253, files.Keys.Count(k => k.StartsWith(ClientGenerator.GeneratedDirectory + "/", StringComparison.Ordinal)) - 1);
        Assert.Contains("- SDK methods: 253 (250 generated, 3 hand-written on a generated request)", coverage, StringComparison.Ordinal);
        Assert.Contains("| ListSkillGroupStates | GET | generated: `ListSkillGroupStatesAsync` | simulated |", coverage, StringComparison.Ordinal);
        Assert.Contains("| AnswerCall | POST | generated: `AnswerCallAsync` on `CallControlResult` | simulated |", coverage, StringComparison.Ordinal);
        Assert.Contains("| MakeCall | POST | hand-written on a generated request: `MakeCallAsync` | simulated |", coverage, StringComparison.Ordinal);

        // An action with a hand-written method gets its request class only; one on a hand-written model gets no response types.
        string makeCall = files[ClientGenerator.GeneratedDirectory + "/MakeCall.cs"];
        Assert.Contains("public sealed class MakeCallRequest : CccRequest", makeCall, StringComparison.Ordinal);
        Assert.DoesNotContain("MakeCallAsync(", makeCall, StringComparison.Ordinal);
        string answerCall = files[ClientGenerator.GeneratedDirectory + "/AnswerCall.cs"];
        Assert.Contains("Task<CccResponse<CallControlResult>> AnswerCallAsync(AnswerCallRequest request", answerCall, StringComparison.Ordinal);
        Assert.Equal(1, answerCall.Split("public sealed class ").Length - 1);
        Assert.Contains("CccPageable<CccUser> ListUsersAsync(ListUsersRequest? request = null", files[ClientGenerator.GeneratedDirectory + "/ListUsers.cs"], StringComparison.Ordinal);
        Assert.Contains(ClientGenerator.GeneratedDirectory + "/UpdateSubscription.cs", files.Keys);
    }

    [Fact]
    public void An_sdkModels_entry_for_an_unknown_action_or_with_an_unknown_method_fails_the_generator()
    {
        string overrides = File.ReadAllText(Path.Combine(Repository.Root, ClientGenerator.OverridesPath));
        string unknown = overrides.Replace("\"AnswerCall\": {", "\"AnswerCallTypo\": {", StringComparison.Ordinal);
        Assert.NotEqual(overrides, unknown);
        var ex = Assert.Throws<InvalidDataException>(() => Regenerate(Encoding.UTF8.GetBytes(unknown)));
        Assert.Contains("sdkModels: AnswerCallTypo", ex.Message, StringComparison.Ordinal);

        string method = overrides.Replace("\"MakeCall\": { \"result\": \"CallControlResult\", \"method\": \"handWritten\" }", "\"MakeCall\": { \"result\": \"CallControlResult\", \"method\": \"custom\" }", StringComparison.Ordinal);
        Assert.NotEqual(overrides, method);
        ex = Assert.Throws<InvalidDataException>(() => Regenerate(Encoding.UTF8.GetBytes(method)));
        Assert.Contains("unknown method 'custom'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generator_is_deterministic()
    {
        var first = Regenerate();
        var second = Regenerate();
        Assert.Equal(first.Keys, second.Keys);
        Assert.All(first, pair => Assert.Equal(pair.Value, second[pair.Key]));
    }

    [Fact]
    public void An_override_that_matches_nothing_in_the_description_fails_the_generator()
    {
        string overrides = File.ReadAllText(Path.Combine(Repository.Root, ClientGenerator.OverridesPath));
        string stale = overrides.Replace("\"ListHistoricalAgentReport.StopTime\"", "\"ListHistoricalAgentReport.StopTimeTypo\"", StringComparison.Ordinal);
        Assert.NotEqual(overrides, stale);

        var ex = Assert.Throws<InvalidDataException>(() => Regenerate(Encoding.UTF8.GetBytes(stale)));
        Assert.Contains("ListHistoricalAgentReport.StopTimeTypo", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_whose_type_does_not_fit_the_described_wire_type_fails_the_generator()
    {
        // ListAttempts.EndTime is described as long: it cannot be a list sent as JSON text.
        string overrides = File.ReadAllText(Path.Combine(Repository.Root, ClientGenerator.OverridesPath));
        string wrong = overrides.Replace(
            "\"ListHistoricalAgentReport.AgentIdList\": { \"type\": \"jsonStringList\" }",
            "\"ListHistoricalAgentReport.AgentIdList\": { \"type\": \"jsonStringList\" },\n    \"ListAttempts.EndTime\": { \"type\": \"jsonStringList\" }",
            StringComparison.Ordinal);
        Assert.NotEqual(overrides, wrong);

        var ex = Assert.Throws<InvalidDataException>(() => Regenerate(Encoding.UTF8.GetBytes(wrong)));
        Assert.Contains("ListAttempts.EndTime is jsonStringList but the description says long", ex.Message, StringComparison.Ordinal);
    }
}
