using System.Net;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Emulator.Events;

/// <summary>UpdateSubscription (docs/reference/events.md) and its read-back GetSubscription: round trip and validation.</summary>
public sealed class SubscriptionActionTests : EventTestBase
{
    private const string Selection = """[{"Name":"Dialing","Disabled":false},{"Name":"CDRReady"},{"Name":"Ringing","Disabled":true}]""";

    [Fact]
    public async Task UpdateSubscription_then_GetSubscription_returns_what_was_stored_without_the_password()
    {
        var updated = await Ok("UpdateSubscription", ("AccessPoint", Receiver.Url), ("EventSubscriptionsJson", Selection),
            ("ProducerId", "PID_Webhook"), ("DefaultTopic", "Topic_Webhook"), ("Username", "crm"), ("Password", "s3cret-pw"), ("AliyunUid", "1234"));
        var read = await Ok("GetSubscription");

        Assert.Equal(updated.ToString(), read.ToString());
        Assert.Equal(Receiver.Url, Str(read, "AccessPoint"));
        Assert.Equal(Selection, Str(read, "EventSubscriptionsJson"));
        Assert.Equal(["Dialing:False", "CDRReady:False", "Ringing:True"],
            read.GetProperty("EventSubscriptions").EnumerateArray().Select(e => $"{Str(e, "Name")}:{e.GetProperty("Disabled").GetBoolean()}"));
        Assert.Equal(("PID_Webhook", "Topic_Webhook", "crm", "1234"), (Str(read, "ProducerId"), Str(read, "DefaultTopic"), Str(read, "Username"), Str(read, "AliyunUid")));
        Assert.True(read.GetProperty("PasswordSet").GetBoolean());
        Assert.DoesNotContain("s3cret-pw", read.ToString(), StringComparison.Ordinal);
        Assert.False(read.TryGetProperty("Password", out _));
        var state = await State();
        Assert.Equal(["CDRReady", "Dialing"], state.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("s3cret-pw", state.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_UpdateSubscription_replaces_the_first_and_keeps_the_secret()
    {
        await Subscribe("CDRReady");
        var secrets = await Secrets();
        await Ok("UpdateSubscription", ("AccessPoint", "https://crm.example.com/ccc/events"), ("EventSubscriptionsJson", """[{"Name":"AgentReady"}]"""));

        var read = await Ok("GetSubscription");
        Assert.Equal("https://crm.example.com/ccc/events", Str(read, "AccessPoint"));
        Assert.Equal("PID_Webhook", Str(read, "ProducerId")); // an http(s) AccessPoint is a webhook
        Assert.Equal(secrets, await Secrets());
    }

    [Fact]
    public async Task A_RocketMQ_subscription_is_stored_and_read_back_but_not_a_webhook()
    {
        await Ok("UpdateSubscription", ("AccessPoint", "rmq-cn-xxx.cn-shanghai.rmq.aliyuncs.com:8080"), ("EventSubscriptionsJson", Selection),
            ("ProducerId", "GID_crm"), ("DefaultTopic", "ccc_events"), ("MqType", "rocketmq5"), ("MqInstanceId", "rmq-cn-xxx"));
        var read = await Ok("GetSubscription");
        Assert.False(read.GetProperty("IsWebhook").GetBoolean());
        Assert.Equal(("GID_crm", "ccc_events", "rocketmq5"), (Str(read, "ProducerId"), Str(read, "DefaultTopic"), Str(read, "MqType")));
    }

    [Theory]
    [InlineData("AccessPoint", "", "MissingAccessPoint")]
    [InlineData("EventSubscriptionsJson", "", "MissingEventSubscriptionsJson")]
    [InlineData("EventSubscriptionsJson", "not json", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """{"Name":"Dialing"}""", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """[{"Disabled":false}]""", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """[{"Name":"Dialing","Disabled":"no"}]""", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """[{"Name":"PhoneExploded"}]""", "Parameter.Invalid")]
    [InlineData("AccessPoint", "ftp://127.0.0.1/hook", "Parameter.Format")]
    [InlineData("AccessPoint", "not a url", "Parameter.Format")]
    [InlineData("ProducerId", "GID_other", "Parameter.Invalid")]
    [InlineData("DefaultTopic", "other_topic", "Parameter.Invalid")]
    public async Task Invalid_parameters_give_the_references_codes(string name, string value, string code)
    {
        var parameters = new Dictionary<string, string>
        {
            ["InstanceId"] = Instance,
            ["AccessPoint"] = Receiver.Url,
            ["EventSubscriptionsJson"] = Selection,
            ["ProducerId"] = "PID_Webhook",
            ["DefaultTopic"] = "Topic_Webhook",
        };
        parameters[name] = value;
        if (name == "AccessPoint" && value == "not a url")
        {
            parameters.Remove("DefaultTopic"); // PID_Webhook alone makes it a webhook
        }

        var r = await H.CallAsync("UpdateSubscription", parameters.Where(p => p.Value.Length > 0));
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal(code, r.Code);
        var read = await Call("GetSubscription");
        Assert.Equal("NotExists.Subscription", read.Code); // nothing was stored
    }

    [Fact]
    public async Task A_RocketMQ_subscription_needs_ProducerId_and_DefaultTopic()
    {
        var r = await Call("UpdateSubscription", ("AccessPoint", "rmq.example:8080"), ("EventSubscriptionsJson", Selection));
        Assert.Equal(("Parameter.Blank", HttpStatusCode.BadRequest), (r.Code, r.Status));
    }

    [Fact]
    public async Task GetSubscription_of_an_instance_never_subscribed_or_unknown_is_404()
    {
        var none = await Call("GetSubscription");
        Assert.Equal((HttpStatusCode.NotFound, "NotExists.Subscription"), (none.Status, none.Code));
        var unknown = await H.CallAsync("GetSubscription", ("InstanceId", "nope"));
        Assert.Equal((HttpStatusCode.NotFound, "NotExists.InstanceId"), (unknown.Status, unknown.Code));
        var missing = await H.CallAsync("GetSubscription");
        Assert.Equal("MissingInstanceId", missing.Code);
        var (status, _) = await Control(HttpMethod.Get, $"/_emulator/subscriptions/{Instance}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task A_configured_webhook_secret_is_used_for_new_subscriptions()
    {
        await Subscribe("CDRReady");
        Assert.Single(await Secrets());
        Assert.StartsWith("whsec_", (await Secrets())[0], StringComparison.Ordinal);
        await using var configured = await EmulatorHarness.StartAsync(o => o.WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var r = await configured.CallAsync("UpdateSubscription", ("InstanceId", Instance), ("AccessPoint", Receiver.Url), ("EventSubscriptionsJson", Selection));
        Assert.Equal("OK", r.Code);
        var body = await configured.Http.GetStringAsync($"/_emulator/subscriptions/{Instance}");
        Assert.Contains("\"secrets\":[\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_webhook_options_are_refused_at_start()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { WebhookSecret = "secret" }));
        var shortKey = await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { WebhookSecret = "whsec_" + Convert.ToBase64String(new byte[23]) }));
        Assert.Contains("24 bytes", shortKey.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { WebhookChaos = new CccEmulatorWebhookChaos { Duplicate = 2 } }));
        await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { WebhookQueueCapacity = 0 }));
    }
}
