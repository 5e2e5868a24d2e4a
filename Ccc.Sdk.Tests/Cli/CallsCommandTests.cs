using System.Text.Json;

namespace Ccc.Sdk.Tests.Cli;

/// <summary><c>ccc calls list|place|hang-up</c> run as a process against an in-process emulator.</summary>
public sealed class CallsCommandTests : IClassFixture<CallsCliFixture>
{
    private readonly CallsCliFixture _f;

    public CallsCommandTests(CallsCliFixture fixture) => _f = fixture;

    [Fact]
    public async Task Place_prints_the_contact_id_list_shows_the_call_in_progress_and_hang_up_ends_it()
    {
        await _f.Ready(CallsCliFixture.Agent1);

        var placed = await _f.Run("calls", "place", "--agent", CallsCliFixture.Agent1, "--to", "13800000101", "--caller", CallsCliFixture.ShanghaiLine);

        Assert.True(placed.ExitCode == 0, placed.ToString());
        var contactId = placed.Stdout.Trim();
        Assert.StartsWith("job-", contactId, StringComparison.Ordinal);
        Assert.Contains("OUTBOUND call " + contactId, placed.Stderr, StringComparison.Ordinal);
        Assert.Equal("DIALING", (await _f.StateOf(CallsCliFixture.Agent1)).UserState);

        _f.Advance(1_000); // the customer answers
        var listed = await _f.Run("calls", "list", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using (var json = JsonDocument.Parse(listed.Stdout))
        {
            var call = Assert.Single(json.RootElement.EnumerateArray(), c => c.GetProperty("contactId").GetString() == contactId);
            Assert.Equal("OUTBOUND", call.GetProperty("callType").GetString());
            Assert.Equal([CallsCliFixture.Agent1], call.GetProperty("agents").EnumerateArray().Select(a => a.GetString()));
            var channels = call.GetProperty("channels").EnumerateArray().ToList();
            Assert.Equal(2, channels.Count);
            Assert.All(channels, c => Assert.Equal("ANSWERED", c.GetProperty("state").GetString()));
            Assert.Contains(channels, c => c.GetProperty("destination").GetString() == "13800000101" && !c.TryGetProperty("userId", out _));
        }

        var table = await _f.Run("calls", "list", "--agent", CallsCliFixture.Agent1);
        Assert.True(table.ExitCode == 0, table.ToString());
        var row = Assert.Single(table.Stdout.Split('\n'), l => l.Contains(contactId, StringComparison.Ordinal));
        Assert.Contains("13800000101 ANSWERED", row, StringComparison.Ordinal); // one line per call, not wrapped

        var hungUp = await _f.Run("calls", "hang-up", contactId, "--agent", CallsCliFixture.Agent1, "--json");
        Assert.True(hungUp.ExitCode == 0, hungUp.ToString());
        using (var json = JsonDocument.Parse(hungUp.Stdout))
        {
            Assert.Equal(contactId, json.RootElement.GetProperty("contactId").GetString());
            Assert.Contains(json.RootElement.GetProperty("channels").EnumerateArray(), c => c.GetProperty("state").GetString() == "RELEASED");
        }

        var after = await _f.Run("calls", "list", "--json", "--agent", CallsCliFixture.Agent1);
        Assert.Equal("[]", after.Stdout.Trim());
        var record = (await _f.Client.GetCallDetailRecordAsync(contactId)).Value;
        Assert.Equal("Success", record.ContactDisposition);
    }

    [Fact]
    public async Task Place_as_json_gives_the_job_id_and_the_channels_and_hang_up_without_an_agent_ends_the_whole_call()
    {
        await _f.Ready(CallsCliFixture.Agent2);

        var placed = await _f.Run("calls", "place", "--agent", CallsCliFixture.Agent2, "--to", "13800000102", "--json");

        Assert.True(placed.ExitCode == 0, placed.ToString());
        using var json = JsonDocument.Parse(placed.Stdout);
        var contactId = json.RootElement.GetProperty("contactId").GetString()!;
        Assert.Equal("DIALING", json.RootElement.GetProperty("agentState").GetString());
        var customer = Assert.Single(json.RootElement.GetProperty("channels").EnumerateArray(), c => !c.TryGetProperty("userId", out _));
        Assert.Equal("RINGING", customer.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(customer.GetProperty("originator").GetString())); // the number chosen by the service (caller auto)

        var table = await _f.Run("calls", "hang-up", contactId);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("RELEASED", table.Stdout, StringComparison.Ordinal);
        var record = (await _f.Client.GetCallDetailRecordAsync(contactId)).Value;
        Assert.Equal("13800000102", record.CalledNumber);
        Assert.NotEqual("DIALING", (await _f.StateOf(CallsCliFixture.Agent2)).UserState);
    }

    [Fact]
    public async Task A_double_call_rings_the_first_number_from_the_agents_outbound_number()
    {
        var placed = await _f.Run("calls", "place", "--double", "--agent", CallsCliFixture.Agent3, "--to", "13900000103", "--customer", "13800000103", "--json");

        Assert.True(placed.ExitCode == 0, placed.ToString());
        using var json = JsonDocument.Parse(placed.Stdout);
        Assert.Equal("BACK2BACK", json.RootElement.GetProperty("callType").GetString());
        var leg = Assert.Single(json.RootElement.GetProperty("channels").EnumerateArray());
        Assert.Equal("13900000103", leg.GetProperty("destination").GetString());
        Assert.Equal(CallsCliFixture.ShanghaiLine, leg.GetProperty("originator").GetString()); // agent3's outbound number
        Assert.False(json.RootElement.TryGetProperty("legs", out _)); // the table's summary cell is not part of the JSON
        var hungUp = await _f.Run("calls", "hang-up", json.RootElement.GetProperty("contactId").GetString()!);
        Assert.True(hungUp.ExitCode == 0, hungUp.ToString());

        // Without --to the agent's own mobile is rung first.
        var mobileFirst = await _f.Run("calls", "place", "--double", "--agent", CallsCliFixture.Agent2, "--customer", "13800000104", "--caller", "01050000002", "--json");
        Assert.True(mobileFirst.ExitCode == 0, mobileFirst.ToString());
        using var second = JsonDocument.Parse(mobileFirst.Stdout);
        var firstLeg = Assert.Single(second.RootElement.GetProperty("channels").EnumerateArray());
        Assert.Equal(("13900000002", "01050000002"), (firstLeg.GetProperty("destination").GetString(), firstLeg.GetProperty("originator").GetString()));
        Assert.Equal(0, (await _f.Run("calls", "hang-up", second.RootElement.GetProperty("contactId").GetString()!)).ExitCode);
    }

    [Fact]
    public async Task An_inbound_call_ringing_for_an_agent_is_listed_with_the_caller_as_its_customer_and_the_agent_can_reject_it()
    {
        await _f.Ready(CallsCliFixture.Agent2);
        using var response = await _f.Control.PostAsync("/_emulator/calls/inbound", new StringContent(
            """{"from":"13700000110","to":"02150000001","userName":"agent2"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var contactId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("contactId").GetString();

        var listed = await _f.Run("calls", "list", "--agent", CallsCliFixture.Agent2, "--json");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        using (var json = JsonDocument.Parse(listed.Stdout))
        {
            var call = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal((contactId, "INBOUND"), (call.GetProperty("contactId").GetString(), call.GetProperty("callType").GetString()));
            var channels = call.GetProperty("channels").EnumerateArray().ToList();
            Assert.Contains(channels, c => c.GetProperty("party").GetString() == "13700000110" && c.GetProperty("state").GetString() == "ANSWERED"); // the IVR answered the caller
            Assert.Contains(channels, c => c.GetProperty("party").GetString() == CallsCliFixture.Agent2 && c.GetProperty("state").GetString() == "RINGING");
        }

        var rejected = await _f.Run("calls", "hang-up", contactId!, "--agent", CallsCliFixture.Agent2);

        Assert.True(rejected.ExitCode == 0, rejected.ToString());
        Assert.Equal("BREAK", (await _f.StateOf(CallsCliFixture.Agent2)).UserState); // a rejected offer: the agent goes on a break (the call queues)
        Assert.Equal(0, (await _f.Run("calls", "hang-up", contactId!)).ExitCode); // the caller gives up: the whole call ends
    }

    [Fact]
    public async Task Finished_calls_of_a_window_are_their_records_newest_first()
    {
        var from = _f.At(-1);
        var first = await _f.TalkedCall(CallsCliFixture.Agent1, "13800000104", 2_000);
        var second = await _f.TalkedCall(CallsCliFixture.Agent1, "13800000105", 3_000);

        var result = await _f.Run("calls", "list", "--from", from, "--to", _f.At(1), "--agent", CallsCliFixture.Agent1, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var ids = json.RootElement.EnumerateArray().Select(c => c.GetProperty("contactId").GetString()).ToList();
        Assert.Equal([second, first], ids);
        Assert.Equal(3, json.RootElement[0].GetProperty("talkSeconds").GetInt64());
        Assert.Equal("Success", json.RootElement[0].GetProperty("disposition").GetString());
    }

    [Fact]
    public async Task A_call_the_service_refuses_is_exit_1_with_its_code()
    {
        // supervisor@ccc-local is signed out: MakeCall is refused (UserStateNotAllowed).
        var result = await _f.Run("calls", "place", "--agent", "supervisor@ccc-local", "--to", "13800000106");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.Stdout.Trim());
        Assert.Single(result.Stderr.Trim().Split('\n'), l => l.StartsWith("ccc: UserStateNotAllowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hanging_up_a_call_that_does_not_exist_is_exit_1_NotExists_JobId()
    {
        var result = await _f.Run("calls", "hang-up", "job-000000000000000000000000000000000000000000000001");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ccc: NotExists.JobId", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("RequestId", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("calls", "place", "--to", "13800000107")] // no agent
    [InlineData("calls", "place", "--agent", "agent1@ccc-local")] // no number
    [InlineData("calls", "place", "--double", "--agent", "agent1@ccc-local")] // no customer
    [InlineData("calls", "place", "--agent", "agent1@ccc-local", "--to", "13800000107", "--customer", "13800000108")] // customer without --double
    [InlineData("calls", "list", "--from", "12/05/2026")]
    [InlineData("calls", "list", "--from", "today", "--to", "yesterday")]
    [InlineData("calls", "hang-up")]
    [InlineData("calls", "place", "--double", "--to", "13900000001", "--customer", "13800000109")] // no broker: neither --caller nor --agent
    public async Task A_wrong_command_line_is_exit_2_and_nothing_is_sent(params string[] args)
    {
        var result = await _f.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout.Trim());
        Assert.StartsWith("ccc: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relative_time_is_accepted_as_an_option_value()
    {
        var result = await _f.Run("calls", "list", "--from", "-2h", "--to", "+1h", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(result.Stdout).RootElement.ValueKind);
    }

    [Fact]
    public async Task Without_an_instance_id_a_cloud_endpoint_is_exit_3_before_anything_is_sent()
    {
        var result = await CliRunner.RunAsync(["calls", "list", "--endpoint", "https://ccc.cn-shanghai.aliyuncs.com"]);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("ccc: no instance id", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("CCC_INSTANCE_ID", result.Stderr, StringComparison.Ordinal);
    }
}
