using System.Text.Json;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Cli;

/// <summary><c>ccc agents list</c> against an in-process emulator, run as a process.</summary>
public sealed class AgentsCommandTests : IAsyncLifetime
{
    private CccEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await CccEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Lists_the_seeded_agents_as_json_with_the_emulators_development_key()
    {
        var result = await CliRunner.RunAsync(["agents", "list", "--endpoint", _emulator.Endpoint.ToString(), "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var ids = json.RootElement.EnumerateArray().Select(a => a.GetProperty("userId").GetString()).ToList();
        Assert.Contains("agent1@ccc-local", ids);
        Assert.Contains("supervisor@ccc-local", ids);
        Assert.Contains("development key", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_tools_version_without_the_commit()
    {
        var result = await CliRunner.RunAsync(["--version"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", result.Stdout.Trim());
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error_on_stderr()
    {
        var result = await CliRunner.RunAsync(["agents", "lst"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout.Trim());
        Assert.StartsWith("ccc: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_is_exit_code_4_in_one_line()
    {
        var port = Ccc.Sdk.TestSupport.FreePort.Next();
        var result = await CliRunner.RunAsync(["agents", "list", "--endpoint", $"http://127.0.0.1:{port}"]);

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Single(result.Stderr.Trim().Split('\n'), l => l.StartsWith("ccc: NetworkError", StringComparison.Ordinal));
    }
}
