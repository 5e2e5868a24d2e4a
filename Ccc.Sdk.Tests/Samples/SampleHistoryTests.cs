using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ccc.Sdk.Webhooks;

namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The sample CRM's call history fed by webhooks, through the sample's own process: its embedded emulator pushes call
/// events and CDRs to the CRM's <c>/ccc/events</c>, the dispatcher's handlers keep the CRM's history table, and the
/// reconciliation sweep brings records whose push was lost. Read through <c>GET /api/history</c>.
/// </summary>
public sealed class SampleHistoryTests
{
    [Fact]
    public async Task A_call_placed_through_the_sample_is_in_progress_then_in_the_history_by_webhook()
    {
        await using var sample = await SampleProcess.StartAsync();
        using var agent = await sample.SignInAsync("agent1@ccc-local");

        using var placed = await agent.PostAsJsonAsync("/api/calls", new { customerId = "c-1001" });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        string jobId = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString()!;
        await sample.WaitForEstablishedLegsAsync(jobId, 2);

        // While it talks: the call events pushed so far show it in progress, the customer resolved.
        var live = await WaitForAsync(sample, agent, h => h.InProgress.FirstOrDefault(c => c.ContactId == jobId && c.State == "Established"), $"{jobId} in progress");
        Assert.Equal("OUTBOUND", live.CallType);
        Assert.Equal("02161234567", live.Callee);
        Assert.Equal("c-1001", live.CustomerId);
        Assert.Equal("Liu Yang", live.CustomerName);
        Assert.Equal("agent1@ccc-local", live.AgentId);
        Assert.DoesNotContain((await HistoryAsync(agent)).Calls, c => c.ContactId == jobId);

        using var hungUp = await agent.PostAsync($"/api/calls/{jobId}/hang-up", null);
        Assert.Equal(HttpStatusCode.OK, hungUp.StatusCode);

        var row = await WaitForAsync(sample, agent, h => h.Calls.FirstOrDefault(c => c.ContactId == jobId), $"{jobId} in the history");
        Assert.Equal("push", row.Source); // its CDRReady reached the CRM's inbox as a webhook, not through the sweep
        Assert.Equal("Outbound", row.ContactType);
        Assert.Equal("02161234567", row.CustomerNumber);
        Assert.Equal("c-1001", row.CustomerId);
        Assert.Equal("Liu Yang", row.CustomerName);
        Assert.Equal("agent1@ccc-local", row.AgentIds);
        Assert.Equal("Alice Wang", row.AgentNames);
        Assert.Equal("Success", row.Disposition);
        Assert.True(row.RecordingAvailable);
        Assert.NotNull(row.DurationSeconds);
        Assert.InRange(row.StartTime, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);
        Assert.DoesNotContain((await HistoryAsync(agent)).InProgress, c => c.ContactId == jobId);

        // The emulator delivered to the CRM's own endpoint, and every delivery was accepted.
        using var subscription = JsonDocument.Parse(await sample.Http.GetStringAsync(new Uri(sample.EmulatorAddress, "/_emulator/subscriptions/ccc-local")));
        Assert.Equal(new Uri(sample.Address, "/ccc/events").ToString(), subscription.RootElement.GetProperty("accessPoint").GetString());
        Assert.True(subscription.RootElement.GetProperty("delivered").GetInt32() > 0);
        Assert.Equal(0, subscription.RootElement.GetProperty("failed").GetInt32());

        // The page shows the same row, source and recording link included.
        string html = WebUtility.HtmlDecode(await agent.GetStringAsync("/history"));
        Assert.Contains(jobId, html);
        Assert.Contains($"href=\"recordings/{jobId}\"", html);
        Assert.Contains("<td class=\"source\">push</td>", html);
    }

    [Fact]
    public async Task The_webhook_endpoint_needs_a_signature_and_no_sign_in_or_antiforgery_token()
    {
        await using var sample = await SampleProcess.StartAsync();
        byte[] body = Encoding.UTF8.GetBytes("""{"eventType":"AgentReady","eventTime":"2026-11-26T02:34:00.447Z","instanceId":"ccc-local","agentId":"agent1@ccc-local"}""");

        using var unsigned = await sample.Http.PostAsync("/ccc/events", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.DoesNotContain("Sign in", await unsigned.Content.ReadAsStringAsync()); // the endpoint's refusal, not the cookie's

        // Signed with the secret the sample gave its emulator (read back from the emulator's control API): stored.
        using var subscription = JsonDocument.Parse(await sample.Http.GetStringAsync(new Uri(sample.EmulatorAddress, "/_emulator/subscriptions/ccc-local")));
        string secret = subscription.RootElement.GetProperty("secrets")[0].GetString()!;
        string id = CccWebhookSigner.NewWebhookId();
        var now = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/events") { Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } } };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", CccWebhookSigner.Sign(secret, id, now, body));
        using var signed = await sample.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, signed.StatusCode);
    }

    [Fact]
    public async Task The_history_survives_a_restart_of_the_sample()
    {
        string data = Directory.CreateTempSubdirectory("ccc-sample-crm-restart-").FullName;
        try
        {
            string jobId;
            await using (var first = await SampleProcess.StartAsync(data))
            {
                using var agent = await first.SignInAsync("agent3@ccc-local");
                jobId = await PlaceBusyCallAsync(agent);
                var row = await WaitForAsync(first, agent, h => h.Calls.FirstOrDefault(c => c.ContactId == jobId), $"{jobId} in the history");
                Assert.Equal("push", row.Source);
            }

            // A new process, with a new embedded emulator that never saw the call: the row is the CRM's own data.
            await using var second = await SampleProcess.StartAsync(data);
            using var again = await second.SignInAsync("agent3@ccc-local");
            var history = await HistoryAsync(again);
            var kept = Assert.Single(history.Calls, c => c.ContactId == jobId);
            Assert.Equal("Zheng Lei", kept.CustomerName);
            Assert.Equal("NoAnswer", kept.Disposition);
            Assert.Equal("Busy", kept.EarlyMediaState);
            Assert.Equal("486 - Busy Here", kept.ReleaseReason);
            Assert.Equal("agent3@ccc-local", kept.AgentIds);
            Assert.False(kept.RecordingAvailable);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_call_whose_pushes_are_all_lost_reaches_the_history_through_the_reconciliation_sweep()
    {
        await using var sample = await SampleProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["Crm__Events__Reconciliation__Interval"] = "00:00:01",
            ["Crm__Events__Reconciliation__Delay"] = "00:00:00",
        });
        using var chaos = await sample.Http.PutAsync(new Uri(sample.EmulatorAddress, "/_emulator/subscriptions/ccc-local/chaos"),
            new StringContent("""{"drop":1.0}""", Encoding.UTF8, "application/json"));
        Assert.True(chaos.IsSuccessStatusCode);

        using var agent = await sample.SignInAsync("agent3@ccc-local");
        string jobId = await PlaceBusyCallAsync(agent);

        var row = await WaitForAsync(sample, agent, h => h.Calls.FirstOrDefault(c => c.ContactId == jobId), $"{jobId} in the history");
        Assert.Equal("sweep", row.Source);
        Assert.Equal("Zheng Lei", row.CustomerName);
        Assert.Equal("NoAnswer", row.Disposition);
        using var subscription = JsonDocument.Parse(await sample.Http.GetStringAsync(new Uri(sample.EmulatorAddress, "/_emulator/subscriptions/ccc-local")));
        Assert.True(subscription.RootElement.GetProperty("dropped").GetInt32() > 0);
        Assert.Equal(0, subscription.RootElement.GetProperty("delivered").GetInt32());
    }

    /// <summary>Calls the customer whose line is busy: the call ends by itself after 1.5 s.</summary>
    private static async Task<string> PlaceBusyCallAsync(HttpClient agent)
    {
        using var placed = await agent.PostAsJsonAsync("/api/calls", new { customerId = "c-1005" });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        return JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString()!;
    }

    private static async Task<HistoryDto> HistoryAsync(HttpClient agent) =>
        (await agent.GetFromJsonAsync<HistoryDto>("/api/history", Json))!;

    private static async Task<T> WaitForAsync<T>(SampleProcess sample, HttpClient agent, Func<HistoryDto, T?> find, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HistoryDto history;
        do
        {
            history = await HistoryAsync(agent);
            if (find(history) is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"No {what} after 30 s: {JsonSerializer.Serialize(history, Json)}\n{string.Join('\n', sample.Output.TakeLast(40))}");
        return null!;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record HistoryDto(List<RowDto> Calls, List<LiveDto> InProgress);

    private sealed record RowDto(
        string ContactId, string ContactType, string CallingNumber, string CalledNumber, string CustomerNumber, string? CustomerId,
        string? CustomerName, string AgentIds, string AgentNames, string Disposition, string EarlyMediaState, string ReleaseReason,
        DateTimeOffset StartTime, long? DurationSeconds, bool RecordingAvailable, string Source, DateTimeOffset RecordedAt);

    private sealed record LiveDto(
        string ContactId, string CallType, string Caller, string Callee, string? CustomerId, string? CustomerName, string AgentId,
        string State, DateTimeOffset Since, DateTimeOffset LastEventAt);
}
