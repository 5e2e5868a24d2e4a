using System.Net;
using System.Text.Json;
using Ccc.Sdk.AspNetCore.Events;
using Ccc.Sdk.Tests.Emulator.Calls;
using Ccc.Sdk.Webhooks;

namespace Ccc.Sdk.Tests.AspNetCore.Events;

/// <summary>
/// The webhook option as a user of the cloud would set it up (docs/events.md): our token in the address given to
/// UpdateSubscription, a receiver with <c>UseSharedToken</c>. The emulator plays the sender, posting to the address as
/// given; its own Standard Webhooks headers are ignored by this receiver.
/// </summary>
public sealed class WebhookTokenPushTests : CallTestBase
{
    private async Task<JsonElement> PushState()
    {
        var (status, body) = await Control(HttpMethod.Get, $"/_emulator/subscriptions/{Instance}");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(20);
        }
    }

    private async Task SubscribeAsync(string address) =>
        await Ok("UpdateSubscription", ("AccessPoint", address), ("ProducerId", "PID_Webhook"), ("DefaultTopic", "Topic_Webhook"),
            ("EventSubscriptionsJson", """[{"Name":"AgentCheckIn"},{"Name":"AgentReady"}]"""));

    [Fact]
    public async Task Deliveries_to_the_address_with_the_token_are_stored_and_with_a_wrong_token_refused()
    {
        string token = CccSharedTokenAuthenticator.NewToken();
        await using var host = await WebhookTestHost.StartAsync(o => o.UseSharedToken(t => t.Tokens.Add(token)), addSecret: false);

        await SubscribeAsync($"{host.Address}ccc/events?token={token}");
        await Ready(Agent1, Sales);

        await Until(async () => (await host.Inbox.ListAsync(new InboxQuery())).Count == 2, "two stored events");
        var stored = await host.Inbox.ListAsync(new InboxQuery());
        Assert.Equal(["AgentCheckIn", "AgentReady"], stored.Select(i => i.Event.EventType).Order(StringComparer.Ordinal));
        Assert.All(stored, i => Assert.StartsWith("sha256:", i.Event.DedupeKey, StringComparison.Ordinal));

        // The same address with another token: every delivery is refused (401), and the sender retries.
        await SubscribeAsync($"{host.Address}ccc/events?token={CccSharedTokenAuthenticator.NewToken()}");
        await Ok("SignOutGroup", ("UserId", Agent1));
        await Ready(Agent1, Sales);
        await Until(async () => (await PushState()).GetProperty("waitingForRetry").GetInt64() > 0, "a refused delivery waiting for its retry");
        Assert.Equal(2, (await host.Inbox.ListAsync(new InboxQuery())).Count);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 101 && r.Message.Contains(nameof(CccWebhookFailure.InvalidToken), StringComparison.Ordinal));
    }
}
