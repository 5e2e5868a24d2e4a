using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Cli;

/// <summary><c>ccc trigger &lt;scenario&gt;</c> run as a process: each scenario is a real call the emulator's engine runs.</summary>
public sealed class TriggerCommandTests : EmulatorCommandTestBase
{
    [Fact]
    public async Task Help_lists_the_scenarios()
    {
        var result = await CliRunner.RunAsync(["trigger", "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var scenario in (string[])["inbound-call", "outbound-call", "answered-call", "cdr", "abandoned-call", "agent-ready"])
        {
            Assert.Contains(scenario, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Inbound_call_starts_a_call_the_engine_routes_and_prints_its_contact_id()
    {
        var result = await CliRunner.RunAsync(["trigger", "inbound-call", "--from", "13800000021", "--endpoint", Endpoint]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var contactId = result.Stdout.Split('\n').Single(l => l.StartsWith("Contact id: ", StringComparison.Ordinal))["Contact id: ".Length..].Trim();
        var call = await Http.GetFromJsonAsync<JsonElement>(new Uri(Emulator.Endpoint, "/_emulator/calls/" + contactId));
        Assert.Equal("13800000021", call.GetProperty("callingNumber").GetString());
        Assert.Equal("INBOUND", call.GetProperty("callType").GetString());
        Assert.Contains("Enqueue", await EventTypes(contactId)); // nobody is READY: the engine queues it
    }

    [Fact]
    public async Task Answered_call_connects_ends_and_writes_the_CDR()
    {
        var result = await CliRunner.RunAsync(["trigger", "cdr", "--agent", "agent1", "--talk", "500ms", "--endpoint", Endpoint, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var contactId = json.RootElement.GetProperty("contactId").GetString()!;
        Assert.Equal("agent1@ccc-local", json.RootElement.GetProperty("agent").GetString());
        var types = await EventTypes(contactId);
        Assert.Contains("AgentTalk", types);
        Assert.Contains("Established", types);
        Assert.Contains("CDRReady", types);
        using var client = Client();
        var cdr = await client.GetCallDetailRecordAsync(new GetCallDetailRecordRequest { ContactId = contactId });
        Assert.Equal(contactId, cdr.Value.ContactId);
        Assert.NotNull(cdr.Value.EstablishedTime);
    }

    [Fact]
    public async Task Abandoned_call_is_abandoned_by_the_customer()
    {
        var result = await CliRunner.RunAsync(["trigger", "abandoned-call", "--from", "13800000022", "--endpoint", Endpoint, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var types = await EventTypes(json.RootElement.GetProperty("contactId").GetString()!);
        Assert.Contains("Abandoned", types);
        Assert.DoesNotContain("Established", types);
    }

    [Fact]
    public async Task Outbound_call_makes_the_agent_ready_and_places_the_call_and_needs_its_options()
    {
        var result = await CliRunner.RunAsync(["trigger", "outbound-call", "--agent", "agent2", "--to", "13900000023", "--endpoint", Endpoint, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var call = await Http.GetFromJsonAsync<JsonElement>(new Uri(Emulator.Endpoint, "/_emulator/calls/" + json.RootElement.GetProperty("contactId").GetString()));
        Assert.Equal("OUTBOUND", call.GetProperty("callType").GetString());
        Assert.Equal(["agent2@ccc-local"], call.GetProperty("agentIds").EnumerateArray().Select(a => a.GetString()));

        var missing = await CliRunner.RunAsync(["trigger", "outbound-call", "--to", "13900000023", "--endpoint", Endpoint]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--agent", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_ready_gets_an_offline_agent_ready_and_an_already_ready_one_through_a_break()
    {
        var first = await CliRunner.RunAsync(["trigger", "agent-ready", "--agent", "agent3", "--endpoint", Endpoint, "--json"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        using (var json = JsonDocument.Parse(first.Stdout))
        {
            Assert.Equal("OFFLINE", json.RootElement.GetProperty("previousState").GetString());
        }

        var second = await CliRunner.RunAsync(["trigger", "agent-ready", "--agent", "agent3@ccc-local", "--endpoint", Endpoint]);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("was READY, is READY now", second.Stdout, StringComparison.Ordinal);
        var events = await Http.GetFromJsonAsync<JsonElement>(new Uri(Emulator.Endpoint, "/_emulator/events?limit=1000"));
        var agent3 = events.EnumerateArray().Where(e => e.GetProperty("AgentId").GetString() == "agent3@ccc-local").Select(e => e.GetProperty("EventType").GetString()).ToList();
        Assert.Equal(["AgentCheckIn", "AgentReady", "AgentBreak", "AgentReady"], agent3);
        var agents = await Http.GetFromJsonAsync<JsonElement>(new Uri(Emulator.Endpoint, "/_emulator/agents"));
        Assert.Equal("READY", agents.EnumerateArray().Single(a => a.GetProperty("userId").GetString() == "agent3@ccc-local").GetProperty("state").GetString());
    }

    private async Task<List<string>> EventTypes(string contactId)
    {
        var events = await Http.GetFromJsonAsync<JsonElement>(new Uri(Emulator.Endpoint, $"/_emulator/calls/{contactId}/events"));
        return events.EnumerateArray().Select(e => e.GetProperty("EventType").GetString()!).ToList();
    }

    private CccClient Client() => new(new CccClientOptions
    {
        Endpoint = Emulator.Endpoint,
        AccessKeyId = CccEmulator.DevAccessKeyId,
        AccessKeySecret = CccEmulator.DevAccessKeySecret,
        InstanceId = Emulator.InstanceId,
    });
}
