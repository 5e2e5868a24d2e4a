using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Tests.Emulator.Conformance;

/// <summary>
/// The gateway checks every request against the cloud's description before any handler runs
/// (docs/decisions/0007-request-validation.md) and every answer against the action's response model
/// (docs/decisions/0008-response-conformance.md). Raw signed requests, no SDK.
/// </summary>
public sealed class GatewayConformanceTests
{
    private static readonly (string, string)[] Page = [("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "10")];

    // ---- requests ----

    [Fact]
    public async Task A_required_parameter_of_the_description_that_is_absent_or_empty_is_Missing_Name()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var absent = await h.CallAsync("ListUsers", ("InstanceId", "ccc-local"), ("PageSize", "10"));
        var empty = await h.CallAsync("ListUsers", ("InstanceId", "ccc-local"), ("PageNumber", ""), ("PageSize", "10"));

        Assert.Equal((HttpStatusCode.BadRequest, "MissingPageNumber"), (absent.Status, absent.Code));
        Assert.Equal("PageNumber is mandatory for this action.", absent.Body.GetProperty("Message").GetString());
        Assert.Equal("MissingPageNumber", empty.Code);
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("1.5")]
    [InlineData("2147483648")] // beyond 32 bits
    public async Task An_integer_parameter_that_is_not_a_32_bit_integer_is_InvalidParameter_Format_naming_it(string value)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", ("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", value));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter.Format"), (r.Status, r.Code));
        var message = r.Body.GetProperty("Message").GetString()!;
        Assert.Contains("PageSize", message, StringComparison.Ordinal);
        Assert.Contains("integer (32-bit)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, message, StringComparison.Ordinal); // values are never echoed
    }

    [Fact]
    public async Task A_long_parameter_takes_64_bit_values_and_refuses_others()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var big = await h.CallAsync("ListCallDetailRecords", [.. Page, ("StartTime", "4102444800000")]);
        var bad = await h.CallAsync("ListCallDetailRecords", [.. Page, ("StartTime", "yesterday")]);

        Assert.Equal("OK", big.Code);
        Assert.Equal("InvalidParameter.Format", bad.Code);
        Assert.Contains("StartTime", bad.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains("long (64-bit integer)", bad.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes", "InvalidParameter.Format")]
    [InlineData("1", "InvalidParameter.Format")]
    [InlineData("true", "OK")]
    [InlineData("False", "OK")]
    public async Task A_boolean_parameter_is_true_or_false(string value, string code)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListPhoneNumbers", [.. Page, ("Active", value)]);

        Assert.Equal(code, r.Code);
        if (code != "OK")
        {
            Assert.Contains("Active", r.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
            Assert.Contains("boolean (true or false)", r.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("[\"a\",", "does not parse")] // malformed
    [InlineData("{\"a\":\"b\"}", "its root is object")] // JSON, but not the described array
    [InlineData("[1,2]", "[0]: expected string")] // an array, but of numbers
    public async Task A_JSON_parameter_must_parse_as_its_described_type_before_the_not_simulated_answer(string value, string problem)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListCallSummaries", ("InstanceId", "ccc-local"), ("ContactIdList", value));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter.Format"), (r.Status, r.Code));
        var message = r.Body.GetProperty("Message").GetString()!;
        Assert.Contains("ContactIdList", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_object_parameter_refuses_another_root_and_members_of_the_wrong_type()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var array = await h.CallAsync("AddSchemaProperty", [new("InstanceId", "ccc-local"), new("SchemaId", "s")], form: [new("Property", "[1]")]);
        var wrongMember = await h.CallAsync("AddSchemaProperty", [new("InstanceId", "ccc-local"), new("SchemaId", "s")], form: [new("Property", "{\"MaxLength\":\"long\"}")]);
        var good = await h.CallAsync("AddSchemaProperty", [new("InstanceId", "ccc-local"), new("SchemaId", "s")], form: [new("Property", "{\"MaxLength\":12,\"Name\":\"n\",\"Unlisted\":1}")]);

        Assert.Equal("InvalidParameter.Format", array.Code);
        Assert.Contains("its root is array", array.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal("InvalidParameter.Format", wrongMember.Code);
        Assert.Contains("MaxLength", wrongMember.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Emulator.NotSimulated", good.Code); // unlisted members are ignored, like unknown parameters
    }

    [Fact]
    public async Task An_action_the_description_does_not_have_is_InvalidApi_NotFound()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListEverything", Page);

        Assert.Equal((HttpStatusCode.NotFound, "InvalidApi.NotFound"), (r.Status, r.Code));
        Assert.False(r.HasParams);
    }

    [Fact]
    public async Task An_action_of_the_description_that_is_not_simulated_is_501_Emulator_NotSimulated_with_the_exact_message()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListCallSummaries", ("InstanceId", "ccc-local"), ("ContactIdList", "[\"job-1\"]"));

        Assert.Equal((HttpStatusCode.NotImplemented, "Emulator.NotSimulated"), (r.Status, r.Code));
        Assert.Equal(
            "The action ListCallSummaries of CCC OpenAPI 2020-07-01 is not simulated by the Ccc.Sdk emulator; only the cloud answers it (docs/emulator.md#actions-not-simulated).",
            r.Body.GetProperty("Message").GetString());
        Assert.Equal(501, r.Body.GetProperty("HttpStatusCode").GetInt32());
        Assert.Equal(["ListCallSummaries"], r.Body.GetProperty("Params").EnumerateArray().Select(e => e.GetString())); // its model has Params
        Assert.False(r.Body.TryGetProperty("Data", out _));
        Assert.Equal(["RequestId", "Code", "HttpStatusCode", "Message", "Params"], r.Body.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_parameter_check_runs_before_the_not_simulated_answer()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListCallSummaries", ("ContactIdList", "[\"job-1\"]"));

        Assert.Equal((HttpStatusCode.BadRequest, "MissingInstanceId"), (r.Status, r.Code));
    }

    [Fact]
    public async Task A_not_simulated_action_whose_model_types_HttpStatusCode_as_a_string_gets_a_string_and_no_Params()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("AbortCampaign", ("InstanceId", "ccc-local"), ("CampaignId", "c-1"));

        Assert.Equal("Emulator.NotSimulated", r.Code);
        Assert.Equal(JsonValueKind.String, r.Body.GetProperty("HttpStatusCode").ValueKind);
        Assert.Equal("501", r.Body.GetProperty("HttpStatusCode").GetString());
        Assert.False(r.HasParams);
    }

    [Fact]
    public async Task A_GET_action_is_checked_and_answered_over_GET()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var ok = await h.CallAsync("ListSkillGroupStates", [new("InstanceId", "ccc-local")], tweak: Get);
        var bad = await h.CallAsync("ListSkillGroupStates", [new("InstanceId", "ccc-local"), new("PageSize", "many")], tweak: Get);

        Assert.Equal((HttpStatusCode.OK, "OK"), (ok.Status, ok.Code)); // ListSkillGroupStates is simulated (a GET action of the reports).
        Assert.Equal("InvalidParameter.Format", bad.Code);

        static void Get(V3Request request)
        {
            request.Method = "GET";
            request.Sign();
        }
    }

    [Fact]
    public async Task Parameters_count_wherever_they_arrive_body_located_ones_in_the_form_and_query_located_ones_in_the_form_too()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var bodyInForm = await h.CallAsync("ListRealtimeAgentStates", Page.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)),
            form: [new("AgentIdList", "[\"agent1@ccc-local\"]")]);
        var queryInForm = await h.CallAsync("ListUsers", [new("InstanceId", "ccc-local")], form: [new("PageNumber", "1"), new("PageSize", "2")]);
        var badInForm = await h.CallAsync("ListUsers", [new("InstanceId", "ccc-local")], form: [new("PageNumber", "one"), new("PageSize", "2")]);

        Assert.Equal("OK", bodyInForm.Code);
        Assert.Equal("agent1@ccc-local", Assert.Single(bodyInForm.Data.GetProperty("List").EnumerateArray()).GetProperty("AgentId").GetString());
        Assert.Equal(2, queryInForm.Data.GetProperty("PageSize").GetInt32());
        Assert.Equal("InvalidParameter.Format", badInForm.Code);
    }

    [Fact]
    public async Task Unknown_extra_parameters_are_ignored()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListUsers", [.. Page, ("Flavour", "vanilla")]);

        Assert.Equal("OK", r.Code);
    }

    // ---- responses ----

    [Fact]
    public async Task A_valid_answer_passes_the_response_check()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.ConfigureActions = registry =>
            registry.Replace("GetNumberLocation", _ => new JsonObject { ["Number"] = "02150000001", ["Province"] = "上海", ["City"] = null }));

        var r = await h.CallAsync("GetNumberLocation", ("InstanceId", "ccc-local"), ("Number", "02150000001"));

        Assert.Equal("OK", r.Code);
        Assert.Equal(JsonValueKind.Null, r.Data.GetProperty("City").ValueKind); // JSON null is allowed for every type
    }

    [Fact]
    public async Task An_extra_field_fails_the_request_with_Emulator_NonConformantResponse_naming_action_and_path()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.ConfigureActions = registry =>
            registry.Replace("GetNumberLocation", _ => new JsonObject { ["Number"] = "02150000001", ["Carrier"] = "made up" }));

        var r = await h.CallAsync("GetNumberLocation", ("InstanceId", "ccc-local"), ("Number", "02150000001"));

        Assert.Equal((HttpStatusCode.InternalServerError, "Emulator.NonConformantResponse"), (r.Status, r.Code));
        var message = r.Body.GetProperty("Message").GetString()!;
        Assert.Contains("GetNumberLocation", message, StringComparison.Ordinal);
        Assert.Contains("Data.Carrier", message, StringComparison.Ordinal);
        Assert.Contains("no such property", message, StringComparison.Ordinal);
        Assert.False(r.Body.TryGetProperty("Data", out _));
        Assert.False(r.HasParams); // GetNumberLocation's model has no Params, the refusal neither
    }

    [Fact]
    public async Task A_value_of_the_wrong_JSON_type_fails_the_request()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.ConfigureActions = registry =>
            registry.Replace("GetNumberLocation", _ => new JsonObject { ["Number"] = 2150000001 }));

        var r = await h.CallAsync("GetNumberLocation", ("InstanceId", "ccc-local"), ("Number", "02150000001"));

        Assert.Equal("Emulator.NonConformantResponse", r.Code);
        Assert.Contains("Data.Number: expected string, found number", r.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3_000_000_000L, "an integer out of its range")]
    [InlineData(1.5, "a non-integral number")]
    public async Task An_integer_must_be_integral_and_within_32_bits(object count, string problem)
    {
        JsonNode value = count is long l ? JsonValue.Create(l) : JsonValue.Create((double)count);
        await using var h = await EmulatorHarness.StartAsync(o => o.ConfigureActions = registry =>
            registry.Replace("ListSkillGroups", _ => new JsonObject { ["List"] = new JsonArray(), ["PageNumber"] = 1, ["PageSize"] = 20, ["TotalCount"] = value.DeepClone() }));

        var r = await h.CallAsync("ListSkillGroups", Page);

        Assert.Equal("Emulator.NonConformantResponse", r.Code);
        Assert.Contains($"Data.TotalCount: expected integer (32-bit), found {problem}", r.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nested_extra_field_fails_the_request_with_its_full_path()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.ConfigureActions = registry =>
            registry.Replace("ListSkillGroups", _ => new JsonObject
            {
                ["List"] = new JsonArray(
                    new JsonObject { ["SkillGroupId"] = "a", ["UserCount"] = 1 },
                    new JsonObject { ["SkillGroupId"] = "b", ["Supervisor"] = new JsonObject { ["Name"] = "x" } }),
                ["PageNumber"] = 1,
                ["PageSize"] = 20,
                ["TotalCount"] = 2,
            }));

        var r = await h.CallAsync("ListSkillGroups", Page);

        Assert.Equal("Emulator.NonConformantResponse", r.Code);
        Assert.Contains("at Data.List[1].Supervisor:", r.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_only_action_with_its_own_description_is_checked_against_it()
    {
        var description = Ccc.Sdk.Emulator.Description.ApiDescription.Parse("""
            {"product":"CCC","version":"2020-07-01","actions":{"Probe":{"method":"POST","parameters":[
              {"name":"Size","in":"query","required":true,"schema":{"type":"integer"}}],
             "response":{"type":"object","properties":{"RequestId":{"type":"string"},"Code":{"type":"string"},
              "HttpStatusCode":{"type":"integer"},"Message":{"type":"string"},
              "Data":{"type":"object","properties":{"Values":{"type":"array","items":{"type":"long"}},"Tags":{"type":"map"},"Raw":{"type":"any"}}}}}}}}
            """u8).Actions["Probe"];
        await using var h = await EmulatorHarness.StartAsync(o => o.ConfigureActions = registry =>
            registry.Add("Probe", description, context => context.Get("Size") == "1"
                ? new JsonObject { ["Values"] = new JsonArray(1, 9_000_000_000), ["Tags"] = new JsonObject { ["any"] = 1 }, ["Raw"] = new JsonArray("x", 2) }
                : new JsonObject { ["Values"] = new JsonArray(1, "two") }));

        var good = await h.CallAsync("Probe", ("Size", "1"));
        var bad = await h.CallAsync("Probe", ("Size", "2"));
        var missing = await h.CallAsync("Probe");

        Assert.Equal("OK", good.Code);
        Assert.False(good.HasParams);
        Assert.Equal("Emulator.NonConformantResponse", bad.Code);
        Assert.Contains("Data.Values[1]: expected long (64-bit integer), found string", bad.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal("MissingSize", missing.Code);
    }

    [Fact]
    public async Task With_ValidateResponses_off_the_answer_is_sent_unchecked()
    {
        await using var h = await EmulatorHarness.StartAsync(o =>
        {
            o.ValidateResponses = false;
            o.ConfigureActions = registry => registry.Replace("GetNumberLocation", _ => new JsonObject { ["Number"] = "1", ["Carrier"] = "made up" });
        });

        var r = await h.CallAsync("GetNumberLocation", ("InstanceId", "ccc-local"), ("Number", "02150000001"));

        Assert.Equal("OK", r.Code);
        Assert.Equal("made up", r.Data.GetProperty("Carrier").GetString());
    }

    [Fact]
    public void The_emulator_registers_exactly_the_simulated_actions_and_each_is_in_the_description()
    {
        var listed = File.ReadAllLines(Path.Combine(Ccc.Sdk.TestSupport.Repository.Root, "api", "simulated-actions.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var registered = ActionRegistry.CreateDefault().Names.Where(n => n != "GetSubscription").Order(StringComparer.Ordinal).ToList(); // GetSubscription: moving to the control API (helper "events")

        Assert.Equal(listed, registered);
        Assert.All(registered, n => Assert.True(Ccc.Sdk.Emulator.Description.ApiDescription.Default.Actions.ContainsKey(n), n));
    }
}
