using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Events;
using Ccc.Sdk.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.Tests.Integration;

/// <summary>
/// The emulator's event push against the SDK's receiving side, over real HTTP on loopback: every delivery of a call
/// verifies with <see cref="CccWebhookVerifier"/> and parses with <see cref="CccEventParser"/> into the typed event
/// its type names. The emulator signs with its own code (it never references Ccc.Sdk), so a disagreement shows here.
/// </summary>
public sealed class EventPushWireTests
{
    [Fact]
    public async Task Every_push_of_an_inbound_call_verifies_and_parses_into_its_typed_event()
    {
        string secret = CccWebhookSigner.NewSecret();
        var received = new ConcurrentQueue<(CccEvent? Event, string? Error)>();
        var verifier = new CccWebhookVerifier([secret]);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/ccc/events", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            try
            {
                verifier.Verify(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body.ToArray());
                received.Enqueue((CccEventParser.Parse(body.ToArray()), null));
                return Results.NoContent();
            }
            catch (Exception e) when (e is CccWebhookVerificationException or CccEventFormatException)
            {
                received.Enqueue((null, e.Message));
                return Results.BadRequest();
            }
        });
        await app.StartAsync();

        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { WebhookSecret = secret });
        using var client = new CccClient(
            new AccessKeyCredential(emulator.AccessKeyId, emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = emulator.Endpoint, InstanceId = emulator.InstanceId });
        var types = new[] { "Route2IVR", "AssignAgent", "Ringing", "AgentRinging", "AgentTalk", "Established", "Released", "AgentRelease", "CDRReady" };
        await client.SendAsync(new ApiRequest("UpdateSubscription")
            .With("AccessPoint", app.Urls.First() + "/ccc/events")
            .With("ProducerId", "PID_Webhook")
            .With("DefaultTopic", "Topic_Webhook")
            .With("EventSubscriptionsJson", JsonSerializer.Serialize(types.Select(t => new { Name = t, Disabled = false }))));

        await client.SignInGroupAsync(new SignInGroupRequest { UserId = "agent1@ccc-local", DeviceId = "wire-test", SignedSkillGroupIdList = ["sales@ccc-local"] });
        await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = "agent1@ccc-local" });
        using var http = new HttpClient { BaseAddress = emulator.Endpoint };
        await http.PutAsJsonAsync("/_emulator/phones/13800000009", new { behavior = "answer", answerAfterMs = 0, hangUpAfterMs = 300 });
        using var dialed = await http.PostAsJsonAsync("/_emulator/calls/inbound", new { from = "13800000009", to = "02150000001", userName = "agent1" });
        dialed.EnsureSuccessStatusCode();
        string contactId = JsonDocument.Parse(await dialed.Content.ReadAsStringAsync()).RootElement.GetProperty("contactId").GetString()!;
        await client.SendAsync(new ApiRequest("AnswerCall").With("UserId", "agent1@ccc-local").With("JobId", contactId));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!received.Any(r => r.Event is CccCdrReadyEvent) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Empty(received.Where(r => r.Error is not null).Select(r => r.Error));
        var events = received.Select(r => r.Event!).ToList();
        Assert.Equal(types.ToHashSet(), events.Select(e => e.EventType).ToHashSet());
        Assert.All(events, e => Assert.Equal(emulator.InstanceId, e.InstanceId));
        Assert.All(events.Where(e => e.EventType != "AgentReady"), e => Assert.Equal(contactId, e.ContactId));
        Assert.All(events.Where(e => e.EventType.StartsWith("Agent", StringComparison.Ordinal)), e => Assert.IsType<CccAgentEvent>(e));
        Assert.All(events.Where(e => e.EventType is "Ringing" or "Established" or "Released"), e => Assert.IsType<CccCallEvent>(e));

        var cdr = Assert.IsType<CccCdrReadyEvent>(events.Single(e => e.EventType == "CDRReady"));
        Assert.Equal("Success", cdr.DispositionCode);
        Assert.Equal(["agent1@ccc-local"], cdr.AgentIds);
        Assert.NotNull(cdr.EstablishedTime);
        Assert.True(cdr.EndTime >= cdr.StartTime);
    }
}
