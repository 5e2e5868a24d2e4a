using System.Net.Http.Json;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Tests.Cli;

/// <summary>
/// <c>ccc listen --forward-to</c> run as a process against an in-process emulator, with a real receiver that verifies
/// every push through Ccc.Sdk's webhook verifier with the secret listen printed; <c>ccc trigger</c> and
/// <c>ccc events resend</c> run beside it.
/// </summary>
public sealed class ListenCommandTests : EmulatorCommandTestBase
{
    [Fact]
    public async Task Forwards_verifiable_pushes_says_when_the_receiver_is_down_resends_when_it_is_back_and_stops_cleanly()
    {
        await using var receiver = new VerifyingReceiver(FreePort.Next());
        await receiver.StartAsync();
        await using var listen = RunningCli.Start("listen", "--forward-to", receiver.Url, "--endpoint", Endpoint, "--events", "Route2IVR,Enqueue");
        var secretLine = await listen.WaitForLineAsync(l => l.StartsWith("Your receiver's secret: ", StringComparison.Ordinal), "the secret");
        receiver.Secret = secretLine["Your receiver's secret: ".Length..].Trim();
        Assert.StartsWith("whsec_", receiver.Secret, StringComparison.Ordinal);
        Assert.Contains(listen.Stdout, l => l.Contains("not a cloud credential", StringComparison.Ordinal));
        Assert.Equal(receiver.Secret, (await Subscription()).GetProperty("secrets")[0].GetString());

        // A call: its pushes reach the receiver unchanged (they verify), and listen prints a line per event.
        var first = await Trigger("13800000011");
        var pushed = await receiver.WaitForAsync(p => p.ContactId == first && p.EventType == "Route2IVR", "Route2IVR of the first call");
        Assert.True(pushed.Verified, "the forwarded push verifies with the printed secret");
        var line = await listen.WaitForLineAsync(l => l.Contains("Route2IVR", StringComparison.Ordinal) && l.Contains(first, StringComparison.Ordinal), "the first call's line");
        Assert.Contains("-> 200", line, StringComparison.Ordinal);
        Assert.Matches(@"\d+ ms$", line);

        // The receiver is down: the line says so, and the emulator counts a failed attempt to retry.
        await receiver.StopAsync();
        var second = await Trigger("13800000012");
        var down = await listen.WaitForLineAsync(l => l.Contains("Route2IVR", StringComparison.Ordinal) && l.Contains(second, StringComparison.Ordinal), "the second call's line");
        Assert.Contains("receiver down", down, StringComparison.Ordinal);
        Assert.Contains("retry", down, StringComparison.Ordinal);
        var listed = await CliRunner.RunAsync(["events", "list", "--contact", second, "--endpoint", Endpoint, "--json"]);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using var rows = JsonDocument.Parse(listed.Stdout);
        var route = rows.RootElement.EnumerateArray().First(r => r.GetProperty("eventType").GetString() == "Route2IVR");
        Assert.Equal("502", route.GetProperty("lastAnswer").GetString());
        var id = route.GetProperty("id").GetString()!;

        // Back up: resend delivers that event (same webhook-id), verifiable, and listen prints it.
        await receiver.StartAsync();
        var resent = await CliRunner.RunAsync(["events", "resend", id, "--endpoint", Endpoint]);
        Assert.True(resent.ExitCode == 0, resent.ToString());
        Assert.Contains("the receiver answered 200", resent.Stdout, StringComparison.Ordinal);
        var redelivered = await receiver.WaitForAsync(p => p.ContactId == second && p.EventType == "Route2IVR", "the resent Route2IVR");
        Assert.True(redelivered.Verified);
        Assert.Equal(route.GetProperty("webhookId").GetString(), redelivered.WebhookId);
        await listen.WaitForLineAsync(l => l.Contains(second, StringComparison.Ordinal) && l.Contains("-> 200", StringComparison.Ordinal), "the resent event's line");

        // SIGTERM: exit 0, and with no subscription before, nothing is pushed any more.
        Assert.Equal(0, await listen.TerminateAsync());
        Assert.Contains(listen.Stdout, l => l.StartsWith("Stopped", StringComparison.Ordinal));
        Assert.Equal(0, (await Subscription()).GetProperty("eventTypes").GetArrayLength());
    }

    [Fact]
    public async Task Keeps_the_previous_subscriptions_types_and_secret_and_puts_it_back_on_SIGTERM()
    {
        using (var client = new CccClient(new CccClientOptions { Endpoint = Emulator.Endpoint, AccessKeyId = CccEmulator.DevAccessKeyId, AccessKeySecret = CccEmulator.DevAccessKeySecret, InstanceId = Emulator.InstanceId }))
        {
            await client.UpdateSubscriptionAsync(new UpdateSubscriptionRequest { AccessPoint = "http://127.0.0.1:9/previous?token=kept", EventSubscriptionsJson = "[{\"Name\":\"AgentReady\"},{\"Name\":\"CDRReady\"}]" });
        }

        var before = await Subscription();
        await using var receiver = new VerifyingReceiver(FreePort.Next());
        await receiver.StartAsync();
        await using var listen = RunningCli.Start("listen", "--forward-to", receiver.Url, "--endpoint", Endpoint, "--json");
        await Poll.UntilAsync(() => listen.Stderr.Any(l => l.StartsWith("Your receiver's secret: ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the secret on stderr");
        var during = await Subscription();
        Assert.NotEqual(before.GetProperty("accessPoint").GetString(), during.GetProperty("accessPoint").GetString());
        Assert.Equal(["AgentReady", "CDRReady"], during.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(before.GetProperty("secrets")[0].GetString(), listen.Stderr.First(l => l.StartsWith("Your receiver's secret: ", StringComparison.Ordinal))["Your receiver's secret: ".Length..]);
        Assert.Empty(listen.Stdout); // --json: stdout is for event lines only

        Assert.Equal(0, await listen.TerminateAsync());
        var after = await Subscription();
        Assert.Equal("http://127.0.0.1:9/previous?token=kept", after.GetProperty("accessPoint").GetString());
        Assert.Equal(before.GetProperty("eventSubscriptionsJson").GetString(), after.GetProperty("eventSubscriptionsJson").GetString());
        Assert.Equal(before.GetProperty("secrets").ToString(), after.GetProperty("secrets").ToString());
    }

    [Fact]
    public async Task Without_forward_to_it_is_a_usage_error_and_against_something_else_it_says_not_an_emulator()
    {
        var missing = await CliRunner.RunAsync(["listen", "--endpoint", Endpoint]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--forward-to", missing.Stderr, StringComparison.Ordinal);

        await using var other = await NotAnEmulator.StartAsync();
        var wrong = await CliRunner.RunAsync(["listen", "--forward-to", "http://127.0.0.1:5000/ccc/events", "--endpoint", other.Url]);
        Assert.True(wrong.ExitCode == 3, wrong.ToString());
        Assert.Contains("is not a CCC emulator", Assert.Single(wrong.Stderr.Trim().Split('\n')), StringComparison.Ordinal);
    }

    private async Task<string> Trigger(string from)
    {
        var result = await CliRunner.RunAsync(["trigger", "inbound-call", "--from", from, "--endpoint", Endpoint, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("contactId").GetString()!;
    }

    private async Task<JsonElement> Subscription() =>
        await Http.GetFromJsonAsync<JsonElement>(new Uri(Emulator.Endpoint, "/_emulator/subscriptions/" + Emulator.InstanceId));
}
