using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Ccc.Sdk.Tests.AspNetCore;

/// <summary>
/// Issue 10 through <c>MapCccWorkbenchProxy</c>: only the agent's own calls, blank agent lists, protocol parameters and
/// case variants, form and JSON errors, and the bounded per-account client cache.
/// </summary>
public sealed class WorkbenchProxyHardeningTests : IAsyncLifetime
{
    private const string Agent1 = "agent1@ccc-local";
    private const string Agent2 = "agent2@ccc-local";
    private const string Customer = "13800000001";
    private const string BeijingLine = "01050000002";

    private CccEmulator _emulator = null!;
    private CccClient _admin = null!;

    public async Task InitializeAsync()
    {
        _emulator = await CccEmulator.StartAsync();
        _admin = new CccClient(new AccessKeyCredential(_emulator.AccessKeyId, _emulator.AccessKeySecret),
            new CccClientOptions { Endpoint = _emulator.Endpoint, InstanceId = _emulator.InstanceId });
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _emulator.DisposeAsync();
    }

    [Theory]
    [InlineData("HoldCall", "jobId")]
    [InlineData("SendDtmfSignaling", "jobId")]
    [InlineData("ReleaseCall", "jobId")]
    [InlineData("ReleaseCall", "JOBID")]
    public async Task Call_control_on_another_agents_call_is_refused_with_Permission_User_and_not_forwarded(string action, string jobIdName)
    {
        var (jobId, customerChannel) = await Agent2TalksToACustomerAsync();
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);
        var request = new Dictionary<string, string> { [jobIdName] = jobId, ["channelId"] = customerChannel, ["dtmf"] = "1" };

        using var response = await host.PostAsync(action, JsonSerializer.Serialize(request), user: "alice", agent: Agent1);

        var envelope = await AssertEnvelopeAsync(response, HttpStatusCode.Forbidden, "Permission.User");
        Assert.Contains(jobId, envelope["Message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, host.Forwarded.Count); // PollUserStatus only: the action itself never reached the cloud
        var agent2 = (await _admin.PollUserStatusAsync(new PollUserStatusRequest { UserId = Agent2 })).Value.UserContext!;
        Assert.Equal(("TALKING", jobId), (agent2.UserState, agent2.JobId));
        Assert.DoesNotContain(await ChannelFlagsAsync(Agent2), f => f.Contains("HELD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_control_on_the_agents_own_call_is_forwarded_after_one_PollUserStatus()
    {
        var (jobId, customerChannel) = await Agent2TalksToACustomerAsync();
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var hold = await host.PostAsync("HoldCall", JsonSerializer.Serialize(new { jobId, channelId = customerChannel }), user: "bob", agent: Agent2);

        Assert.Equal(HttpStatusCode.OK, hold.StatusCode);
        Assert.Equal(2, host.Forwarded.Count);
        Assert.Contains(await ChannelFlagsAsync(Agent2), f => f.Contains("HELD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_JobId_of_an_agent_without_a_call_is_refused_and_a_blank_one_is_dropped()
    {
        var (jobId, _) = await Agent2TalksToACustomerAsync();
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var guessed = await host.PostAsync("UnmuteCall", JsonSerializer.Serialize(new { jobId = jobId + "0" }), user: "bob", agent: Agent2);
        using var blank = await host.PostAsync("UnmuteCall", """{"jobId":"  "}""", user: "bob", agent: Agent2);

        await AssertEnvelopeAsync(guessed, HttpStatusCode.Forbidden, "Permission.User");
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode); // no JobId: the agent's own call, nothing to check
        Assert.Equal(2, host.Forwarded.Count);
    }

    [Fact]
    public async Task A_supervisors_supervisor_action_on_another_agents_call_is_left_to_the_clouds_role_check()
    {
        var (jobId, _) = await Agent2TalksToACustomerAsync();
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator, o => o.EnableSupervisorActions = true);
        string json = JsonSerializer.Serialize(new { jobId, bargedUserId = Agent2 });

        using var supervisor = await host.PostAsync("BargeInCall", json, user: "sue", agent: "supervisor@ccc-local", role: "supervisor");
        using var ownCallAction = await host.PostAsync("HoldCall", JsonSerializer.Serialize(new { jobId, channelId = "x" }), user: "sue", agent: "supervisor@ccc-local", role: "supervisor");

        // Forwarded without PollUserStatus: the emulator answers it itself (the supervisor is not signed in and READY,
        // so BargeInCall is its UserStateNotAllowed, not the proxy's Permission.User) ...
        Assert.Equal("UserStateNotAllowed", JsonNode.Parse(await supervisor.Content.ReadAsStringAsync())!["Code"]!.GetValue<string>());
        // ... while the supervisor's ordinary call control is checked like anyone's.
        await AssertEnvelopeAsync(ownCallAction, HttpStatusCode.Forbidden, "Permission.User");
        Assert.Equal(2, host.Forwarded.Count);
    }

    [Fact]
    public async Task An_agent_reads_its_own_and_the_instances_configuration_but_not_another_users()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var other = await host.PostAsync("ListConfigItems", $$"""{"objectType":"user","objectId":"{{Agent2}}"}""", user: "alice", agent: Agent1);
        await AssertEnvelopeAsync(other, HttpStatusCode.Forbidden, "Forbidden.Impersonation");
        Assert.Equal(0, host.Forwarded.Count);

        using var own = await host.PostAsync("ListConfigItems", $$"""{"objectType":"USER","objectId":"{{Agent1}}"}""", user: "alice", agent: Agent1);
        using var instance = await host.PostAsync("ListConfigItems", """{"objectType":"INSTANCE","objectId":"ccc-local"}""", user: "alice", agent: Agent1);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (own.StatusCode, instance.StatusCode));
        Assert.Equal(2, host.Forwarded.Count);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("[]")]
    [InlineData("\"[]\"")]
    [InlineData("[\"\"]")]
    public async Task A_blank_agent_list_is_pinned_to_the_signed_in_agent(string agentIdList)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var response = await host.PostAsync("ListRealtimeAgentStates", $$"""{"agentIdList":{{agentIdList}},"pageNumber":1,"pageSize":20}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Data"]!["List"]!.AsArray();
        Assert.Equal(Agent1, Assert.Single(list)!["AgentId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"bearerToken":"x","signatureType":"BEARERTOKEN"}""")]
    [InlineData("""{"action":"CreateUser"}""")]
    [InlineData("""{"version":"2017-07-05"}""")]
    [InlineData("""{"SIGNATURE":"abc"}""")]
    [InlineData("""{"accessKeyId":"LTAI5tOther"}""")]
    [InlineData("""{"securityToken":"t"}""")]
    [InlineData("""{"regionId":"cn-beijing"}""")]
    [InlineData("""{"timestamp":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"signatureNonce":"n"}""")]
    [InlineData("""{"x-acs-date":"2026-01-01T00:00:00Z"}""")]
    public async Task Protocol_parameters_are_refused_whatever_their_case(string json)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var response = await host.PostAsync("GetLoginDetails", json);

        await AssertEnvelopeAsync(response, HttpStatusCode.BadRequest, "InvalidParameter.Reserved");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Theory]
    [InlineData("GetLoginDetails", """{"USERID":"agent2@ccc-local"}""")]
    [InlineData("GetLoginDetails", """{"userid":"agent2@ccc-local"}""")]
    [InlineData("ListRealtimeAgentStates", """{"AGENTIDLIST":["agent2@ccc-local"],"pageNumber":1,"pageSize":20}""")]
    [InlineData("ListAgentStates", """{"agentids":"agent2@ccc-local"}""")]
    [InlineData("ListRealtimeAgentStates", """{"agentIdLists":["agent2@ccc-local"],"pageNumber":1,"pageSize":20}""")]
    public async Task Case_variants_of_agent_names_are_pinned_like_the_canonical_names(string action, string json)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var response = await host.PostAsync(action, json);

        await AssertEnvelopeAsync(response, HttpStatusCode.Forbidden, "Forbidden.Impersonation");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task A_case_variant_of_UserId_naming_the_agent_and_of_InstanceId_are_sent_under_the_canonical_name()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var own = await host.PostAsync("GetLoginDetails", """{"USERID":"agent1@ccc-local","InstanceID":"someone-elses-instance"}""");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(Agent1, JsonNode.Parse(await own.Content.ReadAsStringAsync())!["Data"]!["UserId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"userId":"agent1@ccc-local","USERID":"agent2@ccc-local"}""")]
    [InlineData("""{"jobId":"job-1","JobID":"job-2"}""")]
    public async Task A_name_given_twice_in_different_cases_is_refused(string json)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var response = await host.PostAsync("ReleaseCall", json);

        await AssertEnvelopeAsync(response, HttpStatusCode.BadRequest, "InvalidParameter.Duplicate");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task A_form_over_the_field_count_limit_is_400_not_413()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>("f" + i, "x")).Prepend(new("request", "{}"));

        using var response = await host.PostAsync("GetLoginDetails", null, content: new FormUrlEncodedContent(fields));

        await AssertEnvelopeAsync(response, HttpStatusCode.BadRequest, "InvalidParameter.Form");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public async Task A_body_that_is_not_the_multipart_form_its_content_type_announces_is_400_not_500()
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);
        var content = new ByteArrayContent("request={}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=zz");

        using var response = await host.PostAsync("GetLoginDetails", null, content: content);

        await AssertEnvelopeAsync(response, HttpStatusCode.BadRequest, "InvalidParameter.Form");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Theory]
    [InlineData("""{"content":"\ud800"}""")]
    [InlineData("""{"content":"a\udc00b"}""")]
    [InlineData("""{"\ud800":"x"}""")]
    public async Task A_lone_surrogate_in_the_request_json_is_400_not_500(string json)
    {
        await using var host = await WorkbenchProxyHost.StartAsync(_emulator);

        using var response = await host.PostAsync("SaveTerminalLog", json);

        await AssertEnvelopeAsync(response, HttpStatusCode.BadRequest, "InvalidParameter.Request");
        Assert.Equal(0, host.Forwarded.Count);
    }

    [Fact]
    public void Ten_thousand_accounts_do_not_keep_ten_thousand_clients()
    {
        var created = 0;
        var disposed = 0;
        using var cache = new UserClientCache<Disposable>(_ => { created++; return new Disposable(() => disposed++); }, 100, TimeSpan.FromMinutes(20), new FakeTimeProvider());

        for (var i = 0; i < 10_000; i++)
        {
            using var lease = cache.Rent("account-" + i);
            Assert.False(lease.Client.IsDisposed);
        }

        Assert.Equal(10_000, created);
        Assert.Equal(100, cache.Count);
        Assert.Equal(10_000 - 100, disposed);
    }

    [Fact]
    public void An_evicted_client_is_disposed_only_when_its_last_request_ends()
    {
        var time = new FakeTimeProvider();
        using var cache = new UserClientCache<Disposable>(_ => new Disposable(), 2, TimeSpan.FromMinutes(20), time);

        var inFlight = cache.Rent("a");
        cache.Rent("b").Dispose();
        cache.Rent("c").Dispose(); // "a" is the least recently used: evicted, but still in use

        Assert.Equal(2, cache.Count);
        Assert.False(inFlight.Client.IsDisposed);
        inFlight.Dispose();
        inFlight.Dispose(); // a second dispose of the lease changes nothing
        Assert.True(inFlight.Client.IsDisposed);
        using var again = cache.Rent("a");
        Assert.NotSame(inFlight.Client, again.Client);
    }

    [Fact]
    public void A_client_idle_longer_than_the_timeout_is_dropped_on_the_next_rent()
    {
        var time = new FakeTimeProvider();
        using var cache = new UserClientCache<Disposable>(_ => new Disposable(), 100, TimeSpan.FromMinutes(20), time);
        Disposable first;
        using (var lease = cache.Rent("a"))
        {
            first = lease.Client;
        }

        time.Advance(TimeSpan.FromMinutes(21));
        using var other = cache.Rent("b");

        Assert.True(first.IsDisposed);
        Assert.Equal(1, cache.Count);
    }

    /// <summary>SignInGroup + ReadyForService for agent2, a customer dials in and agent2 answers; returns the job and the customer's channel.</summary>
    private async Task<(string JobId, string CustomerChannel)> Agent2TalksToACustomerAsync()
    {
        await _admin.SendAsync(new ApiRequest("SignInGroup").With("UserId", Agent2).With("DeviceId", "dev-agent2")
            .With("SignedSkillGroupIdList", """["sales@ccc-local"]"""));
        await _admin.SendAsync(new ApiRequest("ReadyForService").With("UserId", Agent2));
        using var http = new HttpClient { BaseAddress = _emulator.Endpoint };
        using var inbound = await http.PostAsJsonAsync("/_emulator/calls/inbound", new { from = Customer, to = BeijingLine });
        inbound.EnsureSuccessStatusCode();
        string jobId = JsonNode.Parse(await inbound.Content.ReadAsStringAsync())!["contactId"]!.GetValue<string>();
        var answered = await _admin.SendAsync(new ApiRequest("AnswerCall").With("UserId", Agent2).With("JobId", jobId));
        var channels = JsonNode.Parse(answered.RawContent!)!["Data"]!["CallContext"]!["ChannelContexts"]!.AsArray();
        string customer = channels.First(c => c!["UserId"]!.GetValue<string>().Length == 0)!["ChannelId"]!.GetValue<string>();
        return (jobId, customer);
    }

    private async Task<IReadOnlyList<string>> ChannelFlagsAsync(string userId)
    {
        var status = (await _admin.PollUserStatusAsync(new PollUserStatusRequest { UserId = userId })).Value;
        return status.CallContext?.ChannelContexts?.Select(c => c.ChannelFlags ?? "").ToList() ?? [];
    }

    private static async Task<JsonObject> AssertEnvelopeAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        string body = await response.Content.ReadAsStringAsync();
        var envelope = JsonNode.Parse(body)!.AsObject();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {body}");
        Assert.Equal(code, envelope["Code"]?.GetValue<string>());
        Assert.Equal((int)status, envelope["HttpStatusCode"]?.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(envelope["RequestId"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(envelope["Message"]?.GetValue<string>()));
        return envelope;
    }

    private sealed class Disposable(Action? onDispose = null) : IDisposable
    {
        public bool IsDisposed { get; private set; }

        public void Dispose()
        {
            Assert.False(IsDisposed, "disposed twice");
            IsDisposed = true;
            onDispose?.Invoke();
        }
    }
}
