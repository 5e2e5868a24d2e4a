namespace Ccc.Sdk.Tests.Calls.Scenarios;

/// <summary>
/// The outbound rules of MakeCall (docs/emulator-calls.md, "Outbound rules"), through <see cref="CccClient.MakeCallAsync"/>:
/// each refusal is a typed exception carrying the emulator's code, each choice is visible on the channel and in the record.
/// </summary>
public sealed class OutboundScenarios : ScenarioTestBase
{
    private const string Customer = "13800000001"; // 138 = 北京 in the emulator's number-location table

    private Task<CccResponse<CallControlResult>> Dial(string userId, string callee, string? caller = null, string? maskedCallee = null) =>
        Client.MakeCallAsync(new MakeCallRequest { UserId = userId, Callee = callee, Caller = caller, MaskedCallee = maskedCallee });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MakeCall_by_an_agent_who_is_not_READY_throws_UserStateNotAllowed(bool signedInOnBreak)
    {
        if (signedInOnBreak)
        {
            await Client.SignInGroupAsync(new SignInGroupRequest { UserId = Agent1, DeviceId = "dev", SignedSkillGroupIdList = [Sales] });
        }

        var ex = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent1, Customer));

        Assert.Equal(("UserStateNotAllowed", 400, "MakeCall"), (ex.Code, ex.HttpStatusCode, ex.Action));
    }

    [Fact]
    public async Task MakeCall_during_a_call_or_after_call_work_throws_UserStateNotAllowed()
    {
        await Ready(Agent1);
        var jobId = (await Dial(Agent1, Customer)).Value.CallContext!.JobId!;

        var inCall = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent1, "13800000002"));
        Advance(1_000);
        await Release(Agent1, jobId);
        var inAcw = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent1, "13800000002"));

        Assert.Equal(("UserStateNotAllowed", "UserStateNotAllowed"), (inCall.Code, inAcw.Code));
    }

    [Theory]
    [InlineData("13800000001", BeijingLine)] // same city: 138 = 北京
    [InlineData("13900000007", ShanghaiLine)] // same city: 139 = 上海
    [InlineData("02012345678", PartnerLine)] // same city: 020 = 广州
    [InlineData("075512345678", PartnerLine)] // 0755 = 深圳: no number there, same province 广东
    public async Task Rule_O1_auto_caller_picks_a_number_in_the_callees_city_then_province_and_the_record_shows_it(string callee, string expected)
    {
        await Ready(Agent1);

        var made = (await Dial(Agent1, callee, "auto")).Value;
        Advance(1_000);
        await Release(Agent1, made.CallContext!.JobId!);

        Assert.Equal(expected, CustomerChannel(made).Originator);
        Assert.Equal((expected, callee), ((await Cdr(made.CallContext.JobId!)).CallingNumber, (await Cdr(made.CallContext.JobId!)).CalledNumber));
    }

    [Fact]
    public async Task Rule_O1_auto_caller_without_a_number_in_the_callees_city_or_province_takes_any_outbound_number()
    {
        await Ready(Agent1);

        var made = (await Dial(Agent1, "057112345678")).Value; // 杭州; an empty Caller means auto too

        Assert.Contains(CustomerChannel(made).Originator, new[] { ShanghaiLine, BeijingLine, PartnerLine });
    }

    [Fact]
    public async Task Rule_N2_an_inbound_only_400_number_cannot_be_the_caller_and_the_agent_stays_READY()
    {
        await Ready(Agent1);

        var ex = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent1, Customer, Hotline));

        Assert.Equal("Parameter.Invalid", ex.Code);
        Assert.Contains("inbound-only", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Ready", await StateOf(Agent1));
    }

    [Fact]
    public async Task A_caller_number_outside_the_instance_throws_NotExists_Number()
    {
        await Ready(Agent1);

        var ex = await Assert.ThrowsAsync<CccNotFoundException>(() => Dial(Agent1, Customer, "02199999999"));

        Assert.Equal("NotExists.Number", ex.Code);
    }

    [Fact]
    public async Task Rule_N3_a_number_at_its_outbound_concurrency_limit_restricts_the_next_call_and_auto_skips_it()
    {
        await Settings("""{"outboundConcurrencyPerNumber":1}""");
        await Ready(Agent1);
        await Ready(Agent2);
        await Dial(Agent1, Customer, BeijingLine);

        var ex = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent2, "13800000002", BeijingLine));
        var auto = (await Dial(Agent2, "13800000002")).Value;

        Assert.Equal("CallRestricted.Concurrency", ex.Code);
        Assert.NotEqual(BeijingLine, CustomerChannel(auto).Originator);
    }

    [Fact]
    public async Task Rule_O2_the_sixth_call_from_one_number_to_one_callee_in_a_day_is_restricted_while_another_number_may_still_call()
    {
        await Settings("""{"afterCallWorkSeconds":0}""");
        await Ready(Agent1);
        for (var i = 0; i < 5; i++)
        {
            var jobId = (await Dial(Agent1, Customer, BeijingLine)).Value.CallContext!.JobId!;
            await Release(Agent1, jobId); // unanswered attempts count too
        }

        var sixth = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent1, Customer, BeijingLine));
        var otherNumber = (await Dial(Agent1, Customer, ShanghaiLine)).Value;

        Assert.Equal("CallRestricted.Frequency", sixth.Code);
        Assert.Equal(ShanghaiLine, CustomerChannel(otherNumber).Originator);
        Assert.Equal(5, (await RecordsTo(Customer, Clock.GetUtcNow().AddMinutes(-1))).Count(r => r.CallingNumber == BeijingLine));
    }

    [Fact]
    public async Task Rule_R6_a_callee_on_the_outbound_blacklist_is_restricted_whatever_its_prefix()
    {
        await Settings("""{"outboundBlacklist":["13800000666"]}""");
        await Ready(Agent1);

        var plain = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent1, "13800000666"));
        var international = await Assert.ThrowsAsync<CccInvalidParameterException>(() => Dial(Agent1, "+8613800000666"));

        Assert.Equal(("CallRestricted.Blacklist", "CallRestricted.Blacklist"), (plain.Code, international.Code));
        Assert.Equal("Ready", await StateOf(Agent1));
    }

    [Fact]
    public async Task Rule_A2_MaskedCallee_is_what_the_agent_sees_while_the_record_keeps_the_real_number()
    {
        await Ready(Agent1);

        var made = (await Dial(Agent1, Customer, maskedCallee: "138****0001")).Value;
        Advance(1_000);
        await Release(Agent1, made.CallContext!.JobId!);

        Assert.All(made.CallContext.ChannelContexts!, c => Assert.Equal("138****0001", c.Destination));
        Assert.Equal(Customer, (await Cdr(made.CallContext.JobId!)).CalledNumber);
    }

    [Fact]
    public async Task Rule_A2_the_hide_numbers_setting_masks_the_customer_for_outbound_and_inbound_calls_but_not_in_records()
    {
        await Settings("""{"hideCustomerNumbers":true,"afterCallWorkSeconds":0}""");
        await Ready(Agent1);

        var made = (await Dial(Agent1, Customer)).Value;
        Advance(1_000);
        await Release(Agent1, made.CallContext!.JobId!);
        var inbound = await Inbound("13800000002");
        var answered = await Answer(Agent1, inbound);

        Assert.Equal("138****0001", CustomerChannel(made).Destination);
        Assert.Equal("138****0002", CustomerChannel(answered).Originator);
        Assert.Equal(Customer, (await Cdr(made.CallContext.JobId!)).CalledNumber);
    }

    [Fact]
    public async Task An_outbound_call_moves_the_agent_DIALING_then_TALKING_then_after_call_work_then_READY()
    {
        await Settings("""{"afterCallWorkSeconds":5}""");
        await Ready(Agent1);
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":2000}""");

        var made = (await Dial(Agent1, Customer, BeijingLine)).Value;
        Assert.Equal(("DIALING", "ANSWERED", "RINGING"), (made.UserContext!.UserState, AgentChannel(made, Agent1).ChannelState, CustomerChannel(made).ChannelState));
        Assert.Equal("Dialing", await StateOf(Agent1));
        Advance(2_000);
        Assert.Equal("Talking", await StateOf(Agent1));
        var released = await Release(Agent1, made.CallContext!.JobId!);

        Assert.Equal("WORKING", released.UserContext!.UserState);
        Assert.Equal("ACW", await StateOf(Agent1));
        Advance(4_999);
        Assert.Equal("ACW", await StateOf(Agent1));
        Advance(1);
        Assert.Equal("Ready", await StateOf(Agent1));
    }

    [Fact]
    public async Task An_OFF_SITE_agents_MakeCall_rings_the_mobile_first_and_the_customer_only_after_the_mobile_answers()
    {
        const string mobile = "13900000001";
        await Ready(Agent1);
        await Client.ChangeWorkModeAsync(new ChangeWorkModeRequest { UserId = Agent1, WorkMode = "OFF_SITE", Mobile = mobile });
        await SetPhone(mobile, """{"behavior":"answer","answerAfterMs":2000}""");
        await SetPhone(Customer, """{"behavior":"answer","answerAfterMs":1000}""");

        var made = (await Dial(Agent1, Customer, BeijingLine)).Value;
        var mobileLeg = Assert.Single(made.CallContext!.ChannelContexts!);
        Assert.Equal((mobile, Agent1), (mobileLeg.Destination, mobileLeg.UserId));
        Advance(2_000);
        Advance(1_000);

        Assert.Equal("Talking", await StateOf(Agent1));
        var released = await Release(Agent1, made.CallContext.JobId!);
        Assert.Equal(2, released.CallContext!.ChannelContexts!.Count);
        var cdr = await Cdr(made.CallContext.JobId!);
        Assert.Equal((Agent1, BeijingLine), (cdr.OffSiteAgentIds, cdr.CallingNumber));
    }

    [Fact]
    public async Task MakeCall_with_Tags_answers_channels_that_carry_the_job_and_timestamp()
    {
        await Ready(Agent1);

        var made = (await Client.MakeCallAsync(new MakeCallRequest { UserId = Agent1, Callee = Customer, Tags = "order=42" })).Value;

        // The cloud's MakeCall model has no AssociatedData: Tags travel with the call, not back in the answer.
        Assert.Equal("", made.CallContext!.CallVariables);
        Assert.Equal(made.CallContext!.JobId, CustomerChannel(made).JobId);
        Assert.Equal(Clock.GetUtcNow(), CustomerChannel(made).Timestamp);
    }

    [Fact]
    public async Task ReadyForService_during_after_call_work_ends_it_early()
    {
        await Ready(Agent1);
        var jobId = (await Dial(Agent1, Customer)).Value.CallContext!.JobId!;
        Advance(1_000);
        await Release(Agent1, jobId);
        Assert.Equal("ACW", await StateOf(Agent1));

        var ready = (await Client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = Agent1 })).Value;

        Assert.Equal("READY", ready.UserState);
        Assert.Equal("Ready", await StateOf(Agent1));
    }
}
