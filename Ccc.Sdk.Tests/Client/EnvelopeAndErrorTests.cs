using System.Net;
using System.Text;
using System.Text.Json;

namespace Ccc.Sdk.Tests.Client;

public sealed class EnvelopeAndErrorTests
{
    [Fact]
    public async Task A_successful_envelope_returns_typed_Data_with_RequestId_and_Params()
    {
        var fake = new FakeCcc().Then(_ => FakeCcc.Json("""
            {"RequestId":"6EF1C1E4-0001","Code":"OK","HttpStatusCode":200,"Message":"","Params":["a"],
             "Data":{"UserId":"agent@ccc-test","InstanceId":"ccc-test","Extension":"8001","UserState":"READY","WorkMode":"ON_SITE",
                     "OutboundScenario":false,"SignedSkillGroupIdList":["skg1@ccc-test"],"Heartbeat":1609136956378}}
            """));
        using var client = fake.CreateClient();

        var response = await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = "agent@ccc-test" });

        Assert.Equal("6EF1C1E4-0001", response.RequestId);
        Assert.Equal(["a"], response.Params);
        Assert.Equal("READY", response.Value.UserState);
        Assert.Equal(["skg1@ccc-test"], response.Value.SignedSkillGroupIdList!);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1609136956378), response.Value.Heartbeat);
    }

    [Fact]
    public async Task GetUser_reads_the_documented_shape()
    {
        var fake = new FakeCcc().Then(_ => FakeCcc.Ok("""
            {"UserId":"agent@ccc-test","LoginName":"agent","DisplayName":"Agent","DisplayId":"1001","Email":"a@example.com",
             "Mobile":"1390000****","Extension":"8001","WorkMode":"ON_SITE","RoleId":"Agent@ccc-test","RoleName":"Agent","InstanceId":"ccc-test"}
            """));
        using var client = fake.CreateClient();

        CccUser user = await client.GetUserAsync(new GetUserRequest { UserId = "agent@ccc-test" });

        Assert.Equal("agent", user.LoginName);
        Assert.Equal("Agent@ccc-test", user.RoleId);
        Assert.Contains("UserId=agent%40ccc-test", fake.Requests[0].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetNumberLocation_and_ListOutboundNumbersOfUser_read_the_Go_SDK_shapes()
    {
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Ok("""{"Number":"1312121****","Province":"浙江","City":"杭州"}"""))
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(1, 10, 1, """{"Number":"0830019****","Province":"四川","City":"泸州","Provider":"CMCC","ProviderShortName":"移动","ProviderType":"Carrier"}""")));
        using var client = fake.CreateClient();

        var location = (await client.GetNumberLocationAsync(new GetNumberLocationRequest { Number = "1312121****" })).Value;
        var numbers = new List<OutboundNumber>();
        await foreach (var n in client.ListOutboundNumbersOfUserAsync(new ListOutboundNumbersOfUserRequest { UserId = "agent@ccc-test", SkillGroupIdList = ["skg@ccc-test"] }))
        {
            numbers.Add(n);
        }

        Assert.Equal("杭州", location.City);
        Assert.Equal("0830019****", Assert.Single(numbers).Number);
        Assert.Contains("SkillGroupIdList=%5B%22skg%40ccc-test%22%5D", fake.Requests[1].PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "InvalidAccessKeyId.NotFound", typeof(CccAuthenticationException))]
    [InlineData(404, "InvalidAccessKeyId.NotFound", typeof(CccAuthenticationException))]
    [InlineData(400, "SignatureDoesNotMatch", typeof(CccAuthenticationException))]
    [InlineData(400, "IncompleteSignature", typeof(CccAuthenticationException))]
    [InlineData(400, "InvalidTimeStamp.Format", typeof(CccAuthenticationException))]
    [InlineData(400, "SignatureNonceUsed", typeof(CccAuthenticationException))]
    [InlineData(400, "InvalidSecurityToken.Expired", typeof(CccAuthenticationException))]
    [InlineData(403, "Forbidden.RAM", typeof(CccPermissionException))]
    [InlineData(403, "Permission.User", typeof(CccPermissionException))]
    [InlineData(404, "NotExists.UserId", typeof(CccNotFoundException))]
    [InlineData(404, "InvalidApi.NotFound", typeof(CccNotFoundException))]
    [InlineData(400, "MissingInstanceId", typeof(CccInvalidParameterException))]
    [InlineData(400, "Parameter.Blank", typeof(CccInvalidParameterException))]
    [InlineData(400, "InvalidParameter.Format", typeof(CccInvalidParameterException))]
    [InlineData(400, "UserBusy", typeof(CccInvalidParameterException))]
    [InlineData(409, "AlreadyExists.User", typeof(CccConflictException))]
    [InlineData(400, "Throttling.User", typeof(CccThrottlingException))]
    [InlineData(400, "Throttling.Api", typeof(CccThrottlingException))]
    [InlineData(500, "InternalService.Common", typeof(CccServiceException))]
    [InlineData(503, "ServiceUnavailable", typeof(CccServiceException))]
    public async Task Every_error_family_maps_to_its_exception(int status, string code, Type expected)
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Error((HttpStatusCode)status, code, "The parameter %s is bad.", "req-42") };
        using var client = fake.CreateClient(o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAnyAsync<CccException>(() => client.TakeBreakAsync(new TakeBreakRequest { Code = "lunch" }));

        Assert.IsType(expected, ex);
        Assert.Equal(code, ex.Code);
        Assert.Equal("req-42", ex.RequestId);
        Assert.Equal(status, ex.HttpStatusCode);
        Assert.Equal("TakeBreak", ex.Action);
        Assert.Equal(["p1"], ex.Params);
        Assert.Contains(code, ex.Message, StringComparison.Ordinal);
        Assert.Contains("req-42", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permission_error_says_the_RAM_user_must_be_imported_into_the_instance()
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Error(HttpStatusCode.Forbidden, "Forbidden.RAM", "User not authorized to operate on the specified resource.") };
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccPermissionException>(() => client.GetUserAsync(new GetUserRequest { UserId = "a@ccc-test" }));

        Assert.Contains("imported into the CCC instance as a user or an administrator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_carries_RetryAfter_from_the_x_acs_retry_after_header()
    {
        var fake = new FakeCcc
        {
            Fallback = _ =>
            {
                var r = FakeCcc.Error(HttpStatusCode.BadRequest, "Throttling.User", "Request was denied due to user flow control.");
                r.Headers.Add("x-acs-retry-after", "7");
                return r;
            },
        };
        using var client = fake.CreateClient(o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<CccThrottlingException>(() => client.SignOutGroupAsync());

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task A_proxy_HTML_502_becomes_a_service_exception_not_a_JsonException()
    {
        var fake = new FakeCcc
        {
            Fallback = _ => new HttpResponseMessage(HttpStatusCode.BadGateway)
            {
                Content = new StringContent("<html><body><h1>502 Bad Gateway</h1>nginx</body></html>", Encoding.UTF8, "text/html"),
            },
        };
        using var client = fake.CreateClient(o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<CccServiceException>(() => client.SignOutGroupAsync());

        Assert.Equal(502, ex.HttpStatusCode);
        Assert.Equal("Http502", ex.Code);
        Assert.Contains("not OpenAPI JSON", ex.Message, StringComparison.Ordinal);
        Assert.Contains("502 Bad Gateway", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_error_body_gets_a_clear_message()
    {
        var fake = new FakeCcc { Fallback = _ => new HttpResponseMessage(HttpStatusCode.InternalServerError) };
        using var client = fake.CreateClient(o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<CccServiceException>(() => client.SignOutGroupAsync());

        Assert.Contains("empty body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_JSON_with_HTTP_200_is_an_invalid_response_not_a_JsonException()
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Json("""{"RequestId":"r","Code":"OK","Data":{"UserId":""") };
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccServiceException>(() => client.SignOutGroupAsync());

        Assert.Equal("InvalidResponse", ex.Code);
    }

    [Fact]
    public async Task A_Data_of_the_wrong_shape_is_an_invalid_response()
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Ok("""{"SignedSkillGroupIdList":{"not":"a list"}}""") };
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccServiceException>(() => client.SignOutGroupAsync());

        Assert.Equal("InvalidResponse", ex.Code);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task SendAsync_forwards_any_action_and_returns_Data_and_the_raw_text()
    {
        const string body = """{"RequestId":"r-raw","Code":"OK","HttpStatusCode":200,"Data":"[{\"region\":\"cn-shanghai\"}]"}""";
        var fake = new FakeCcc().ThenJson(body);
        using var client = fake.CreateClient();

        var response = await client.SendAsync(new Ccc.Sdk.ApiRequest("GetTurnServerList"));

        Assert.Equal(body, response.RawContent);
        Assert.Equal(JsonValueKind.String, response.Value.ValueKind);
        Assert.Equal("r-raw", response.RequestId);
        Assert.Equal("GetTurnServerList", fake.Requests[0].Headers["x-acs-action"]);
        Assert.Contains("InstanceId=ccc-test", fake.Requests[0].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_an_instance_id_anywhere_throws_ArgumentException_before_sending()
    {
        var fake = new FakeCcc();
        using var client = fake.CreateClient(o => o.InstanceId = null);

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetUserAsync(new GetUserRequest { UserId = "u" }));
        Assert.Throws<ArgumentException>(() => client.ListUsersAsync());
        Assert.Equal(0, fake.Count);
    }

    [Fact]
    public async Task The_request_InstanceId_wins_over_the_default()
    {
        var fake = new FakeCcc { Fallback = _ => FakeCcc.Ok("{}") };
        using var client = fake.CreateClient();

        await client.ResetAgentStateAsync(new ResetAgentStateRequest { InstanceId = "ccc-other" });

        Assert.Contains("InstanceId=ccc-other", fake.Requests[0].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_written_model_reads_a_number_where_a_string_is_described_and_an_empty_string_where_a_number_is()
    {
        var fake = new FakeCcc().Then(_ => FakeCcc.Ok("""{"UserId":"agent1@ccc-test","Extension":8001,"DisplayId":1001,"RamId":"","Primary":"true"}"""));
        using var client = fake.CreateClient();

        var user = (await client.GetUserAsync(new GetUserRequest { UserId = "agent1@ccc-test" })).Value;

        Assert.Equal(("8001", "1001", null, true), (user.Extension, user.DisplayId, user.RamId, user.Primary));
    }
}
