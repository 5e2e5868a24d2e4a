using System.Text.Json;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Tests.Emulator.Conformance;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.Compat;

/// <summary>
/// The emulator accepts Alibaba's own generic OpenAPI client for Node.js (@alicloud/openapi-client 0.4.15, the
/// client the cloud's generated SDKs are built on) exactly as the cloud would, in its V3 and V1 signature modes,
/// and rejects it with the cloud's codes when the key or the secret is wrong.
/// </summary>
public class AlibabaNodeClientTests
{
    private static NodeCompatClient.Call[] Calls(string instanceId) =>
    [
        new("ListUsers", new() { ["InstanceId"] = instanceId, ["PageNumber"] = "1", ["PageSize"] = "10" }),
        new("GetUser", new() { ["InstanceId"] = instanceId, ["UserId"] = "agent1@" + instanceId }),
        new("ListSkillGroups", new() { ["InstanceId"] = instanceId, ["PageNumber"] = "1", ["PageSize"] = "10" }),
        new("ListPhoneNumbers", new() { ["InstanceId"] = instanceId, ["PageNumber"] = "1", ["PageSize"] = "10" }),
        new(
            "ListRealtimeAgentStates",
            new() { ["InstanceId"] = instanceId, ["PageNumber"] = "1", ["PageSize"] = "10" },
            new() { ["AgentIdList"] = $"[\"agent1@{instanceId}\",\"agent2@{instanceId}\"]" }),
        new("GetNumberLocation", new() { ["InstanceId"] = instanceId, ["Number"] = "13800000001" }),
    ];

    [Theory]
    [InlineData("v3")]
    [InlineData("v2")]
    public async Task The_official_Node_client_is_accepted_in_both_signature_modes(string mode)
    {
        await using var emulator = await CccEmulator.StartAsync();

        var results = await NodeCompatClient.RunAsync(
            emulator.Endpoint, emulator.AccessKeyId, emulator.AccessKeySecret, mode, Calls(emulator.InstanceId));

        Assert.Equal(6, results.Length);
        foreach (var result in results)
        {
            Assert.True(result.GetProperty("ok").GetBoolean(), $"{mode} {result.GetProperty("action")}: {result}");
            var body = result.GetProperty("body");
            Assert.Equal("OK", body.GetProperty("Code").GetString());
            Assert.Equal(200, body.GetProperty("HttpStatusCode").GetInt32());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("RequestId").GetString()));
        }

        var users = results[0].GetProperty("body").GetProperty("Data");
        Assert.True(users.GetProperty("List").GetArrayLength() >= 3);
        Assert.Equal("agent1@" + emulator.InstanceId, results[1].GetProperty("body").GetProperty("Data").GetProperty("UserId").GetString());

        // The form body reached the emulator: only the two agents named there come back.
        var states = results[4].GetProperty("body").GetProperty("Data").GetProperty("List");
        Assert.Equal(2, states.GetArrayLength());
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("v2")]
    public async Task A_wrong_secret_is_rejected_with_SignatureDoesNotMatch(string mode)
    {
        await using var emulator = await CccEmulator.StartAsync();

        var results = await NodeCompatClient.RunAsync(
            emulator.Endpoint, emulator.AccessKeyId, emulator.AccessKeySecret + "x", mode, Calls(emulator.InstanceId).Take(1));

        var result = Assert.Single(results);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("SignatureDoesNotMatch", result.GetProperty("code").GetString());
        Assert.Equal(400, StatusOf(result));
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("v2")]
    public async Task An_unknown_key_is_rejected_with_InvalidAccessKeyId_NotFound(string mode)
    {
        await using var emulator = await CccEmulator.StartAsync();

        var results = await NodeCompatClient.RunAsync(
            emulator.Endpoint, "LTAI5tNoSuchKey", emulator.AccessKeySecret, mode, Calls(emulator.InstanceId).Take(1));

        var result = Assert.Single(results);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("InvalidAccessKeyId.NotFound", result.GetProperty("code").GetString());
        Assert.Equal(404, StatusOf(result));
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("v2")]
    public async Task Every_simulated_action_succeeds_through_the_official_Node_client(string mode)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        await using var emulator = await CccEmulator.StartAsync(new CccEmulatorOptions { TimeProvider = clock });
        await using var node = NodeCompatSession.Start(emulator.Endpoint, emulator.AccessKeyId, emulator.AccessKeySecret, mode);

        var script = new SimulatedActionsScript(emulator, clock, async (action, parameters) =>
        {
            var result = await node.SendAsync(
                action,
                parameters.Where(p => !p.InForm).ToDictionary(p => p.Name, p => p.Value),
                parameters.Where(p => p.InForm).ToDictionary(p => p.Name, p => p.Value));
            Assert.True(result.GetProperty("ok").GetBoolean(), $"{mode} {action}: {result}");
            var body = result.GetProperty("body");
            Assert.Equal("OK", body.GetProperty("Code").GetString());
            return body.TryGetProperty("Data", out var data) ? data.Clone() : default;
        });

        await script.RunAsync();

        Assert.Equal(AllActionsTests.SimulatedActions.Order(StringComparer.Ordinal), script.Sent.Distinct().Order(StringComparer.Ordinal));
    }

    private static int StatusOf(JsonElement result) =>
        result.TryGetProperty("statusCode", out var s) && s.ValueKind == JsonValueKind.Number
            ? s.GetInt32()
            : result.GetProperty("data").GetProperty("HttpStatusCode").GetInt32();
}
