using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The sample CRM's customers, click-to-call, double call and call history, driven over HTTP against the sample's own
/// process. The <c>/api/…</c> endpoints call the same <c>CallDesk</c> as the pages' buttons. Each test uses its own
/// agent and customer, so the emulator's per-callee daily limit and agent states do not interfere.
/// </summary>
public sealed partial class SampleCallsTests(SampleCrmFixture fixture) : IClassFixture<SampleCrmFixture>
{
    private SampleProcess Sample => fixture.Sample;

    [Fact]
    public async Task The_customers_page_lists_the_directory_and_the_agents_to_call_as()
    {
        string html = await Sample.Http.GetStringAsync("/customers");

        Assert.Contains("<table id=\"customers\"", html);
        Assert.Contains("Liu Yang", html);
        Assert.Contains("02161234567", html);
        Assert.Contains("Sun Hao", html);
        Assert.Contains("01062345678", html);
        Assert.Contains("13912345678", html);
        Assert.Equal(6, Regex.Matches(html, "class=\"call\"").Count);
        Assert.Contains("value=\"agent1@ccc-local\"", html);
        Assert.Contains("value=\"agent3@ccc-local\"", html);
        Assert.Contains("id=\"simulated-phones\"", html);
        Assert.DoesNotContain("class=\"panel error\"", html);
    }

    [Fact]
    public async Task The_double_call_form_offers_only_outbound_capable_numbers_as_broker()
    {
        string html = await Sample.Http.GetStringAsync("/double-call");

        string brokers = Between(html, "<select id=\"broker\"", "</select>");
        Assert.Equal(["01050000002", "02150000001", "17150000003"], OptionValues(brokers).Order());
        Assert.DoesNotContain("4001234567", brokers); // inbound-only (FAQ N2)
        Assert.Equal(6, OptionValues(Between(html, "<select id=\"customer\"", "</select>")).Count);
        Assert.Contains("13900000001", Between(html, "<datalist id=\"agent-phones\"", "</datalist>"));
        Assert.DoesNotContain("class=\"panel error\"", html);
    }

    [Fact]
    public async Task A_call_placed_through_the_sample_ends_up_in_todays_history_with_its_recording()
    {
        using var placed = await Sample.Http.PostAsJsonAsync("/api/calls", new { agentId = "agent2@ccc-local", customerId = "c-1003" });
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
        using var hungUp = await Sample.Http.PostAsJsonAsync($"/api/calls/{jobId}/hang-up", new { agentId = "agent2@ccc-local" });
        Assert.Equal(HttpStatusCode.OK, hungUp.StatusCode);
        using var released = JsonDocument.Parse(await hungUp.Content.ReadAsStringAsync());
        Assert.All(released.RootElement.GetProperty("channels").EnumerateArray(), c => Assert.Equal("RELEASED", c.GetProperty("state").GetString()));

        string row = await HistoryRowAsync(jobId);
        Assert.Contains("Outbound", row);
        Assert.Contains("01062345678", row);
        Assert.Contains("Sun Hao", row);
        Assert.Contains("Bob Li", row);
        Assert.Contains("Success", row);
        Assert.Contains($"href=\"recordings/{jobId}\"", row);

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Sample.Address };
        using var link = await noRedirect.GetAsync($"/recordings/{jobId}");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Contains($"/_emulator/recordings/{jobId}.wav", link.Headers.Location!.ToString());
        byte[] wav = await Sample.Http.GetByteArrayAsync($"/recordings/{jobId}");
        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
    }

    [Fact]
    public async Task A_busy_customer_shows_in_the_history_as_not_answered_without_a_recording()
    {
        using var placed = await Sample.Http.PostAsJsonAsync("/api/calls", new { agentId = "agent3@ccc-local", customerId = "c-1005" });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        string jobId = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString()!;

        string row = await HistoryRowAsync(jobId); // the line is busy after 1.5 s and the call ends by itself

        Assert.Contains("NoAnswer (Busy)", row);
        Assert.Contains("486 - Busy Here", row);
        Assert.DoesNotContain("recordings/", row);
        using var recording = await Sample.Http.GetAsync($"/recordings/{jobId}");
        Assert.Equal(HttpStatusCode.NotFound, recording.StatusCode);
        using var error = JsonDocument.Parse(await recording.Content.ReadAsStringAsync());
        Assert.Equal("NotExists.Recording", error.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task A_double_call_started_through_the_sample_bridges_agent_and_customer_and_reaches_the_history()
    {
        using var started = await Sample.Http.PostAsJsonAsync("/api/double-calls", new { agentPhone = "13900000001", customerId = "c-1004", broker = "01050000002" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        using var call = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        string jobId = call.RootElement.GetProperty("jobId").GetString()!;
        Assert.Equal("BACK2BACK", call.RootElement.GetProperty("callType").GetString());
        var first = Assert.Single(call.RootElement.GetProperty("channels").EnumerateArray());
        Assert.Equal("13900000001", first.GetProperty("destination").GetString()); // the agent is rung first

        await Sample.WaitForEstablishedLegsAsync(jobId, 2); // the agent's phone answers, then the customer
        using var hungUp = await Sample.Http.PostAsync($"/api/calls/{jobId}/hang-up", null);
        Assert.Equal(HttpStatusCode.OK, hungUp.StatusCode);

        string row = await HistoryRowAsync(jobId);
        Assert.Contains("Back2Back", row);
        Assert.Contains("13811112222", row);
        Assert.Contains("Wu Jing", row);
        Assert.Contains("Success", row);
    }

    [Fact]
    public async Task A_refused_call_returns_the_cloud_code_and_request_id_and_no_secret()
    {
        using var response = await Sample.Http.PostAsJsonAsync("/api/calls", new { agentId = "nobody@ccc-local", customerId = "c-1006" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        using var error = JsonDocument.Parse(body);
        Assert.StartsWith("NotExists", error.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("requestId").GetString()));
        Assert.DoesNotContain("CccEmulatorDevSecret", body);
        Assert.DoesNotContain("Signature", body);
    }

    [Fact]
    public async Task An_unknown_customer_is_refused_before_anything_is_sent_to_the_call_center()
    {
        using var response = await Sample.Http.PostAsJsonAsync("/api/calls", new { agentId = "agent1@ccc-local", customerId = "c-0000" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Crm.UnknownCustomer", error.RootElement.GetProperty("code").GetString());
    }

    /// <summary>Reads the history page until the call's row appears (its record arrives by webhook when the call ends).</summary>
    private async Task<string> HistoryRowAsync(string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string html = "";
        while (DateTime.UtcNow < deadline)
        {
            html = await Sample.Http.GetStringAsync("/history");
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
