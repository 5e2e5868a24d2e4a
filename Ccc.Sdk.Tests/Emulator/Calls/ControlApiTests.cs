using System.Net;

namespace Ccc.Sdk.Tests.Emulator.Calls;

/// <summary>The unsigned control API under /_emulator/: JSON errors (400/404/405) for bad input.</summary>
public sealed class ControlApiTests : CallTestBase
{
    [Theory]
    [InlineData("PUT", "/_emulator/phones/13800000001", """{"behavior":"ring"}""", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/phones/13800000001", """{"behavior":"answer","answerAfterMs":-1}""", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/phones/13800000001", """{"behavior":"answer","hangUpAfterMs":"soon"}""", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/phones/13800000001", """{"behaviour":"answer"}""", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/phones/13800000001", "{not json", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/phones/13800000001", "[]", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/phones/abc", """{"behavior":"answer"}""", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/_emulator/phones/13800000001", """{"behavior":"answer"}""", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "/_emulator/agents/ghost@ccc-local", """{"autoAnswer":true}""", HttpStatusCode.NotFound)]
    [InlineData("PUT", "/_emulator/agents/agent1@ccc-local", """{"answerAfterMs":5}""", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/_emulator/calls/inbound", """{"from":"13800000001"}""", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/_emulator/calls/inbound", """{"from":"13800000001","to":"02199999999"}""", HttpStatusCode.NotFound)]
    [InlineData("POST", "/_emulator/calls/inbound", """{"from":"13800000001","to":"02150000001","userName":"ghost"}""", HttpStatusCode.NotFound)]
    [InlineData("POST", "/_emulator/calls/inbound", """{"from":"x","to":"02150000001"}""", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/instances/ccc-local/call-settings", """{"workHours":{"start":"9am","end":"18:00"}}""", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/instances/ccc-local/call-settings", """{"queueOverflow":{"sales@ccc-local":"vip@ccc-local"}}""", HttpStatusCode.BadRequest)]
    [InlineData("PUT", "/_emulator/instances/nope/call-settings", """{}""", HttpStatusCode.NotFound)]
    [InlineData("GET", "/_emulator/nothing-here", null, HttpStatusCode.NotFound)]
    public async Task Bad_control_requests_get_a_JSON_error(string method, string path, string? body, HttpStatusCode status)
    {
        var (actual, json) = await Control(new HttpMethod(method), path, body);

        Assert.Equal(status, actual);
        Assert.False(string.IsNullOrEmpty(Str(json, "Code")));
        Assert.False(string.IsNullOrEmpty(Str(json, "Message")));
    }

    [Fact]
    public async Task Unknown_phones_answer_after_1000_ms_and_never_hang_up_until_configured_and_DELETE_resets_them()
    {
        var (_, before) = await Control(HttpMethod.Get, "/_emulator/phones/13800000001");
        await SetPhone("13800000001", """{"behavior":"noAnswer"}""");
        var (_, set) = await Control(HttpMethod.Get, "/_emulator/phones/13800000001");
        var (_, reset) = await Control(HttpMethod.Delete, "/_emulator/phones/13800000001");

        Assert.Equal(("answer", 1000, JsonNull), (Str(before, "behavior"), before.GetProperty("answerAfterMs").GetInt32(), before.GetProperty("hangUpAfterMs").ValueKind));
        Assert.Equal("noAnswer", Str(set, "behavior"));
        Assert.Equal("answer", Str(reset, "behavior"));
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Call_settings_round_trip_and_the_control_API_is_not_signed()
    {
        var (status, settings) = await Control(HttpMethod.Put, "/_emulator/instances/ccc-local/call-settings",
            """{"afterCallWorkSeconds":5,"inboundBlacklist":["13800000001"],"workHours":{"start":"08:30","end":"20:00"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, settings.GetProperty("afterCallWorkSeconds").GetInt32());
        Assert.Equal("08:30", Str(settings.GetProperty("workHours"), "start"));
        Assert.Equal(480, settings.GetProperty("workHours").GetProperty("utcOffsetMinutes").GetInt32());
        Assert.True(settings.GetProperty("familiarAgentRouting").GetBoolean());
    }

    [Fact]
    public async Task The_events_of_a_call_are_listed_in_order_with_the_reference_names()
    {
        await Ready(Agent1, Sales);
        var contactId = await Inbound("13800000001", BeijingLine);

        var (status, events) = await Control(HttpMethod.Get, $"/_emulator/calls/{contactId}/events");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Route2IVR", "AssignAgent", "Ringing", "AgentRinging"], events.EnumerateArray().Select(e => Str(e, "EventType")));
        Assert.Equal(Agent1, Str(events[1], "AgentId"));
    }
}
