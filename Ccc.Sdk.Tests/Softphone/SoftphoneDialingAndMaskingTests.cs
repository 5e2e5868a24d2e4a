using System.Text.Json;
using Ccc.Sdk.Softphone;

namespace Ccc.Sdk.Tests.Softphone;

public sealed class SoftphoneDialingAndMaskingTests
{
    private static Ccc.Sdk.Softphone.Softphone NewSoftphone(bool mask = false) =>
        new(new JsFake().Runtime.Object, JsFake.Options(o => o.MaskCustomerNumbers = mask));

    [Fact]
    public async Task Without_a_BeforeDialing_hook_the_number_is_dialed_as_entered()
    {
        var decision = await NewSoftphone().Callbacks.OnBeforeCallDialing(new BeforeDialingContext("13800000001", "agent@ccc-test"));

        Assert.Equal(new DialDecision(true, "13800000001"), decision);
    }

    [Fact]
    public async Task BeforeDialing_can_rewrite_the_number()
    {
        var softphone = NewSoftphone();
        BeforeDialingContext? seen = null;
        softphone.BeforeDialing = c => { seen = c; return ValueTask.FromResult(DialDecision.DialInstead("9" + c.Callee)); };

        var decision = await softphone.Callbacks.OnBeforeCallDialing(new BeforeDialingContext("13800000001", "agent@ccc-test"));

        Assert.Equal(new BeforeDialingContext("13800000001", "agent@ccc-test"), seen);
        Assert.Equal(new DialDecision(true, "913800000001"), decision);
    }

    [Fact]
    public async Task BeforeDialing_that_allows_without_a_number_keeps_the_entered_number()
    {
        var softphone = NewSoftphone();
        softphone.BeforeDialing = _ => ValueTask.FromResult(DialDecision.Dial());

        var decision = await softphone.Callbacks.OnBeforeCallDialing(new BeforeDialingContext("13800000001", null));

        Assert.Equal(new DialDecision(true, "13800000001"), decision);
    }

    [Fact]
    public async Task BeforeDialing_can_refuse_the_call()
    {
        var softphone = NewSoftphone();
        softphone.BeforeDialing = _ => ValueTask.FromResult(DialDecision.Refuse());

        var decision = await softphone.Callbacks.OnBeforeCallDialing(new BeforeDialingContext("110", null));

        Assert.False(decision.Allow);
    }

    [Fact]
    public async Task A_BeforeDialing_hook_that_throws_refuses_the_call()
    {
        var softphone = NewSoftphone();
        softphone.BeforeDialing = _ => throw new InvalidOperationException("rule store down");

        var decision = await softphone.Callbacks.OnBeforeCallDialing(new BeforeDialingContext("13800000001", null));

        Assert.False(decision.Allow);
    }

    [Fact]
    public void The_decision_reaches_the_module_as_allow_and_callee()
    {
        var json = JsonSerializer.Serialize(DialDecision.DialInstead("913800000001"), JsonSerializerOptions.Web);

        Assert.Equal("""{"allow":true,"callee":"913800000001"}""", json);
    }

    [Fact]
    public async Task With_masking_CallComing_masks_the_caller_also_inside_the_call_context()
    {
        var softphone = NewSoftphone(mask: true);
        CallDetail? received = null;
        softphone.CallComing += d => { received = d; return Task.CompletedTask; };
        var context = JsonDocument.Parse("""{"channelContexts":[{"originator":"13800000001","destination":"057188880000"}]}""").RootElement;

        await softphone.Callbacks.OnCallComing(new CallDetail { Caller = "13800000001", Callee = "057188880000", CallType = "INBOUND", CallContext = context });

        Assert.Equal("138****0001", received!.Caller);
        Assert.Equal("057188880000", received.Callee);
        var channel = received.CallContext.GetProperty("channelContexts")[0];
        Assert.Equal("138****0001", channel.GetProperty("originator").GetString());
        Assert.Equal("057188880000", channel.GetProperty("destination").GetString());
    }

    [Fact]
    public async Task With_masking_CallDialing_masks_the_callee()
    {
        var softphone = NewSoftphone(mask: true);
        CallDetail? received = null;
        softphone.CallDialing += d => { received = d; return Task.CompletedTask; };

        await softphone.Callbacks.OnCallDialing(new CallDetail { Caller = "057188880000", Callee = "13900000002", CallType = "OUTBOUND" });

        Assert.Equal("057188880000", received!.Caller);
        Assert.Equal("139****0002", received.Callee);
    }

    [Fact]
    public async Task Without_masking_customer_numbers_are_shown_in_full()
    {
        var softphone = NewSoftphone(mask: false);
        CallDetail? received = null;
        softphone.CallComing += d => { received = d; return Task.CompletedTask; };

        await softphone.Callbacks.OnCallComing(new CallDetail { Caller = "13800000001", Callee = "057188880000" });

        Assert.Equal("13800000001", received!.Caller);
    }

    [Fact]
    public async Task Masking_leaves_internal_calls_between_agents_alone()
    {
        var softphone = NewSoftphone(mask: true);
        CallDetail? received = null;
        softphone.CallComing += d => { received = d; return Task.CompletedTask; };

        await softphone.Callbacks.OnCallComing(new CallDetail { Caller = "8001", Callee = "8002", CallType = "INTERNAL" });

        Assert.Equal("8001", received!.Caller);
    }

    [Theory]
    [InlineData("13800000001", "138****0001")]
    [InlineData("+8613800000001", "+86****0001")]
    [InlineData("8880000", "****00")]
    [InlineData("1", "****1")]
    [InlineData("", "")]
    public void Numbers_are_masked_keeping_the_first_three_and_last_four_characters(string number, string masked) =>
        Assert.Equal(masked, NumberMasking.Mask(number));
}
