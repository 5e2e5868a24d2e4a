using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The sample CRM's customers, click-to-call, double call and call history, driven over HTTP against the sample's own
/// process, signed in as an agent. The <c>/api/…</c> endpoints call the same <c>CallDesk</c> as the pages' buttons.
/// Each test uses its own agent and customer, so the emulator's per-callee daily limit and agent states do not interfere.
/// </summary>
public sealed partial class SampleCallsTests(SampleCrmFixture fixture) : IClassFixture<SampleCrmFixture>
{
    private SampleProcess Sample => fixture.Sample;

    [Fact]
    public async Task The_customers_page_lists_the_directory_and_calls_as_the_signed_in_agent()
    {
        using var agent = await Sample.SignInAsync("agent1@ccc-local");
        string html = await agent.GetStringAsync("/customers");

        Assert.Contains("<table id=\"customers\"", html);
        Assert.Contains("Liu Yang", html);
        Assert.Contains("02161234567", html);
        Assert.Contains("Sun Hao", html);
        Assert.Contains("01062345678", html);
        Assert.Contains("13912345678", html);
        Assert.Equal(Ccc.Sdk.Samples.Crm.Data.CrmSeed.Customers.Count, Regex.Matches(html, "class=\"call\"").Count); // the database's seed
        Assert.Contains("<strong id=\"agent\">agent1@ccc-local</strong>", html);
        Assert.DoesNotContain("agent3@ccc-local", html); // no agent picker
        Assert.Contains("id=\"simulated-phones\"", html);
        Assert.DoesNotContain("class=\"panel error\"", html);
    }

    [Fact]
    public async Task The_double_call_form_offers_only_outbound_capable_numbers_as_broker_and_rings_the_agents_own_phone()
    {
        using var agent = await Sample.SignInAsync("agent1@ccc-local");
        string html = await agent.GetStringAsync("/double-call");

        string brokers = Between(html, "<select id=\"broker\"", "</select>");
        Assert.Equal(["01050000002", "02150000001", "17150000003"], OptionValues(brokers).Order());
        Assert.DoesNotContain("4001234567", brokers); // inbound-only (rule N2)
        Assert.Equal(Ccc.Sdk.Samples.Crm.Data.CrmSeed.Customers.Count, OptionValues(Between(html, "<select id=\"customer\"", "</select>")).Count);
        Assert.Contains("13900000001", Between(html, "<strong id=\"agent-phone\"", "</strong>"));
        Assert.DoesNotContain("13900000002", html); // another agent's mobile
        Assert.DoesNotContain("class=\"panel error\"", html);
    }

    [Fact]
    public async Task A_call_placed_through_the_sample_ends_up_in_todays_history_with_its_recording()
    {
        using var agent = await Sample.SignInAsync("agent2@ccc-local");
        using var placed = await agent.PostAsJsonAsync("/api/calls", new { customerId = "c-1003" });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        using var call = JsonDocument.Parse(await placed.Content.ReadAsStringAsync());
        string jobId = call.RootElement.GetProperty("jobId").GetString()!;
        Assert.StartsWith("job-", jobId);
        Assert.Equal("OUTBOUND", call.RootElement.GetProperty("callType").GetString());
        var states = call.RootElement.GetProperty("channels").EnumerateArray()
            .ToDictionary(c => c.GetProperty("userId").GetString()!, c => c.GetProperty("state").GetString());
        Assert.Equal("ANSWERED", states["agent2@ccc-local"]); // the agent's softphone leg
        Assert.Equal("RINGING", states[""]);                  // the customer, answering after 1.5 s

        await Sample.WaitForEstablishedLegsAsync(jobId, 2); // the agent's leg, then the simulated customer answering
        using var hungUp = await agent.PostAsync($"/api/calls/{jobId}/hang-up", null);
        Assert.Equal(HttpStatusCode.OK, hungUp.StatusCode);
        using var released = JsonDocument.Parse(await hungUp.Content.ReadAsStringAsync());
        Assert.All(released.RootElement.GetProperty("channels").EnumerateArray(), c => Assert.Equal("RELEASED", c.GetProperty("state").GetString()));

        string row = await HistoryRowAsync(agent, jobId);
        Assert.Contains("Outbound", row);
        Assert.Contains("01062345678", row);
        Assert.Contains("Sun Hao", row);
        Assert.Contains("Bob Li", row);
        Assert.Contains("Success", row);
        Assert.Contains($"href=\"recordings/{jobId}\"", row);

        using var noRedirect = await Sample.SignInAsync("agent2@ccc-local", followRedirects: false);
        using var link = await noRedirect.GetAsync($"/recordings/{jobId}");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Contains($"/_emulator/recordings/{jobId}.wav", link.Headers.Location!.ToString());
        byte[] wav = await agent.GetByteArrayAsync($"/recordings/{jobId}");
        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
    }

    [Fact]
    public async Task A_busy_customer_shows_in_the_history_as_not_answered_without_a_recording()
    {
        using var agent = await Sample.SignInAsync("agent3@ccc-local");
        using var placed = await agent.PostAsJsonAsync("/api/calls", new { customerId = "c-1005" });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        string jobId = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString()!;

        string row = await HistoryRowAsync(agent, jobId); // the line is busy after 1.5 s and the call ends by itself

        Assert.Contains("NoAnswer (Busy)", row);
        Assert.Contains("486 - Busy Here", row);
        Assert.DoesNotContain("recordings/", row);
        using var recording = await agent.GetAsync($"/recordings/{jobId}");
        Assert.Equal(HttpStatusCode.NotFound, recording.StatusCode);
        using var error = JsonDocument.Parse(await recording.Content.ReadAsStringAsync());
        Assert.Equal("NotExists.Recording", error.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task A_double_call_started_through_the_sample_bridges_agent_and_customer_and_reaches_the_history()
    {
        using var agent = await Sample.SignInAsync("agent1@ccc-local");
        using var started = await agent.PostAsJsonAsync("/api/double-calls", new { customerId = "c-1004", broker = "01050000002" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        using var call = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        string jobId = call.RootElement.GetProperty("jobId").GetString()!;
        Assert.Equal("BACK2BACK", call.RootElement.GetProperty("callType").GetString());
        var first = Assert.Single(call.RootElement.GetProperty("channels").EnumerateArray());
        Assert.Equal("13900000001", first.GetProperty("destination").GetString()); // the agent's own mobile is rung first

        await Sample.WaitForEstablishedLegsAsync(jobId, 2); // the agent's phone answers, then the customer
        using var hungUp = await agent.PostAsync($"/api/calls/{jobId}/hang-up", null);
        Assert.Equal(HttpStatusCode.OK, hungUp.StatusCode);

        string row = await HistoryRowAsync(agent, jobId); // the CRM noted agent1 placed it: no agent of the call center is on it
        Assert.Contains("Back2Back", row);
        Assert.Contains("13811112222", row);
        Assert.Contains("Wu Jing", row);
        Assert.Contains("Success", row);
    }

    [Fact]
    public async Task An_unknown_customer_is_refused_before_anything_is_sent_to_the_call_center()
    {
        using var agent = await Sample.SignInAsync("agent1@ccc-local");
        using var response = await agent.PostAsJsonAsync("/api/calls", new { customerId = "c-0000" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Crm.UnknownCustomer", error.RootElement.GetProperty("code").GetString());
    }

    /// <summary>Reads the history page until the call's row appears (its record arrives by webhook when the call ends).</summary>
    private static async Task<string> HistoryRowAsync(HttpClient agent, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string html = "";
        while (DateTime.UtcNow < deadline)
        {
            html = await agent.GetStringAsync("/history");
            // The ended calls' table (the page lists the calls in progress above it).
            int table = html.IndexOf("<table id=\"history\"", StringComparison.Ordinal);
            var row = Regex.Match(table < 0 ? "" : html[table..], $"<tr>(?:(?!</tr>).)*?{Regex.Escape(jobId)}.*?</tr>", RegexOptions.Singleline);
            if (row.Success)
            {
                return WebUtility.HtmlDecode(row.Value);
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{jobId} did not appear in the history:\n{html}");
        return "";
    }

    private static string Between(string html, string start, string end)
    {
        int i = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{start}' not found");
        int j = html.IndexOf(end, i, StringComparison.Ordinal);
        return html[i..j];
    }

    private static List<string> OptionValues(string html) =>
        [.. OptionValue().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<option value=\"([^\"]*)\"")]
    private static partial Regex OptionValue();
}
