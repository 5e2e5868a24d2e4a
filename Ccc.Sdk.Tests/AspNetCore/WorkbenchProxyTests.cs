using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Ccc.Sdk.Tests.AspNetCore;

/// <summary>A CRM directory: only carol is an agent (agent3), whatever her claims say.</summary>
internal sealed class DirectoryResolver : ICccAgentResolver
{
    public ValueTask<string?> ResolveUserIdAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ValueTask.FromResult(user.Identity?.Name == "carol" ? "agent3@ccc-local" : null);
}

/// <summary>The emulator all proxy tests forward to (read actions only, so tests do not disturb each other).</summary>
public sealed class WorkbenchProxyEmulatorFixture : IAsyncLifetime
{
    public CccEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await CccEmulator.StartAsync();

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

/// <summary>
/// <c>MapCccWorkbenchProxy</c> on Kestrel, in front of a real in-process emulator: what reaches the cloud, what is refused
/// and what the Workbench SDK gets back.
/// </summary>
public sealed class WorkbenchProxyTests(WorkbenchProxyEmulatorFixture fixture) : IClassFixture<WorkbenchProxyEmulatorFixture>
{
    private const string OutboundNumbers = """{"userId":"agent1@ccc-local","pageNumber":1,"pageSize":10}""";

    private CccEmulator Emulator => fixture.Emulator;

    [Fact]
    public async Task Allowed_action_round_trips_and_returns_the_emulators_json_unchanged()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var response = await host.PostAsync("ListOutboundNumbersOfUser", OutboundNumbers);
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, host.Forwarded.Count);

        using var client = new CccClient(new AccessKeyCredential(Emulator.AccessKeyId, Emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = Emulator.Endpoint, InstanceId = Emulator.InstanceId });
        var direct = await client.SendAsync(new ApiRequest("ListOutboundNumbersOfUser")
            .With("UserId", "agent1@ccc-local").With("PageNumber", "1").With("PageSize", "10"));
        Assert.True(JsonNode.DeepEquals(WithoutRequestId(direct.RawContent!), WithoutRequestId(body)), body);
        Assert.NotEqual(0, JsonNode.Parse(body)!["Data"]!["TotalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task UserId_is_pinned_to_the_signed_in_agent_when_the_request_has_none()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var alice = await host.PostAsync("GetLoginDetails", "{}", user: "alice", agent: "agent1@ccc-local");
        using var bob = await host.PostAsync("GetLoginDetails", "{}", user: "bob", agent: "agent2@ccc-local");

        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
        Assert.Contains("agent1@ccc-local", await alice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("agent2@ccc-local", await bob.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TakeBreak", """{"userId":"agent2@ccc-local","code":"lunch"}""")]
    [InlineData("ListOutboundNumbersOfUser", """{"UserId":"agent2@ccc-local","pageNumber":1,"pageSize":10}""")]
    [InlineData("ListRealtimeAgentStates", """{"agentIdList":["agent1@ccc-local","agent2@ccc-local"],"pageNumber":1,"pageSize":10}""")]
    public async Task Request_naming_another_agent_is_refused_with_403_and_nothing_is_forwarded(string action, string json)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var response = await host.PostAsync(action, json);

        await AssertEnvelopeAsync(response, HttpStatusCode.Forbidden, "Forbidden.Impersonation");
        Assert.Equal(0, host.Forwarded.Count);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message.Contains("Forbidden.Impersonation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Realtime_states_are_scoped_to_the_agent_unless_the_user_is_a_supervisor()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);
        const string all = """{"pageNumber":1,"pageSize":20}""";

        using var agent = await host.PostAsync("ListRealtimeAgentStates", all);
        using var supervisor = await host.PostAsync("ListRealtimeAgentStates", all, user: "sue", agent: "agent3@ccc-local", role: "supervisor");

        var own = JsonNode.Parse(await agent.Content.ReadAsStringAsync())!["Data"]!["List"]!.AsArray();
        Assert.Equal("agent1@ccc-local", Assert.Single(own)!["AgentId"]!.GetValue<string>());
        Assert.True(JsonNode.Parse(await supervisor.Content.ReadAsStringAsync())!["Data"]!["List"]!.AsArray().Count >= 3);
    }

    [Theory]
    [InlineData("CreateUser")]
    [InlineData("ListUsers")]
    [InlineData("MonitorCall")]
    public async Task Action_outside_the_allow_list_is_refused_with_403(string action)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var response = await host.PostAsync(action, "{}", role: "supervisor");

        await AssertEnvelopeAsync(response, HttpStatusCode.Forbidden, "Forbidden.Action");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task Supervisor_actions_are_allowed_only_when_enabled_and_only_for_supervisors()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator, o => o.EnableSupervisorActions = true);

        using var agent = await host.PostAsync("MonitorCall", """{"monitoredUserId":"agent2@ccc-local"}""");
        using var supervisor = await host.PostAsync("MonitorCall", """{"monitoredUserId":"agent2@ccc-local"}""", user: "sue", agent: "agent3@ccc-local", role: "supervisor");

        await AssertEnvelopeAsync(agent, HttpStatusCode.Forbidden, "Forbidden.Action");
        Assert.NotEqual("Forbidden.Action", (await ReadEnvelopeAsync(supervisor))["Code"]?.GetValue<string>());
        Assert.Equal(1, host.Forwarded.Count);
    }

    [Fact]
    public async Task Request_without_sign_in_gets_401()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var response = await host.PostAsync("GetLoginDetails", "{}", user: null, agent: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Theory]
    [InlineData("https://evil.example.test")]
    [InlineData("http://crm.example.test")]
    [InlineData(null)]
    public async Task Foreign_or_missing_Origin_gets_403(string? origin)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var response = await host.PostAsync("GetLoginDetails", "{}", origin: origin);

        await AssertEnvelopeAsync(response, HttpStatusCode.Forbidden, "Forbidden.Origin");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task Missing_or_foreign_antiforgery_token_gets_403()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var missing = await host.PostAsync("GetLoginDetails", "{}", antiforgery: false);
        using var message = new HttpRequestMessage(HttpMethod.Post, WorkbenchProxyHost.Path + "?action=GetLoginDetails")
        {
            Content = new FormUrlEncodedContent([new("request", "{}")]),
        };
        message.Headers.Add("X-Test-User", "alice");
        message.Headers.Add("X-Test-Agent", "agent1@ccc-local");
        message.Headers.Add("Origin", WorkbenchProxyHost.Origin);
        message.Headers.Add("RequestVerificationToken", await host.GetTokenAsync("mallory")); // a token of another user
        using var foreign = await host.SendAsync(message);

        await AssertEnvelopeAsync(missing, HttpStatusCode.Forbidden, "Forbidden.AntiforgeryToken");
        await AssertEnvelopeAsync(foreign, HttpStatusCode.Forbidden, "Forbidden.AntiforgeryToken");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task Requests_over_the_per_user_rate_limit_get_429()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator, o =>
        {
            o.RateLimitPermitLimit = 2;
            o.RateLimitWindow = TimeSpan.FromMinutes(5);
        });

        using var first = await host.PostAsync("GetLoginDetails", "{}");
        using var second = await host.PostAsync("GetLoginDetails", "{}");
        using var third = await host.PostAsync("GetLoginDetails", "{}");
        using var otherUser = await host.PostAsync("GetLoginDetails", "{}", user: "bob", agent: "agent2@ccc-local");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await AssertEnvelopeAsync(third, HttpStatusCode.TooManyRequests, "Throttling.User");
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        Assert.Equal(3, host.Forwarded.Count);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("\"userId\"")]
    public async Task Malformed_request_json_gets_400(string json)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var response = await host.PostAsync("GetLoginDetails", json);

        await AssertEnvelopeAsync(response, HttpStatusCode.BadRequest, "InvalidParameter.Request");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task Body_over_the_size_limit_gets_413()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator, o => o.MaxRequestBodySize = 1024);

        using var response = await host.PostAsync("SaveTerminalLog", JsonSerializer.Serialize(new Dictionary<string, string> { ["content"] = new string('x', 4096) }));

        await AssertEnvelopeAsync(response, HttpStatusCode.RequestEntityTooLarge, "InvalidParameter.BodyTooLarge");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task User_without_an_agent_gets_403()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        using var response = await host.PostAsync("GetLoginDetails", "{}", agent: null);

        await AssertEnvelopeAsync(response, HttpStatusCode.Forbidden, "Forbidden.NoAgent");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task Cloud_error_is_returned_as_the_clouds_envelope_with_its_status()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);

        // TakeBreak without its required Code: the emulator answers 400 MissingParameter-style.
        using var response = await host.PostAsync("TakeBreak", "{}");

        var envelope = await ReadEnvelopeAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, envelope["HttpStatusCode"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(envelope["RequestId"]?.GetValue<string>()));
        Assert.StartsWith("Missing", envelope["Code"]!.GetValue<string>(), StringComparison.Ordinal);

        // The message is the cloud's own, not the SDK's framing around it: the same as a direct call gets.
        using var direct = new CccClient(
            new Ccc.Sdk.Auth.AccessKeyCredential(Emulator.AccessKeyId, Emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = Emulator.Endpoint, InstanceId = Emulator.InstanceId });
        var error = await Assert.ThrowsAnyAsync<CccException>(() => direct.SendAsync(
            new Ccc.Sdk.ApiRequest("TakeBreak").With("UserId", "agent1@ccc-local")));
        Assert.False(string.IsNullOrEmpty(error.ServiceMessage));
        Assert.Equal(error.ServiceMessage, envelope["Message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logs_name_action_agent_and_RequestId_but_no_secrets()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator);
        string token = await host.GetTokenAsync("alice");

        using var ok = await host.PostAsync("GetNumberLocation", """{"number":"13912345678"}""");
        using var refused = await host.PostAsync("MakeCall", """{"userId":"agent2@ccc-local","callee":"13912345678","caller":"02100001111"}""");
        string okRequestId = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["RequestId"]!.GetValue<string>();

        var records = host.Logs.GetSnapshot();
        string all = string.Join('\n', records.Select(r => r.Message + " " + r.Exception));
        Assert.Contains("GetNumberLocation", all, StringComparison.Ordinal);
        Assert.Contains("agent1@ccc-local", all, StringComparison.Ordinal);
        Assert.Contains(okRequestId, all, StringComparison.Ordinal);
        foreach (var secret in new[] { Emulator.AccessKeySecret, token, "13912345678", "02100001111", "Signature=" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_registered_resolver_replaces_the_claim_and_may_be_scoped()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(Emulator, services: s => s.AddScoped<ICccAgentResolver, DirectoryResolver>());

        using var carol = await host.PostAsync("GetLoginDetails", "{}", user: "carol", agent: "agent1@ccc-local");
        using var dave = await host.PostAsync("GetLoginDetails", "{}", user: "dave", agent: "agent1@ccc-local");

        Assert.Equal(HttpStatusCode.OK, carol.StatusCode);
        Assert.Contains("agent3@ccc-local", await carol.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertEnvelopeAsync(dave, HttpStatusCode.Forbidden, "Forbidden.NoAgent");
    }

    private static JsonNode WithoutRequestId(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("RequestId");
        return node;
    }

    private static async Task<JsonObject> ReadEnvelopeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task AssertEnvelopeAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var envelope = await ReadEnvelopeAsync(response);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, envelope["Code"]?.GetValue<string>());
        Assert.Equal((int)status, envelope["HttpStatusCode"]?.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(envelope["RequestId"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(envelope["Message"]?.GetValue<string>()));
    }
}
