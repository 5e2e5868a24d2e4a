using System.Text.Json;

namespace Ccc.Sdk.Tests.Cli;

/// <summary><c>ccc cdr get|list</c> run as a process against an in-process emulator.</summary>
public sealed class CdrCommandTests : IClassFixture<CdrCommandTests.ThreeCalls>
{
    private readonly CallsCliFixture _f;
    private readonly string _from;
    private readonly string _to;
    private readonly string[] _calls;

    public CdrCommandTests(ThreeCalls fixture)
    {
        _f = fixture;
        (_from, _to, _calls) = (fixture.From, fixture.To, fixture.Calls);
    }

    /// <summary>Three finished, recorded calls: agent 1, agent 2, agent 1, talking 1, 2 and 3 s.</summary>
    public sealed class ThreeCalls : CallsCliFixture
    {
        public string From { get; private set; } = "";

        public string To { get; private set; } = "";

        public string[] Calls { get; private set; } = [];

        protected override async Task SeedAsync()
        {
            From = At(-1);
            var a = await TalkedCall(Agent1, "13800000201", 1_000);
            var b = await TalkedCall(Agent2, "13800000202", 2_000);
            var c = await TalkedCall(Agent1, "13800000203", 3_000);
            To = At(1);
            Calls = [a, b, c];
        }
    }

    [Fact]
    public async Task Get_shows_the_record_and_every_partys_timeline_as_a_table_and_as_json()
    {
        var table = await _f.Run("cdr", "get", _calls[1]);
        var json = await _f.Run("cdr", "get", _calls[1], "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(_calls[1], table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Success", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("agent " + CallsCliFixture.Agent2, table.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var record = document.RootElement.GetProperty("record");
        Assert.Equal(_calls[1], record.GetProperty("contactId").GetString());
        Assert.Equal("13800000202", record.GetProperty("calledNumber").GetString());
        Assert.Equal([CallsCliFixture.Agent2], record.GetProperty("agentIds").EnumerateArray().Select(a => a.GetString()));
        Assert.True(record.GetProperty("recordingReady").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(record.GetProperty("startTime").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _)); // ISO 8601, not epoch ms
        var steps = document.RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Contains(steps, s => s.GetProperty("party").GetString() == "agent " + CallsCliFixture.Agent2);
        Assert.Contains(steps, s => s.GetProperty("party").GetString()!.StartsWith("customer", StringComparison.Ordinal));
        var times = steps.Select(s => DateTimeOffset.Parse(s.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task Get_of_an_unknown_call_is_exit_1_NotExists_JobId()
    {
        var result = await _f.Run("cdr", "get", "job-999");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ccc: NotExists.JobId", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_pages_through_every_page_of_the_window_newest_first()
    {
        var result = await _f.Run("cdr", "list", "--from", _from, "--to", _to, "--page-size", "1", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(_calls.Reverse(), json.RootElement.EnumerateArray().Select(r => r.GetProperty("contactId").GetString()));
        Assert.Equal([1L, 2L, 3L], json.RootElement.EnumerateArray().Select(r => r.GetProperty("talkSeconds").GetInt64()).Reverse());
    }

    [Fact]
    public async Task List_filters_by_agent_and_by_number_and_a_table_row_stays_on_one_line()
    {
        var byAgent = await _f.Run("cdr", "list", "--from", _from, "--to", _to, "--agent", CallsCliFixture.Agent1, "--json");
        var byNumber = await _f.Run("cdr", "list", "--from", _from, "--to", _to, "--number", "13800000202");
        var epoch = await _f.Run("cdr", "list", "--from", DateTimeOffset.Parse(_from, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "--to", _to, "--json");

        Assert.True(byAgent.ExitCode == 0, byAgent.ToString());
        Assert.Equal([_calls[2], _calls[0]], JsonDocument.Parse(byAgent.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("contactId").GetString()));
        Assert.True(byNumber.ExitCode == 0, byNumber.ToString());
        var row = Assert.Single(byNumber.Stdout.Split('\n'), l => l.Contains("job-", StringComparison.Ordinal));
        Assert.Contains(_calls[1], row, StringComparison.Ordinal);
        Assert.Contains("13800000202", row, StringComparison.Ordinal);
        Assert.Contains(CallsCliFixture.Agent2, row, StringComparison.Ordinal);
        Assert.True(epoch.ExitCode == 0, epoch.ToString());
        Assert.Equal(3, JsonDocument.Parse(epoch.Stdout).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("cdr", "list")] // --from is required
    [InlineData("cdr", "list", "--from", "today", "--page-size", "101")]
    [InlineData("cdr", "list", "--from", "2026-13-40")]
    [InlineData("cdr", "get")]
    public async Task A_wrong_command_line_is_exit_2(params string[] args)
    {
        var result = await _f.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("ccc: ", result.Stderr, StringComparison.Ordinal);
    }
}
