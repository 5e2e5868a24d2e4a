using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The sample CRM's sign-in and authorization (issue 10), against the sample's own process: nothing answers without a
/// sign-in, each endpoint acts for the signed-in agent only, a supervisor (instance role <c>Admin</c>) sees every
/// call, the sign-in form is safe to post, and the password-less sign-in (an emulator-only shortcut) never runs
/// against the cloud.
/// </summary>
public sealed class SampleAuthorizationTests(SampleCrmFixture fixture) : IClassFixture<SampleCrmFixture>
{
    private const string Agent1 = "agent1@ccc-local";
    private const string Agent2 = "agent2@ccc-local";
    private const string Supervisor = "supervisor@ccc-local";

    private SampleProcess Sample => fixture.Sample;

    [Fact]
    public async Task Without_a_sign_in_the_call_history_and_recording_endpoints_answer_401_problem_json()
    {
        using var anonymous = Sample.NewClient(followRedirects: false);
        HttpRequestMessage[] requests =
        [
            new(HttpMethod.Post, "/api/double-calls") { Content = JsonContent.Create(new { agentPhone = "19999999999", customerId = "c-1002", broker = "01050000002" }) },
            new(HttpMethod.Post, "/api/calls") { Content = JsonContent.Create(new { agentId = Agent2, customerId = "c-1002" }) },
            new(HttpMethod.Post, "/api/calls/job-1/hang-up"),
            new(HttpMethod.Get, "/api/history"),
            new(HttpMethod.Get, "/recordings/job-1"),
            new(HttpMethod.Get, "/api/screen-pops"),
        ];

        foreach (var request in requests)
        {
            using var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Without_a_sign_in_the_pages_redirect_to_the_sign_in_page()
    {
        using var anonymous = Sample.NewClient(followRedirects: false);

        foreach (string page in new[] { "/", "/customers", "/double-call", "/history" })
        {
            using var response = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/sign-in?returnUrl=", response.Headers.Location!.PathAndQuery);
        }

        // The sign-in page and what it loads (the framework's script, the style sheets) need no sign-in.
        using var signIn = await anonymous.GetAsync("/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var assets = System.Text.RegularExpressions.Regex.Matches(await signIn.Content.ReadAsStringAsync(), "(?:src|href)=\"([^\"]+\\.(?:js|css))\"")
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
        foreach (string asset in assets)
        {
            using var response = await anonymous.GetAsync("/" + asset.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/api/calls", "application/json", "{\"customerId\":")]
    [InlineData("/api/calls", "application/json", "{\"customerId\":42}")]
    [InlineData("/api/double-calls", "text/plain", "customerId=c-1001")]
    [InlineData("/api/double-calls", "application/json", "\"\\ud800\"")]
    public async Task A_body_the_api_cannot_bind_is_a_400_problem_json_never_the_developer_page(string path, string contentType, string body)
    {
        using var agent1 = await Sample.SignInAsync(Agent1);
        using var content = new StringContent(body, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await agent1.PostAsync(path, content);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_browser_asking_for_html_gets_the_not_found_page_for_an_api_path_without_a_route_not_a_500()
    {
        using var agent1 = await Sample.SignInAsync(Agent1);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/recordings/");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await agent1.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Through_the_softphone_proxy_a_supervisor_reads_another_agents_state_and_an_agent_may_not()
    {
        async Task<(HttpStatusCode Status, JsonElement Body)> StatesAsync(string signedIn)
        {
            using var client = await Sample.SignInAsync(signedIn);
            string token = await SampleProcess.AntiforgeryTokenAsync(client, "/customers");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ccc/workbench-api?action=ListRealtimeAgentStates&product=CloudCallCenter&version=2020-07-01&region=cn-shanghai")
            {
                Content = new FormUrlEncodedContent([new("request", JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["agentIdList"] = JsonSerializer.Serialize(new[] { Agent2 }),
                    ["pageNumber"] = 1,
                    ["pageSize"] = 10,
                }))]),
            };
            request.Headers.Add("Origin", Sample.Address.GetLeftPart(UriPartial.Authority));
            request.Headers.Add("RequestVerificationToken", token);
            using var response = await client.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, json.RootElement.Clone());
        }

        var (status, body) = await StatesAsync(Supervisor);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal([Agent2], body.GetProperty("Data").GetProperty("List").EnumerateArray().Select(a => a.GetProperty("AgentId").GetString()!));

        (status, body) = await StatesAsync(Agent1);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Forbidden.Impersonation", body.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task A_call_is_placed_as_the_signed_in_agent_whatever_the_body_says()
    {
        using var agent1 = await Sample.SignInAsync(Agent1);

        using var placed = await agent1.PostAsJsonAsync("/api/calls", new { agentId = Agent2, customerId = "c-1001" });

        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        using var call = JsonDocument.Parse(await placed.Content.ReadAsStringAsync());
        string[] agents = [.. call.RootElement.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("userId").GetString()!).Where(u => u.Length > 0)];
        Assert.Equal([Agent1], agents);
        string jobId = call.RootElement.GetProperty("jobId").GetString()!;
        await Sample.WaitForEstablishedLegsAsync(jobId, 2);
        using var hungUp = await agent1.PostAsync($"/api/calls/{jobId}/hang-up", null);
        Assert.Equal(HttpStatusCode.OK, hungUp.StatusCode);
    }

    [Fact]
    public async Task A_double_call_rings_the_signed_in_agents_own_mobile_whatever_the_body_says()
    {
        using var agent1 = await Sample.SignInAsync(Agent1);

        using var started = await agent1.PostAsJsonAsync("/api/double-calls", new { agentPhone = "19999999999", customerId = "c-1002", broker = "01050000002" });

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        using var call = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var first = Assert.Single(call.RootElement.GetProperty("channels").EnumerateArray());
        Assert.Equal("13900000001", first.GetProperty("destination").GetString()); // agent1's Mobile on the instance
        string jobId = call.RootElement.GetProperty("jobId").GetString()!;
        using var hungUp = await agent1.PostAsync($"/api/calls/{jobId}/hang-up", null); // the agent's own double call: the whole call
        Assert.Equal(HttpStatusCode.OK, hungUp.StatusCode);

        // A broker that is not an outbound number of the instance is refused before anything is sent.
        using var badBroker = await agent1.PostAsJsonAsync("/api/double-calls", new { customerId = "c-1002", broker = "19999999999" });
        Assert.Equal(HttpStatusCode.BadRequest, badBroker.StatusCode);
        Assert.Equal("Crm.UnknownBroker", JsonDocument.Parse(await badBroker.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_agent_sees_and_acts_on_its_own_calls_only_and_a_supervisor_sees_all()
    {
        using var agent1 = await Sample.SignInAsync(Agent1);
        using var agent2 = await Sample.SignInAsync(Agent2);
        using var supervisor = await Sample.SignInAsync(Supervisor);
        using var supervisorNoRedirect = await Sample.SignInAsync(Supervisor, followRedirects: false);

        string agent2Call = await PlaceAsync(agent2, "c-1003");
        string agent1Call = await PlaceAsync(agent1, "c-1005"); // busy: ends by itself
        await Sample.WaitForEstablishedLegsAsync(agent2Call, 2);

        // agent1 can neither end agent2's call nor fetch its recording: 404, as for a call that does not exist.
        using var hangUp = await agent1.PostAsync($"/api/calls/{agent2Call}/hang-up", null);
        Assert.Equal(HttpStatusCode.NotFound, hangUp.StatusCode);
        Assert.Equal("Crm.CallNotFound", JsonDocument.Parse(await hangUp.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        using var recording = await agent1.GetAsync($"/recordings/{agent2Call}");
        Assert.Equal(HttpStatusCode.NotFound, recording.StatusCode);
        Assert.Equal("Crm.CallNotFound", JsonDocument.Parse(await recording.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());

        using var ownHangUp = await agent2.PostAsync($"/api/calls/{agent2Call}/hang-up", null);
        Assert.Equal(HttpStatusCode.OK, ownHangUp.StatusCode);

        // Both calls end up in the history; each agent sees its own, the supervisor both.
        var all = await WaitForHistoryAsync(supervisor, agent1Call, agent2Call);
        Assert.Contains(agent1Call, all);
        Assert.Contains(agent2Call, all);
        var mine = await HistoryAsync(agent1);
        Assert.Contains(agent1Call, mine);
        Assert.DoesNotContain(agent2Call, mine);
        var theirs = await HistoryAsync(agent2);
        Assert.Contains(agent2Call, theirs);
        Assert.DoesNotContain(agent1Call, theirs);
        Assert.DoesNotContain(agent2Call, await agent1.GetStringAsync("/history"));
        Assert.Contains(agent2Call, await supervisor.GetStringAsync("/history"));

        // The supervisor may fetch any recording.
        using var link = await supervisorNoRedirect.GetAsync($"/recordings/{agent2Call}");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Contains($"/_emulator/recordings/{agent2Call}.wav", link.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_refused_cloud_request_returns_the_cloud_code_and_request_id_and_no_secret()
    {
        using var supervisor = await Sample.SignInAsync(Supervisor);

        using var response = await supervisor.GetAsync("/recordings/job-that-never-was");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        using var error = JsonDocument.Parse(body);
        Assert.StartsWith("NotExists", error.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("requestId").GetString()));
        Assert.DoesNotContain("CccEmulatorDevSecret", body);
        Assert.DoesNotContain("Signature", body);
    }

    [Fact]
    public async Task The_sign_in_and_sign_out_forms_need_their_antiforgery_token_and_a_bad_one_is_400_not_500()
    {
        using var anonymous = Sample.NewClient(followRedirects: false);
        string token = await SampleProcess.AntiforgeryTokenAsync(anonymous, "/sign-in");

        using var without = await anonymous.PostAsync("/account/sign-in", Form(("userId", Agent1)));
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        using var bad = await anonymous.PostAsync("/account/sign-in", Form(("userId", Agent1), ("__RequestVerificationToken", token[..^4] + "AAAA")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var json = await anonymous.PostAsJsonAsync("/account/sign-in", new { userId = Agent1 });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        using var stillAnonymous = await anonymous.GetAsync("/api/history");
        Assert.Equal(HttpStatusCode.Unauthorized, stillAnonymous.StatusCode);

        // Signed in: a sign-out posted without the token (a page of another site) changes nothing.
        using var agent1 = await Sample.SignInAsync(Agent1, followRedirects: false);
        using var forgedSignOut = await agent1.PostAsync("/account/sign-out", Form());
        Assert.Equal(HttpStatusCode.BadRequest, forgedSignOut.StatusCode);
        using var stillSignedIn = await agent1.GetAsync("/api/history");
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);

        // With the page's token it signs out, to the sign-in page.
        string signedInToken = await SampleProcess.AntiforgeryTokenAsync(agent1, "/customers");
        using var signOut = await agent1.PostAsync("/account/sign-out", Form(("__RequestVerificationToken", signedInToken)));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/sign-in", signOut.Headers.Location!.OriginalString);
        using var signedOut = await agent1.GetAsync("/api/history");
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Theory]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/history?x=é#top", "/history?x=%C3%A9#top")]
    [InlineData("/history", "/history")]
    [InlineData("//evil.example/", "/customers")]
    [InlineData("/\\evil.example/", "/customers")]
    [InlineData("https://evil.example/", "/customers")]
    [InlineData("", "/customers")]
    public async Task Signing_in_returns_to_a_local_path_percent_encoded_and_never_fails(string returnUrl, string expected)
    {
        using var client = Sample.NewClient(followRedirects: false);
        string token = await SampleProcess.AntiforgeryTokenAsync(client, "/sign-in");

        using var response = await client.PostAsync("/account/sign-in", Form(("userId", Agent1), ("returnUrl", returnUrl), ("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        using var landed = await client.GetAsync(expected);
        Assert.True((int)landed.StatusCode < 500, $"{expected}: {(int)landed.StatusCode}");
    }

    [Fact]
    public async Task Against_the_cloud_without_its_settings_the_sample_refuses_to_start_and_names_what_is_missing()
    {
        // The password-less picker never runs against the cloud: there the sample needs its OAuth2 sign-in settings
        // (the full check: SampleCloudModeTests).
        var (exitCode, output) = await SampleProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["Crm__UseEmbeddedEmulator"] = "false",
            ["Crm__Events__Secrets"] = "a-webhook-secret-of-the-cloud-subscription",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("  - Ccc:OAuth:ClientId: missing", output);
        Assert.DoesNotContain("a-webhook-secret-of-the-cloud-subscription", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    private static async Task<string> PlaceAsync(HttpClient agent, string customerId)
    {
        using var placed = await agent.PostAsJsonAsync("/api/calls", new { customerId });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        return JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString()!;
    }

    private static async Task<HashSet<string>> HistoryAsync(HttpClient client)
    {
        using var history = JsonDocument.Parse(await client.GetStringAsync("/api/history"));
        return [.. history.RootElement.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("contactId").GetString()!)];
    }

    private static async Task<HashSet<string>> WaitForHistoryAsync(HttpClient client, params string[] jobIds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HashSet<string> calls;
        do
        {
            calls = await HistoryAsync(client);
            if (jobIds.All(calls.Contains))
            {
                return calls;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Not all of {string.Join(", ", jobIds)} reached the history: {string.Join(", ", calls)}");
        return calls;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
