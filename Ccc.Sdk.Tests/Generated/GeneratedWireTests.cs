using System.Globalization;
using System.Text;
using Ccc.Sdk.Signing;
using Ccc.Sdk.Tests.Client;

namespace Ccc.Sdk.Tests.Generated;

/// <summary>Generated requests travel exactly as the description says: method, query or form body, JSON text, required checks.</summary>
public sealed class GeneratedWireTests
{
    private const string EmptyPage = """{"List":[],"PageNumber":1,"PageSize":10,"TotalCount":0}""";

    private static Dictionary<string, string> Query(SeenRequest seen) => Pairs(seen.PathAndQuery.Contains('?', StringComparison.Ordinal)
        ? seen.PathAndQuery[(seen.PathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..]
        : string.Empty);

    private static Dictionary<string, string> Pairs(string encoded) => encoded.Length == 0
        ? []
        : encoded.Split('&').Select(p => p.Split('=', 2)).ToDictionary(
            p => Uri.UnescapeDataString(p[0]),
            p => Uri.UnescapeDataString(p[1].Replace('+', ' ')),
            StringComparer.Ordinal);

    private static void AssertSignatureVerifies(SeenRequest seen, string method)
    {
        var query = Query(seen).Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList();
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
            method, "/", query, signedHeaders, seen.Headers["x-acs-content-sha256"], FakeCcc.AccessKeyId, FakeCcc.AccessKeySecret);
        Assert.Equal(expected, seen.Headers["authorization"]);
    }

    [Fact]
    public async Task A_GET_action_goes_out_as_an_HTTP_GET_with_every_parameter_in_the_query_and_signed_as_GET()
    {
        // Contract with the transport (ApiRequest.Method): ListSkillGroupStates is described as GET.
        var fake = new FakeCcc().ThenJson($$"""{"RequestId":"r","Code":"OK","HttpStatusCode":200,"Success":true,"Data":{{EmptyPage}}}""");
        using var client = fake.CreateClient();

        await foreach (var _ in client.ListSkillGroupStatesAsync(new ListSkillGroupStatesRequest { SkillGroupIds = "skg-1@ccc-test,skg-2@ccc-test" }).AsPages(10))
        {
        }

        var seen = Assert.Single(fake.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal(string.Empty, seen.Body);
        Assert.Null(seen.ContentType);
        var query = Query(seen);
        Assert.Equal("ccc-test", query["InstanceId"]);
        Assert.Equal("1", query["PageNumber"]);
        Assert.Equal("10", query["PageSize"]);
        Assert.Equal("skg-1@ccc-test,skg-2@ccc-test", query["SkillGroupIds"]);
        Assert.Equal("ListSkillGroupStates", seen.Headers["x-acs-action"]);
        AssertSignatureVerifies(seen, "GET");
    }

    [Fact]
    public async Task Parameters_described_in_the_body_travel_in_the_form_body_InstanceId_too_and_the_rest_in_the_query()
    {
        var fake = new FakeCcc().ThenJson("""{"RequestId":"r","Code":"OK","HttpStatusCode":200}""");
        using var client = fake.CreateClient();

        await client.DeleteDocumentsAsync(new DeleteDocumentsRequest
        {
            SchemaId = "schema-1",
            DocumentIds = ["doc-1", "文档-2"],
            RequestId = "client-req-7",
        });

        var seen = Assert.Single(fake.Requests);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("application/x-www-form-urlencoded", seen.ContentType);
        var form = Pairs(seen.Body);
        Assert.Equal("ccc-test", form["InstanceId"]);
        Assert.Equal("schema-1", form["SchemaId"]);
        Assert.Equal("""["doc-1","文档-2"]""", form["DocumentIds"]);
        Assert.Equal("client-req-7", form["RequestId"]);
        Assert.Empty(Query(seen));
        Assert.Equal(Acs3HmacSha256Signer.HashPayload(Encoding.UTF8.GetBytes(seen.Body)), seen.Headers["x-acs-content-sha256"]);
        AssertSignatureVerifies(seen, "POST");
    }

    [Fact]
    public async Task AppendCases_sends_its_cases_as_compact_JSON_text_in_the_form_parameter_named_body()
    {
        var fake = new FakeCcc().ThenJson("""{"RequestId":"r","Code":"OK","HttpStatusCode":200,"Data":[{"PhoneNumber":"1380000","ReferenceId":"ref-1","CustomVariables":"{}"}]}""");
        using var client = fake.CreateClient();

        var response = await client.AppendCasesAsync(new AppendCasesRequest
        {
            CampaignId = "camp-1",
            Cases = [new AppendCasesCase { PhoneNumber = "1380000", ReferenceId = "ref-1" }, new AppendCasesCase { PhoneNumber = "1390000", AgentId = "张三@ccc-test" }],
        });

        var seen = Assert.Single(fake.Requests);
        Assert.Equal("camp-1", Query(seen)["CampaignId"]);
        Assert.Equal(
            """[{"PhoneNumber":"1380000","ReferenceId":"ref-1"},{"AgentId":"张三@ccc-test","PhoneNumber":"1390000"}]""",
            Pairs(seen.Body)["body"]);
        var item = Assert.Single(response.Value);
        Assert.Equal("ref-1", item.ReferenceId);
    }

    [Fact]
    public async Task JSON_serialised_query_parameters_are_sent_as_compact_JSON_text_and_the_string_Data_is_returned()
    {
        var fake = new FakeCcc().ThenJson("""{"RequestId":"r","Code":"OK","HttpStatusCode":200,"Data":"camp-42"}""");
        using var client = fake.CreateClient();

        var response = await client.CreateCampaignAsync(NewCampaign());

        var query = Query(Assert.Single(fake.Requests));
        Assert.Equal("""["02100000001","02100000002"]""", query["NumberList"]);
        Assert.Equal("""[{"CustomVariables":"{\"名\":\"王\"}","PhoneNumber":"1380000"}]""", query["CaseList"]);
        Assert.Equal("3", query["MaxAttemptCount"]);
        Assert.Equal("false", query["Simulation"]);
        Assert.Equal("camp-42", response.Value);
    }

    private static CreateCampaignRequest NewCampaign() => new()
    {
        Name = "spring",
        CallableTime = "[{\"Day\":1}]",
        ContactFlowId = "flow-1",
        QueueId = "queue-1",
        StartTime = "2026-01-01 09:00:00",
        EndTime = "2026-01-31 18:00:00",
        MaxAttemptCount = 3,
        MinAttemptInterval = 60,
        StrategyType = "PREDICTIVE",
        StrategyParameters = "{}",
        Simulation = false,
        NumberList = ["02100000001", "02100000002"],
        CaseList = [new CreateCampaignCase { PhoneNumber = "1380000", CustomVariables = "{\"名\":\"王\"}" }],
    };

    [Fact]
    public async Task A_missing_required_string_parameter_throws_ArgumentException_naming_it_and_nothing_is_sent()
    {
        var fake = new FakeCcc();
        using var client = fake.CreateClient();
        var request = NewCampaign();
        request.Name = null;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.CreateCampaignAsync(request));

        Assert.Equal("Name", ex.ParamName);
        Assert.Equal(0, fake.Count);
    }

    [Fact]
    public async Task A_missing_required_number_parameter_throws_ArgumentException_naming_it_and_nothing_is_sent()
    {
        var fake = new FakeCcc();
        using var client = fake.CreateClient();
        var request = NewCampaign();
        request.MaxAttemptCount = null;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.CreateCampaignAsync(request));

        Assert.Equal("MaxAttemptCount", ex.ParamName);
        Assert.Equal(0, fake.Count);
    }

    [Fact]
    public void A_paged_action_with_a_missing_required_parameter_throws_before_enumeration_and_sends_nothing()
    {
        var fake = new FakeCcc();
        using var client = fake.CreateClient();

        var ex = Assert.Throws<ArgumentException>(() => client.ListAttemptsAsync(new ListAttemptsRequest { CampaignId = "camp-1" }));

        Assert.Equal("CaseId", ex.ParamName);
        Assert.Equal(0, fake.Count);
    }

    [Fact]
    public async Task A_paged_action_pages_through_two_pages_with_PageNumber_and_PageSize_in_the_query()
    {
        var fake = new FakeCcc()
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(1, 2, 3, """{"CampaignId":"c1","MaxAttemptCount":5000000000}""", """{"CampaignId":"c2","CompletionRate":0.25}""")))
            .Then(_ => FakeCcc.Ok(FakeCcc.Page(2, 2, 3, """{"CampaignId":"c3","Simulation":true}""")));
        using var client = fake.CreateClient();

        var pages = new List<CccPage<ListCampaignsItem>>();
        await foreach (var page in client.ListCampaignsAsync(new ListCampaignsRequest { State = "Running" }).AsPages(2))
        {
            pages.Add(page);
        }

        Assert.Equal(2, pages.Count);
        Assert.Equal(["c1", "c2", "c3"], pages.SelectMany(p => p.Items).Select(i => i.CampaignId));
        Assert.Equal(5000000000L, pages[0].Items[0].MaxAttemptCount);
        Assert.Equal(0.25, pages[0].Items[1].CompletionRate);
        Assert.True(pages[1].Items[0].Simulation);
        Assert.Equal(3, pages[0].TotalCount);
        Assert.Equal(["1", "2"], fake.Requests.Select(r => Query(r)["PageNumber"]));
        Assert.All(fake.Requests, r => Assert.Equal("2", Query(r)["PageSize"]));
        Assert.All(fake.Requests, r => Assert.Equal("Running", Query(r)["State"]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_action_the_description_gives_no_InstanceId_sends_none_and_needs_none(bool clientHasDefaultInstance)
    {
        var fake = new FakeCcc().Then(_ => FakeCcc.Ok(EmptyPage));
        using var client = fake.CreateClient(o => o.InstanceId = clientHasDefaultInstance ? "ccc-test" : null);

        await foreach (var _ in client.ListInstancesAsync())
        {
        }

        var seen = Assert.Single(fake.Requests);
        Assert.DoesNotContain("InstanceId", seen.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("1", Query(seen)["PageNumber"]);
    }

    [Fact]
    public async Task A_state_changing_generated_action_is_not_resent_after_the_connection_dropped()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Abort(); // the request arrived; the response never leaves
            return Task.CompletedTask;
        });
        using var client = new CccClient(
            new Ccc.Sdk.Auth.AccessKeyCredential(FakeCcc.AccessKeyId, FakeCcc.AccessKeySecret),
            new CccClientOptions { Endpoint = server.BaseAddress, InstanceId = "ccc-test" });

        var ex = await Assert.ThrowsAsync<CccRequestOutcomeUnknownException>(() => client.CreateCampaignAsync(NewCampaign()));

        Assert.Single(server.Requests);
        Assert.Equal("CreateCampaign", ex.Action);
    }

    [Fact]
    public void Epoch_millisecond_overrides_format_invariantly_whatever_the_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            var api = new ApiRequest("ListHistoricalAgentReport");
            new ListHistoricalAgentReportRequest { StartTime = DateTimeOffset.FromUnixTimeMilliseconds(1767225600123) }.WriteParameters(api);
            Assert.Equal("1767225600123", api.Query.Single(p => p.Key == "StartTime").Value);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
