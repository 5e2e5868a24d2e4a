using System.Text.Json;

namespace Ccc.Sdk.Tests.Cli;

/// <summary><c>ccc agents set-state</c>, and where the tool takes its credentials from, run as a process against an in-process emulator.</summary>
public sealed class AgentsSetStateCommandTests : IClassFixture<CallsCliFixture>
{
    private readonly CallsCliFixture _f;

    public AgentsSetStateCommandTests(CallsCliFixture fixture) => _f = fixture;

    [Fact]
    public async Task An_offline_agent_is_signed_in_to_their_skill_groups_and_made_ready_then_taken_on_a_break_then_signed_out()
    {
        var ready = await _f.Run("agents", "set-state", CallsCliFixture.Agent1, "ready", "--json");

        Assert.True(ready.ExitCode == 0, ready.ToString());
        using (var json = JsonDocument.Parse(ready.Stdout))
        {
            Assert.Equal("READY", json.RootElement.GetProperty("state").GetString());
            Assert.Equal(["SignInGroup", "ReadyForService"], json.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal(["sales@ccc-local", "support@ccc-local"], json.RootElement.GetProperty("skillGroups").EnumerateArray().Select(a => a.GetString()).Order());
        }

        var agent = await _f.StateOf(CallsCliFixture.Agent1);
        Assert.Equal("READY", agent.UserState);
        Assert.Equal("ccc-cli", agent.DeviceId);

        var onBreak = await _f.Run("agents", "set-state", CallsCliFixture.Agent1, "BREAK", "--break-code", "lunchtime");
        Assert.True(onBreak.ExitCode == 0, onBreak.ToString());
        var row = Assert.Single(onBreak.Stdout.Split('\n'), l => l.Contains(CallsCliFixture.Agent1, StringComparison.Ordinal));
        Assert.Contains("BREAK", row, StringComparison.Ordinal);
        Assert.Contains("lunchtime", row, StringComparison.Ordinal);
        Assert.Contains("TakeBreak", row, StringComparison.Ordinal);
        Assert.DoesNotContain("SignInGroup", row, StringComparison.Ordinal); // already signed in
        agent = await _f.StateOf(CallsCliFixture.Agent1);
        Assert.Equal(("BREAK", "lunchtime"), (agent.UserState, agent.BreakCode));

        var offline = await _f.Run("agents", "set-state", CallsCliFixture.Agent1, "offline", "--json");
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal("OFFLINE", JsonDocument.Parse(offline.Stdout).RootElement.GetProperty("state").GetString());
        Assert.Equal("OFFLINE", (await _f.StateOf(CallsCliFixture.Agent1)).UserState);
    }

    [Fact]
    public async Task A_break_from_offline_signs_in_to_the_given_skill_group_with_the_default_break_code()
    {
        var result = await _f.Run("agents", "set-state", CallsCliFixture.Agent2, "break", "--skill-group", CallsCliFixture.Sales, "--device", "desk-7", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var agent = await _f.StateOf(CallsCliFixture.Agent2);
        Assert.Equal(("BREAK", "default", "desk-7"), (agent.UserState, agent.BreakCode, agent.DeviceId));
        Assert.Equal([CallsCliFixture.Sales], agent.SignedSkillGroupIdList);
    }

    [Fact]
    public async Task A_break_code_the_instance_does_not_have_is_the_services_error_exit_1()
    {
        var result = await _f.Run("agents", "set-state", CallsCliFixture.Agent3, "break", "--break-code", "nap");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Single(result.Stderr.Trim().Split('\n'), l => l.StartsWith("ccc: Parameter.Enumeration", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("agents", "set-state", "agent1@ccc-local", "asleep")]
    [InlineData("agents", "set-state", "agent1@ccc-local", "ready", "--break-code", "lunchtime")]
    [InlineData("agents", "set-state", "agent1@ccc-local")]
    public async Task A_state_the_tool_does_not_know_is_exit_2(params string[] args)
    {
        var result = await _f.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout.Trim());
        Assert.StartsWith("ccc: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_come_from_the_named_profile_of_the_credentials_file()
    {
        var home = Directory.CreateTempSubdirectory("ccc-cli-profile-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(home, ".alibabacloud"));
            await File.WriteAllTextAsync(Path.Combine(home, ".alibabacloud", "credentials"), $"""
                [default]
                type = access_key
                access_key_id = LTAIwrongwrongwrong
                access_key_secret = wrong-secret-wrong-secret

                [emulator]
                type = access_key
                access_key_id = {_f.Emulator.AccessKeyId}
                access_key_secret = {_f.Emulator.AccessKeySecret}
                """);
            var environment = new Dictionary<string, string> { ["HOME"] = home };

            var good = await CliRunner.RunAsync(["agents", "list", "--json", "--profile", "emulator", "--endpoint", _f.Endpoint], environment);
            var wrong = await CliRunner.RunAsync(["agents", "list", "--json", "--endpoint", _f.Endpoint], environment); // the default profile's key
            var missing = await CliRunner.RunAsync(["agents", "list", "--profile", "nope", "--endpoint", _f.Endpoint], environment);

            Assert.True(good.ExitCode == 0, good.ToString());
            Assert.DoesNotContain("development key", good.Stderr, StringComparison.Ordinal);
            Assert.Contains(JsonDocument.Parse(good.Stdout).RootElement.EnumerateArray(), a => a.GetProperty("userId").GetString() == CallsCliFixture.Agent3);
            Assert.True(wrong.ExitCode == 1, wrong.ToString()); // the emulator refuses a key it does not know
            Assert.DoesNotContain("wrong-secret", wrong.Stderr, StringComparison.Ordinal);
            Assert.True(missing.ExitCode == 3, missing.ToString()); // a profile asked for by name is never replaced by the development key
            Assert.Contains("[nope]", missing.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(_f.Emulator.AccessKeySecret, good.Stderr + missing.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
