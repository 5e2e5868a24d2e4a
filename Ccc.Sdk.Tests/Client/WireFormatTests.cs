using System.Text;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Signing;
using Microsoft.AspNetCore.Http;

namespace Ccc.Sdk.Tests.Client;

public sealed class WireFormatTests
{
    private const string OkBody = """{"RequestId":"r","Code":"OK","HttpStatusCode":200,"Data":{"List":[],"PageNumber":1,"PageSize":10,"TotalCount":0}}""";

    private static CccClient ClientFor(LoopbackServer server, Action<CccClientOptions>? configure = null)
    {
        var options = new CccClientOptions { Endpoint = server.BaseAddress, InstanceId = "ccc-test" };
        configure?.Invoke(options);
        return new CccClient(new AccessKeyCredential(FakeCcc.AccessKeyId, FakeCcc.AccessKeySecret), options);
    }

    private static Task Ok(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(OkBody);
    }

    [Fact]
    public async Task The_query_goes_on_the_wire_encoded_and_sorted_exactly_as_signed_and_the_signature_verifies()
    {
        await using var server = await LoopbackServer.StartAsync(Ok);
        using var client = ClientFor(server);

        await client.SignInGroupAsync(new SignInGroupRequest
        {
            DeviceId = "dev 1*~",
            SignedSkillGroupIdList = ["skg1@ccc-test", "技能组@ccc-test"],
            UserId = "agent@ccc-test",
            Additivity = true,
        });

        var seen = Assert.Single(server.Requests);
        var expectedQuery = new List<KeyValuePair<string, string>>
        {
            new("InstanceId", "ccc-test"),
            new("DeviceId", "dev 1*~"),
            new("SignedSkillGroupIdList", """["skg1@ccc-test","技能组@ccc-test"]"""),
            new("UserId", "agent@ccc-test"),
            new("Additivity", "true"),
        };
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/?" + Acs3HmacSha256Signer.BuildCanonicalQueryString(expectedQuery), seen.PathAndQuery);
        Assert.Contains("DeviceId=dev%201%2A~", seen.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("SignedSkillGroupIdList=%5B%22skg1%40ccc-test%22%2C%22%E6%8A%80", seen.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(server.BaseAddress.Authority, seen.Host);
        Assert.Equal(string.Empty, seen.Body);
        Assert.Null(seen.ContentType);
        Assert.Equal("SignInGroup", seen.Headers["x-acs-action"]);
        Assert.Equal(CccApi.Version, seen.Headers["x-acs-version"]);
        Assert.Equal(Acs3HmacSha256Signer.EmptyPayloadHash, seen.Headers["x-acs-content-sha256"]);
        Assert.Equal("application/json", seen.Headers["accept"]);
        Assert.StartsWith("Ccc.Sdk/", seen.Headers["user-agent"], StringComparison.Ordinal);

        AssertSignatureVerifies(seen, expectedQuery);
    }

    [Fact]
    public async Task ListRealtimeAgentStates_sends_AgentIdList_and_StateList_as_a_form_body_and_the_rest_in_the_query()
    {
        await using var server = await LoopbackServer.StartAsync(Ok);
        using var client = ClientFor(server);

        await foreach (var _ in client.ListRealtimeAgentStatesAsync(new ListRealtimeAgentStatesRequest
        {
            AgentIdList = ["a1@ccc-test", "a2@ccc-test"],
            StateList = ["Ready", "Break"],
            SkillGroupId = "skg@ccc-test",
            CallTypeList = ["INBOUND"],
        }).AsPages(10))
        {
        }

        var seen = Assert.Single(server.Requests);
        Assert.Equal("application/x-www-form-urlencoded", seen.ContentType);
        Assert.Equal(
            "AgentIdList=%5B%22a1%40ccc-test%22%2C%22a2%40ccc-test%22%5D&StateList=%5B%22Ready%22%2C%22Break%22%5D",
            seen.Body);
        Assert.DoesNotContain("AgentIdList", seen.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("CallTypeList=%5B%22INBOUND%22%5D", seen.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("PageNumber=1", seen.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("PageSize=10", seen.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(Acs3HmacSha256Signer.HashPayload(Encoding.ASCII.GetBytes(seen.Body)), seen.Headers["x-acs-content-sha256"]);

        var query = ParseQuery(seen.PathAndQuery);
        AssertSignatureVerifies(seen, query);
    }

    [Fact]
    public async Task A_state_changing_action_is_not_retried_after_the_connection_dropped_and_reports_an_unknown_outcome()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Abort(); // the request arrived; the response never leaves
            return Task.CompletedTask;
        });
        using var client = ClientFor(server);

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => client.TakeBreakAsync(new TakeBreakRequest { Code = "lunch" }));

        Assert.Single(server.Requests);
        Assert.Contains("may have taken effect", ex.Message, StringComparison.Ordinal);
        Assert.Equal("TakeBreak", ex.Action);
    }

    [Fact]
    public async Task A_read_action_is_retried_after_the_connection_dropped()
    {
        int calls = 0;
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return Ok(context);
        });
        using var client = ClientFor(server, o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1));

        await foreach (var _ in client.ListUsersAsync())
        {
        }

        Assert.Equal(2, server.Requests.Count);
        var nonces = server.Requests.Select(r => r.Headers["x-acs-signature-nonce"]).ToList();
        Assert.NotEqual(nonces[0], nonces[1]);
    }

    private static void AssertSignatureVerifies(SeenRequest seen, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var signedHeaders = seen.Headers
            .Where(h => h.Key.StartsWith("x-acs-", StringComparison.Ordinal))
            .Select(h => new KeyValuePair<string, string>(h.Key, h.Value))
            .Append(new("host", seen.Host))
            .ToList();
        if (seen.ContentType is not null)
        {
            signedHeaders.Add(new("content-type", seen.ContentType));
        }

        string expected = Acs3HmacSha256Signer.ComputeAuthorization(
            "POST", "/", query, signedHeaders, seen.Headers["x-acs-content-sha256"], FakeCcc.AccessKeyId, FakeCcc.AccessKeySecret);
        Assert.Equal(expected, seen.Headers["authorization"]);
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string pathAndQuery) =>
        pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..]
            .Split('&')
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1])))
            .ToList();
}
