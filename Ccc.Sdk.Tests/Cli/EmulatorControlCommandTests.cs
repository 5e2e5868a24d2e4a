using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Tests.Cli;

/// <summary><c>ccc phones set|get</c> and <c>ccc events list|resend</c> as processes, and what emulator commands do against something else.</summary>
public sealed class EmulatorControlCommandTests : EmulatorCommandTestBase
{
    [Fact]
    public async Task Phones_set_changes_how_the_simulated_phone_behaves_and_get_reads_it_back()
    {
        var set = await CliRunner.RunAsync(["phones", "set", "13900000031", "--behavior", "busy", "--answer-after", "1.5s", "--hang-up-after", "30s", "--endpoint", Endpoint, "--json"]);

        Assert.True(set.ExitCode == 0, set.ToString());
        var phone = await Http.GetFromJsonAsync<JsonElement>(new Uri(Emulator.Endpoint, "/_emulator/phones/13900000031"));
        Assert.Equal("busy", phone.GetProperty("behavior").GetString());
        Assert.Equal(1500, phone.GetProperty("answerAfterMs").GetInt64());
        Assert.Equal(30_000, phone.GetProperty("hangUpAfterMs").GetInt64());

        var get = await CliRunner.RunAsync(["phones", "get", "13900000031", "--endpoint", Endpoint]);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("busy", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("30000 ms", get.Stdout, StringComparison.Ordinal);

        foreach (var bad in new[] { new[] { "phones", "set", "13900000031", "--behavior", "sing" }, ["phones", "set", "13900000031", "--answer-after", "soon"], ["phones", "get", "12"] })
        {
            var result = await CliRunner.RunAsync([.. bad, "--endpoint", Endpoint]);
            Assert.True(result.ExitCode == 2, result.ToString());
        }
    }

    [Fact]
    public async Task Events_list_shows_ids_and_resend_of_an_unknown_id_is_exit_1_with_the_code()
    {
        for (var i = 0; i < 2; i++)
        {
            using var inbound = await Http.PostAsync(new Uri(Emulator.Endpoint, "/_emulator/calls/inbound"),
                JsonContent.Create(new { from = "1380000004" + i, to = "02150000001" }));
            inbound.EnsureSuccessStatusCode();
        }

        var list = await CliRunner.RunAsync(["events", "list", "--limit", "3", "--endpoint", Endpoint, "--json"]);

        Assert.True(list.ExitCode == 0, list.ToString());
        using var rows = JsonDocument.Parse(list.Stdout);
        Assert.Equal(3, rows.RootElement.GetArrayLength());
        var all = await Http.GetFromJsonAsync<JsonElement>(new Uri(Emulator.Endpoint, "/_emulator/events"));
        Assert.Equal(all.EnumerateArray().TakeLast(3).Select(e => e.GetProperty("Id").GetString()), rows.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()));

        var unknown = await CliRunner.RunAsync(["events", "resend", "evt_999999", "--endpoint", Endpoint]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("ccc: NotFound: ", unknown.Stderr.Trim().Split('\n').Last(), StringComparison.Ordinal);
        var notPushed = await CliRunner.RunAsync(["events", "resend", rows.RootElement[0].GetProperty("id").GetString()!, "--endpoint", Endpoint]);
        Assert.Equal(1, notPushed.ExitCode);
        Assert.Contains("ccc: NoSubscription: ", notPushed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Against_something_that_is_not_an_emulator_it_is_exit_3_and_against_nothing_exit_4()
    {
        await using var other = await NotAnEmulator.StartAsync();
        var wrong = await CliRunner.RunAsync(["events", "list", "--endpoint", other.Url]);

        Assert.True(wrong.ExitCode == 3, wrong.ToString());
        var line = Assert.Single(wrong.Stderr.Trim().Split('\n'));
        Assert.StartsWith("ccc: ", line, StringComparison.Ordinal);
        Assert.Contains("is not a CCC emulator", line, StringComparison.Ordinal);
        Assert.Contains("404", line, StringComparison.Ordinal);

        var nothing = await CliRunner.RunAsync(["phones", "get", "13900000031", "--endpoint", $"http://127.0.0.1:{FreePort.Next()}"]);
        Assert.True(nothing.ExitCode == 4, nothing.ToString());
    }
}
