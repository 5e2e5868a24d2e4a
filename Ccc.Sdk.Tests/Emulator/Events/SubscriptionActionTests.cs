using System.Net;
using System.Text.Json;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Emulator.Description;

namespace Ccc.Sdk.Tests.Emulator.Events;

/// <summary>
/// UpdateSubscription with the cloud's parameters and exactly the cloud's response model (api/ccc-api-2020-07-01.json),
/// for a webhook address and for a RocketMQ 5 subscription; the read-back through the control API (decisions/0004);
/// validation.
/// </summary>
public sealed class SubscriptionActionTests : EventTestBase
{
    private const string Selection = """[{"Name":"Dialing","Disabled":false},{"Name":"CDRReady"},{"Name":"Ringing","Disabled":true}]""";
    private const string RocketMqAccessPoint = "rmq-cn-xxx.cn-shanghai.rmq.aliyuncs.com:8080";

    private static readonly ApiAction UpdateSubscription = ApiDescription.Default.Actions["UpdateSubscription"];

    private Task<ApiResponse> Update(params (string, string)[] query) => Call("UpdateSubscription", query);

    /// <summary>The control API's read-back of the instance's subscription.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> ReadBack(string instanceId = Instance) =>
        await Control(HttpMethod.Get, $"/_emulator/subscriptions/{instanceId}");

    /// <summary>A RocketMQ 5 subscription with every parameter the cloud takes; <paramref name="selection"/> replaces the default one.</summary>
    private async Task<ApiResponse> SubscribeRocketMq(string selection = Selection) => await Update(
        ("AccessPoint", RocketMqAccessPoint), ("EventSubscriptionsJson", selection), ("MqType", "rocketmq5"),
        ("MqInstanceId", "rmq-cn-xxx"), ("ProducerId", "GID_crm"), ("DefaultTopic", "ccc_events"), ("Username", "crm-user"),
        ("Password", "s3cret-pw"), ("AliyunUid", "1234567890123"));

    [Fact]
    public async Task The_answer_has_exactly_the_descriptions_fields_and_JSON_types_for_a_webhook_and_for_RocketMQ()
    {
        var webhook = await Update(("AccessPoint", Receiver.Url), ("EventSubscriptionsJson", Selection), ("AliyunUid", "1234"));
        Assert.True(webhook.Code == "OK", webhook.ToString());
        AssertMatches(UpdateSubscription.Response, webhook.Body, "$", requireAll: true);
        Assert.Equal(JsonValueKind.Array, webhook.Body.GetProperty("Params").ValueKind);

        var mq = await SubscribeRocketMq();
        Assert.True(mq.Code == "OK", mq.ToString());
        AssertMatches(UpdateSubscription.Response, mq.Body, "$", requireAll: true);
    }

    [Fact]
    public void The_schema_check_itself_catches_an_extra_field_a_wrong_type_and_a_missing_field()
    {
        var data = UpdateSubscription.Data!;
        const string Good = """{"AccessPoint":"a","EventList":[{"Disabled":false,"Name":"Dialing","Topic":"t"}],"InstanceId":"i","MqInstanceId":"","MqType":"","ProducerId":"p","Topic":"t","Username":""}""";
        AssertMatches(data, Parse(Good), "$", requireAll: true);

        Assert.ThrowsAny<Exception>(() => AssertMatches(data, Parse(Good.Replace("\"Username\":\"\"", "\"Username\":\"\",\"PasswordSet\":true", StringComparison.Ordinal)), "$", true));
        Assert.ThrowsAny<Exception>(() => AssertMatches(data, Parse(Good.Replace("\"Disabled\":false", "\"Disabled\":\"false\"", StringComparison.Ordinal)), "$", true));
        Assert.ThrowsAny<Exception>(() => AssertMatches(data, Parse(Good.Replace(",\"Topic\":\"t\"}", "}", StringComparison.Ordinal)), "$", true));
    }

    [Fact]
    public async Task A_webhook_subscription_answers_the_clouds_model_and_the_control_API_reads_it_back_without_the_password()
    {
        var updated = await Ok("UpdateSubscription", ("AccessPoint", Receiver.Url), ("EventSubscriptionsJson", Selection),
            ("ProducerId", "PID_Webhook"), ("DefaultTopic", "Topic_Webhook"), ("Username", "crm"), ("Password", "s3cret-pw"), ("AliyunUid", "1234"));

        Assert.Equal((Instance, Receiver.Url, "PID_Webhook", "Topic_Webhook", "crm", "", ""),
            (Str(updated, "InstanceId"), Str(updated, "AccessPoint"), Str(updated, "ProducerId"), Str(updated, "Topic"), Str(updated, "Username"), Str(updated, "MqType"), Str(updated, "MqInstanceId")));
        Assert.Equal(["Dialing:False:Topic_Webhook", "CDRReady:False:Topic_Webhook", "Ringing:True:Topic_Webhook"],
            updated.GetProperty("EventList").EnumerateArray().Select(e => $"{Str(e, "Name")}:{e.GetProperty("Disabled").GetBoolean()}:{Str(e, "Topic")}"));
        Assert.DoesNotContain("s3cret-pw", updated.ToString(), StringComparison.Ordinal);

        var (status, state) = await ReadBack();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(updated.ToString(), state.GetProperty("subscription").ToString()); // the same object as the answer
        Assert.True(state.GetProperty("isWebhook").GetBoolean());
        Assert.Equal(Selection, Str(state, "eventSubscriptionsJson"));
        Assert.Equal(1234L, state.GetProperty("aliyunUid").GetInt64());
        Assert.True(state.GetProperty("passwordSet").GetBoolean());
        Assert.Equal(["CDRReady", "Dialing"], state.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("s3cret-pw", state.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_RocketMQ_5_subscription_is_stored_and_read_back_and_nothing_is_delivered_to_it()
    {
        var selection = """[{"Name":"AgentCheckIn"},{"Name":"AgentReady","Topic":"ccc_agents"},{"Name":"CDRReady","Disabled":true}]""";
        var r = await SubscribeRocketMq(selection);
        Assert.True(r.Code == "OK", r.ToString());
        var data = r.Data;

        Assert.Equal((RocketMqAccessPoint, "rocketmq5", "rmq-cn-xxx", "GID_crm", "ccc_events", "crm-user"),
            (Str(data, "AccessPoint"), Str(data, "MqType"), Str(data, "MqInstanceId"), Str(data, "ProducerId"), Str(data, "Topic"), Str(data, "Username")));
        Assert.Equal(["AgentCheckIn:ccc_events", "AgentReady:ccc_agents", "CDRReady:ccc_events"],
            data.GetProperty("EventList").EnumerateArray().Select(e => $"{Str(e, "Name")}:{Str(e, "Topic")}"));
        Assert.False(data.TryGetProperty("Password", out _));
        Assert.DoesNotContain("s3cret-pw", r.RawBody, StringComparison.Ordinal);

        var (_, state) = await ReadBack();
        Assert.Equal(data.ToString(), state.GetProperty("subscription").ToString());
        Assert.False(state.GetProperty("isWebhook").GetBoolean());
        Assert.Equal(1234567890123L, state.GetProperty("aliyunUid").GetInt64());
        Assert.True(state.GetProperty("passwordSet").GetBoolean());
        Assert.DoesNotContain("s3cret-pw", state.ToString(), StringComparison.Ordinal);

        // Subscribed events happen, but the emulator does not speak MQ: nothing is queued, sent or counted as failed.
        await Ready(Agent1, Sales);
        var after = await State();
        Assert.Equal((0L, 0L, 0L, 0L), (Count(after, "pending"), Count(after, "delivered"), Count(after, "failed"), Count(after, "attempts")));
        Assert.Empty(Receiver.Accepted);
    }

    [Fact]
    public async Task An_explicit_MqType_makes_even_an_http_access_point_a_queue_and_the_webhook_markers_a_webhook()
    {
        var mq = await Update(("AccessPoint", "http://mq.example:8080"), ("EventSubscriptionsJson", Selection), ("MqType", "rocketmq5"),
            ("ProducerId", "GID_crm"), ("DefaultTopic", "ccc_events"));
        Assert.True(mq.Code == "OK", mq.ToString());
        Assert.False((await State()).GetProperty("isWebhook").GetBoolean());

        var hook = await Update(("AccessPoint", Receiver.Url), ("EventSubscriptionsJson", Selection), ("ProducerId", "PID_Webhook"));
        Assert.Equal("Topic_Webhook", Str(hook.Data, "Topic")); // filled in
        Assert.True((await State()).GetProperty("isWebhook").GetBoolean());
    }

    [Fact]
    public async Task A_second_UpdateSubscription_replaces_the_first_and_keeps_the_secret()
    {
        await Subscribe("CDRReady");
        var secrets = await Secrets();
        await Ok("UpdateSubscription", ("AccessPoint", "https://crm.example.com/ccc/events"), ("EventSubscriptionsJson", """[{"Name":"AgentReady"}]"""));

        var (_, state) = await ReadBack();
        var read = state.GetProperty("subscription");
        Assert.Equal("https://crm.example.com/ccc/events", Str(read, "AccessPoint"));
        Assert.Equal("PID_Webhook", Str(read, "ProducerId")); // an http(s) AccessPoint without MqType is a webhook
        Assert.Equal(["AgentReady"], read.GetProperty("EventList").EnumerateArray().Select(e => Str(e, "Name")));
        Assert.False(state.GetProperty("passwordSet").GetBoolean());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("aliyunUid").ValueKind);
        Assert.Equal(secrets, await Secrets());
    }

    [Theory]
    [InlineData("AccessPoint", "", "MissingAccessPoint")]
    [InlineData("EventSubscriptionsJson", "", "MissingEventSubscriptionsJson")]
    [InlineData("EventSubscriptionsJson", "not json", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """{"Name":"Dialing"}""", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """[{"Disabled":false}]""", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """[{"Name":"Dialing","Disabled":"no"}]""", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """[{"Name":"Dialing","Topic":7}]""", "Parameter.Format")]
    [InlineData("EventSubscriptionsJson", """[{"Name":"PhoneExploded"}]""", "Parameter.Invalid")]
    [InlineData("AccessPoint", "ftp://127.0.0.1/hook", "Parameter.Format")]
    [InlineData("AccessPoint", "not a url", "Parameter.Format")]
    [InlineData("ProducerId", "GID_other", "Parameter.Invalid")]
    [InlineData("DefaultTopic", "other_topic", "Parameter.Invalid")]
    [InlineData("AliyunUid", "12ab", "InvalidParameter.Format")]
    public async Task Invalid_parameters_give_the_references_codes_and_store_nothing(string name, string value, string code)
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
        Assert.True(r.HasParams); // the error envelope of an action whose model has Params carries it too
        var (status, _) = await ReadBack();
        Assert.Equal(HttpStatusCode.NotFound, status); // nothing was stored
    }

    [Fact]
    public async Task A_RocketMQ_subscription_needs_ProducerId_and_DefaultTopic()
    {
        var noGroup = await Update(("AccessPoint", "rmq.example:8080"), ("EventSubscriptionsJson", Selection), ("MqType", "rocketmq5"), ("DefaultTopic", "t"));
        var noTopic = await Update(("AccessPoint", "rmq.example:8080"), ("EventSubscriptionsJson", Selection), ("ProducerId", "GID_crm"));
        Assert.Equal(("Parameter.Blank", HttpStatusCode.BadRequest), (noGroup.Code, noGroup.Status));
        Assert.Contains("ProducerId", noGroup.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Parameter.Blank", noTopic.Code);
        Assert.Contains("DefaultTopic", noTopic.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSubscription_is_not_an_OpenAPI_action_and_the_read_back_is_404_before_any_subscription()
    {
        var gone = await Call("GetSubscription");
        Assert.Equal((HttpStatusCode.NotFound, "InvalidApi.NotFound"), (gone.Status, gone.Code));

        var (status, body) = await ReadBack();
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("NotFound", Str(body, "Code")); // the cloud's envelope, like every control-API error
        Assert.Contains("UpdateSubscription", Str(body, "Message"), StringComparison.Ordinal);
        var (unknown, _) = await ReadBack("nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
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

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Every property of <paramref name="value"/> is in <paramref name="schema"/> with the same JSON kind, at every depth;
    /// with <paramref name="requireAll"/> every property of the schema is present too.
    /// </summary>
    private static void AssertMatches(ApiSchema schema, JsonElement value, string path, bool requireAll)
    {
        switch (schema.Type)
        {
            case SchemaType.String:
                Assert.True(value.ValueKind == JsonValueKind.String, $"{path}: expected a string, got {value.ValueKind}");
                break;
            case SchemaType.Integer:
                Assert.True(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _), $"{path}: expected a 32-bit integer, got {value}");
                break;
            case SchemaType.Long:
                Assert.True(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _), $"{path}: expected an integer, got {value}");
                break;
            case SchemaType.Number:
                Assert.True(value.ValueKind == JsonValueKind.Number, $"{path}: expected a number, got {value.ValueKind}");
                break;
            case SchemaType.Boolean:
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{path}: expected a boolean, got {value.ValueKind}");
                break;
            case SchemaType.Array:
                Assert.True(value.ValueKind == JsonValueKind.Array, $"{path}: expected an array, got {value.ValueKind}");
                int i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    AssertMatches(schema.Items!, item, $"{path}[{i++}]", requireAll);
                }

                break;
            case SchemaType.Object:
                Assert.True(value.ValueKind == JsonValueKind.Object, $"{path}: expected an object, got {value.ValueKind}");
                var properties = schema.Properties ?? new Dictionary<string, ApiSchema>();
                foreach (var property in value.EnumerateObject())
                {
                    Assert.True(properties.TryGetValue(property.Name, out var child), $"{path}.{property.Name}: not in the cloud's model");
                    AssertMatches(child!, property.Value, $"{path}.{property.Name}", requireAll);
                }

                if (requireAll)
                {
                    var missing = properties.Keys.Where(k => !value.TryGetProperty(k, out _)).ToList();
                    Assert.True(missing.Count == 0, $"{path}: missing {string.Join(", ", missing)}");
                }

                break;
            case SchemaType.Map:
                Assert.True(value.ValueKind == JsonValueKind.Object, $"{path}: expected an object (map), got {value.ValueKind}");
                break;
            default:
                break; // any
        }
    }
}
