using System.Net;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Tests.Emulator.Hardening;

/// <summary>
/// Text that is not Unicode — an escaped lone surrogate inside a JSON-valued parameter, a lone surrogate or invalid
/// UTF-8 in the query or form — is a 400 in the cloud's envelope, never a 500.
/// </summary>
public sealed class LoneSurrogateParameterTests
{
    private static readonly (string, string)[] Page = [("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "10")];

    [Theory]
    [InlineData("AgentIdList", """["\ud800"]""")]
    [InlineData("StateList", """["\udfff"]""")]
    [InlineData("WorkModeList", """["ON_SITE","\ud83d"]""")]
    public async Task An_escaped_lone_surrogate_in_a_JSON_list_parameter_is_a_400_Parameter_Format(string name, string json)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListRealtimeAgentStates", Page.Append((name, json)).ToArray());

        Assert.Equal((HttpStatusCode.BadRequest, "Parameter.Format"), (r.Status, r.Code));
        Assert.Contains(name, r.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_in_EventSubscriptionsJson_is_a_400_Parameter_Format()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("UpdateSubscription", ("InstanceId", "ccc-local"), ("AccessPoint", "https://127.0.0.1:9/hook"),
            ("EventSubscriptionsJson", """[{"Name":"\ud800","Disabled":false}]"""));

        Assert.Equal((HttpStatusCode.BadRequest, "Parameter.Format"), (r.Status, r.Code));
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_in_SkillLevelList_is_a_400_Parameter_Format()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("CreateUser", ("InstanceId", "ccc-local"), ("LoginName", "surrogate1"), ("DisplayName", "S"),
            ("Email", "s@example.com"), ("RoleId", "Agent@ccc-local"), ("SkillLevelList", """[{"skillGroupId":"\udc00","skillLevel":5}]"""));

        Assert.Equal((HttpStatusCode.BadRequest, "Parameter.Format"), (r.Status, r.Code));
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_in_a_form_body_JSON_parameter_is_a_400_Parameter_Format()
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.CallAsync("ListRealtimeAgentStates", Pairs(Page), [new("AgentIdList", """["\ud800"]""")]);

        Assert.Equal((HttpStatusCode.BadRequest, "Parameter.Format"), (r.Status, r.Code));
    }

    [Theory]
    [InlineData("/?InstanceId=%ED%A0%80")] // a UTF-16 surrogate encoded as UTF-8 (CESU): not UTF-8
    [InlineData("/?InstanceId=%FF")]
    [InlineData("/?%ED%B0%80=x")]
    public async Task Invalid_UTF8_in_the_query_is_a_400_InvalidParameter_Format(string target)
    {
        await using var h = await EmulatorHarness.StartAsync();

        var r = await h.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(h.Emulator.Endpoint, target)));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter.Format"), (r.Status, r.Code));
    }

    [Fact]
    public void A_raw_lone_surrogate_in_urlencoded_text_is_refused_not_replaced()
    {
        var e = Assert.Throws<ApiException>(() => UrlEncodedParser.Parse("InstanceId=ccc\ud800local"));
        Assert.Equal((400, "InvalidParameter.Format"), (e.HttpStatusCode, e.Code));

        e = Assert.Throws<ApiException>(() => UrlEncodedParser.Parse("Instance\udc00Id=ccc-local"));
        Assert.Equal("InvalidParameter.Format", e.Code);

        // A proper pair is text, raw or encoded.
        Assert.Equal("\ud83d\ude00", UrlEncodedParser.Parse("a=\ud83d\ude00").Single().Value);
        Assert.Equal("\ud83d\ude00", UrlEncodedParser.Parse("a=%F0%9F%98%80").Single().Value);
    }

    private static KeyValuePair<string, string>[] Pairs((string Name, string Value)[] pairs) =>
        [.. pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];
}
