using System.Text.Json;
using Ccc.Sdk.Tests.Client;
using Moq;

namespace Ccc.Sdk.Tests.Generated;

/// <summary>Responses read into the generated types: one per schema feature, tolerant where the wire is loose, typed errors where it is wrong.</summary>
public sealed class GeneratedResponseTests
{
    private static string Envelope(string data) => $$"""{"RequestId":"req-9","Code":"OK","HttpStatusCode":200,"Message":"","Data":{{data}}}""";

    [Fact]
    public async Task A_nested_object_a_map_and_an_array_of_maps_read_into_their_generated_types()
    {
        var fake = new FakeCcc().ThenJson(Envelope("""
            {"Documents":[{"name":"a","age":3}],"NextPageToken":"t2","TotalCount":7000000000,
             "Schema":{"Id":"s1","Deleted":false,"Properties":{"name":{"DataType":"string"},"age":{"DataType":"integer"}}}}
            """));
        using var client = fake.CreateClient();

        var response = await client.ListDocumentsAsync(new ListDocumentsRequest { SchemaId = "s1" });

        ListDocumentsResult data = response.Value;
        Assert.Equal("req-9", response.RequestId);
        Assert.Equal(7000000000L, data.TotalCount);
        Assert.Equal("t2", data.NextPageToken);
        var document = Assert.Single(data.Documents!);
        Assert.Equal("a", document["name"].GetString());
        Assert.Equal(3, document["age"].GetInt32());
        Assert.Equal("s1", data.Schema!.Id);
        Assert.False(data.Schema.Deleted);
        Assert.Equal(["age", "name"], data.Schema.Properties!.Keys.Order());
        Assert.Equal("integer", data.Schema.Properties["age"].GetProperty("DataType").GetString());
    }

    [Fact]
    public async Task An_array_of_objects_with_nested_objects_longs_and_numbers_reads_into_the_generated_types()
    {
        var fake = new FakeCcc().ThenJson(Envelope("""
            [{"StatsTime":1767225600000,"Overall":{"AverageTalkTime":12.5,"TotalCalls":4,"LastCheckOutTime":1,"LastCheckoutTime":2,
              "BreakCodeDetailList":[{"BreakCode":"lunch","Count":2,"Duration":600}]}}]
            """));
        using var client = fake.CreateClient();

        var response = await client.ListIntervalAgentReportAsync(new ListIntervalAgentReportRequest { AgentId = "agent@ccc-test" });

        var item = Assert.Single(response.Value);
        Assert.Equal(1767225600000L, item.StatsTime);
        Assert.Equal(12.5, item.Overall!.AverageTalkTime);
        Assert.Equal(4L, item.Overall.TotalCalls);
        Assert.Equal(1L, item.Overall.LastCheckOutTime);
        Assert.Equal(2L, item.Overall.LastCheckoutTime);
        var detail = Assert.Single(item.Overall.BreakCodeDetailList!);
        Assert.Equal("lunch", detail.BreakCode);
        Assert.Equal(600L, detail.Duration);
    }

    [Fact]
    public async Task An_any_Data_reads_as_the_JSON_value_itself()
    {
        var fake = new FakeCcc().ThenJson(Envelope("""{"TaskId":"t-1","Extra":[1,2]}"""));
        using var client = fake.CreateClient();

        var response = await client.AddTicketTaskAsync(new AddTicketTaskRequest { TicketId = "tk-1", TaskId = "task-1", Assignee = "agent@ccc-test", Comment = "please" });

        Assert.Equal("t-1", response.Value.GetProperty("TaskId").GetString());
        Assert.Equal(2, response.Value.GetProperty("Extra").GetArrayLength());
    }

    [Fact]
    public async Task Values_are_read_tolerantly_a_number_where_a_string_is_described_and_strings_where_numbers_and_booleans_are()
    {
        var fake = new FakeCcc().ThenJson(Envelope("""
            {"CampaignId":12345,"Name":true,"MaxAttemptCount":"3","CompletionRate":"0.5","Simulation":"true","TotalCases":"","QueueName":null}
            """));
        using var client = fake.CreateClient();

        var data = (await client.GetCampaignAsync(new GetCampaignRequest { CampaignId = "12345" })).Value;

        Assert.Equal("12345", data.CampaignId);
        Assert.Equal("true", data.Name);
        Assert.Equal(3L, data.MaxAttemptCount);
        Assert.Equal(0.5, data.CompletionRate);
        Assert.True(data.Simulation);
        Assert.Null(data.TotalCases);
        Assert.Null(data.QueueName);
    }

    [Fact]
    public async Task A_Data_that_contradicts_the_description_is_a_typed_InvalidResponse_error()
    {
        var fake = new FakeCcc().ThenJson(Envelope("""{"MaxAttemptCount":{"not":"a number"}}"""));
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CccServiceException>(() => client.GetCampaignAsync(new GetCampaignRequest { CampaignId = "c" }));

        Assert.Equal("InvalidResponse", ex.Code);
        Assert.Equal("req-9", ex.RequestId);
    }

    [Fact]
    public async Task An_epoch_millisecond_field_override_reads_as_a_DateTimeOffset_and_its_parameters_go_out_as_epoch_milliseconds()
    {
        var fake = new FakeCcc().ThenJson(Envelope("""{"List":[{"ContactId":"job-1","StartTime":1767225600123,"Duration":30}],"PageNumber":1,"PageSize":10,"TotalCount":1}"""));
        using var client = fake.CreateClient();

        var items = new List<RecentCallDetailRecord>();
        await foreach (var record in client.ListRecentCallDetailRecordsAsync(new ListRecentCallDetailRecordsRequest
        {
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(1767225600000),
            EndTime = DateTimeOffset.FromUnixTimeMilliseconds(1767229200000),
        }))
        {
            items.Add(record);
        }

        var item = Assert.Single(items);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600123), item.StartTime);
        Assert.Equal(30L, item.Duration);
        var seen = Assert.Single(fake.Requests);
        Assert.Equal("StartTime=1767225600000", seen.Body); // described in the body
        Assert.Contains("EndTime=1767229200000", seen.PathAndQuery, StringComparison.Ordinal); // described in the query
    }

    [Fact]
    public async Task The_json_list_and_epoch_overrides_of_ListHistoricalAgentReport_go_out_in_their_described_wire_form()
    {
        var fake = new FakeCcc().ThenJson(Envelope("""{"List":[],"PageNumber":1,"PageSize":100,"TotalCount":0}"""));
        using var client = fake.CreateClient();

        await foreach (var _ in client.ListHistoricalAgentReportAsync(new ListHistoricalAgentReportRequest
        {
            AgentIdList = ["a1@ccc-test", "a2@ccc-test"],
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(1767225600000),
            StopTime = DateTimeOffset.FromUnixTimeMilliseconds(1767311999999),
        }))
        {
        }

        var seen = Assert.Single(fake.Requests);
        Assert.Equal("AgentIdList=%5B%22a1%40ccc-test%22%2C%22a2%40ccc-test%22%5D", seen.Body);
        Assert.Contains("StartTime=1767225600000", seen.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("StopTime=1767311999999", seen.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_with_fields_outside_Data_reads_them_too()
    {
        var fake = new FakeCcc().ThenJson("""{"RequestId":"req-5","Code":"OK","HttpStatusCode":"200","Message":"","FlowPackageData":"UEsDBA=="}""");
        using var client = fake.CreateClient();

        var response = await client.ExportContactFlowAsync(new ExportContactFlowRequest { FlowId = "flow-1" });

        Assert.Equal("UEsDBA==", response.Value.FlowPackageData);
        Assert.Equal("req-5", response.RequestId);
        var seen = Assert.Single(fake.Requests);
        Assert.Contains("InstanceId=ccc-test", seen.Body, StringComparison.Ordinal); // InstanceId is described in the body
        Assert.Contains("FlowId=flow-1", seen.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_Data_that_is_absent_reads_as_an_empty_list()
    {
        var fake = new FakeCcc().ThenJson("""{"RequestId":"r","Code":"OK","HttpStatusCode":200}""");
        using var client = fake.CreateClient();

        var response = await client.ListIntervalAgentReportAsync(new ListIntervalAgentReportRequest { AgentId = "agent@ccc-test" });

        Assert.Empty(response.Value);
    }

    [Fact]
    public async Task A_service_error_from_a_generated_method_is_the_usual_typed_exception()
    {
        var fake = new FakeCcc().Then(_ => FakeCcc.Error(System.Net.HttpStatusCode.NotFound, "NotExists.CampaignId", "no such campaign"));
        using var client = fake.CreateClient();

        var ex = await Assert.ThrowsAnyAsync<CccException>(() => client.GetCampaignAsync(new GetCampaignRequest { CampaignId = "nope" }));

        Assert.Equal("NotExists.CampaignId", ex.Code);
        Assert.Equal("GetCampaign", ex.Action);
    }

    [Fact]
    public async Task Generated_methods_are_virtual_and_can_be_mocked_with_Moq()
    {
        var ccc = new Mock<CccClient>();
        ccc.Setup(c => c.GetCampaignAsync(It.Is<GetCampaignRequest>(r => r.CampaignId == "c1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CccResponse<GetCampaignResult>(new GetCampaignResult { CampaignId = "c1", State = "Running" }, "req-1"));
        ccc.Setup(c => c.ListCampaignsAsync(It.IsAny<ListCampaignsRequest?>(), It.IsAny<CancellationToken>()))
            .Returns(CccPageable<ListCampaignsItem>.FromPages([new CccPage<ListCampaignsItem>([new ListCampaignsItem { CampaignId = "c1" }], 1, 100, 1, "req-2")]));

        GetCampaignResult campaign = await ccc.Object.GetCampaignAsync(new GetCampaignRequest { CampaignId = "c1" });
        var listed = new List<ListCampaignsItem>();
        await foreach (var c in ccc.Object.ListCampaignsAsync())
        {
            listed.Add(c);
        }

        Assert.Equal("Running", campaign.State);
        Assert.Equal("c1", Assert.Single(listed).CampaignId);
    }
}
