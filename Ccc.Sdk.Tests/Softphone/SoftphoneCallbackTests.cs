using System.Reflection;
using System.Text.Json;
using Ccc.Sdk.Softphone;
using Microsoft.JSInterop;

namespace Ccc.Sdk.Tests.Softphone;

public sealed class SoftphoneCallbackTests
{
    private static readonly JsonElement Context = JsonDocument.Parse("""{"jobId":"job-1","callType":"INBOUND"}""").RootElement.Clone();

    private static CallDetail Detail(string caller = "13800000001", string callee = "057188880000", string callType = "INBOUND") =>
        new() { Caller = caller, Callee = callee, CallType = callType, JobId = "job-1", CallContext = Context };

    private static Ccc.Sdk.Softphone.Softphone NewSoftphone(bool mask = false) =>
        new(new JsFake().Runtime.Object, JsFake.Options(o => o.MaskCustomerNumbers = mask));

    [Fact]
    public async Task OnCallComing_raises_CallComing_with_the_call_detail()
    {
        var softphone = NewSoftphone();
        CallDetail? received = null;
        softphone.CallComing += d => { received = d; return Task.CompletedTask; };

        await softphone.Callbacks.OnCallComing(Detail());

        Assert.Equal(Detail(), received);
        Assert.Equal("job-1", received!.CallContext.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task OnCallDialing_raises_CallDialing_with_the_call_detail()
    {
        var softphone = NewSoftphone();
        CallDetail? received = null;
        softphone.CallDialing += d => { received = d; return Task.CompletedTask; };

        await softphone.Callbacks.OnCallDialing(Detail(callType: "OUTBOUND"));

        Assert.Equal(Detail(callType: "OUTBOUND"), received);
    }

    [Fact]
    public async Task OnCallEstablish_raises_CallEstablished_with_the_call_context()
    {
        var softphone = NewSoftphone();
        CallDetail? received = null;
        softphone.CallEstablished += d => { received = d; return Task.CompletedTask; };

        await softphone.Callbacks.OnCallEstablish(new CallDetail { CallContext = Context });

        Assert.Equal("job-1", received!.CallContext.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task OnCallRelease_raises_CallReleased_with_the_call_context()
    {
        var softphone = NewSoftphone();
        CallDetail? received = null;
        softphone.CallReleased += d => { received = d; return Task.CompletedTask; };

        await softphone.Callbacks.OnCallRelease(new CallDetail { CallContext = Context });

        Assert.Equal("INBOUND", received!.CallContext.GetProperty("callType").GetString());
    }

    [Theory]
    [InlineData("ringing", HangUpType.Ringing)]
    [InlineData("dialing", HangUpType.Dialing)]
    [InlineData("inbound", HangUpType.Inbound)]
    [InlineData("outbound", HangUpType.Outbound)]
    [InlineData("something-new", HangUpType.Unknown)]
    [InlineData(null, HangUpType.Unknown)]
    public async Task OnHangUp_raises_HungUp_with_how_the_call_ended(string? type, HangUpType expected)
    {
        var softphone = NewSoftphone();
        HangUpType? received = null;
        softphone.HungUp += t => { received = t; return Task.CompletedTask; };

        await softphone.Callbacks.OnHangUp(type);

        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task OnBeforeCallHangup_raises_HangingUp_with_the_job_channel_and_user()
    {
        var softphone = NewSoftphone();
        BeforeHangUp? received = null;
        softphone.HangingUp += r => { received = r; return Task.CompletedTask; };

        await softphone.Callbacks.OnBeforeCallHangup(new BeforeHangUp { JobId = "job-1", ChannelId = "ch-1", UserId = "agent@ccc-test" });

        Assert.Equal(new BeforeHangUp { JobId = "job-1", ChannelId = "ch-1", UserId = "agent@ccc-test" }, received);
    }

    [Fact]
    public async Task OnStatusChange_raises_StatusChanged_with_the_new_and_last_codes()
    {
        var softphone = NewSoftphone();
        StatusChange? received = null;
        softphone.StatusChanged += c => { received = c; return Task.CompletedTask; };

        await softphone.Callbacks.OnStatusChange(new StatusChange { Code = SoftphoneStatus.Ringing, LastCode = SoftphoneStatus.Idle, Context = Context });

        Assert.Equal(SoftphoneStatus.Ringing, received!.Code);
        Assert.Equal(SoftphoneStatus.Idle, received.LastCode);
        Assert.Equal("job-1", received.Context.GetProperty("jobId").GetString());
    }

    [Fact]
    public void Status_codes_deserialise_from_the_SDK_numbers_including_unknown_ones()
    {
        var change = JsonSerializer.Deserialize<StatusChange>("""{"code":-1,"lastCode":99}""", JsonSerializerOptions.Web)!;

        Assert.Equal(SoftphoneStatus.Unregistered, change.Code);
        Assert.Equal(99, (int)change.LastCode);
        Assert.Equal(26, (int)SoftphoneStatus.Whisper);
        Assert.Equal(5, (int)SoftphoneStatus.AfterCallWork);
    }

    [Fact]
    public async Task OnErrorNotify_raises_Error_with_the_code_messages_and_request_id()
    {
        var softphone = NewSoftphone();
        SoftphoneError? received = null;
        softphone.Error += e => { received = e; return Task.CompletedTask; };
        var error = new SoftphoneError { ErrorCode = SoftphoneErrorCodes.AgentNotLogin, ErrorMsg = "AgentNotLogin", ErrorMsgTip = "坐席未签入", RequestId = "req-1" };

        await softphone.Callbacks.OnErrorNotify(error);

        Assert.Equal(error, received);
    }

    [Fact]
    public async Task OnRegister_raises_Registered_with_the_registration_config()
    {
        var softphone = NewSoftphone();
        RegisterConfig? received = null;
        softphone.Registered += c => { received = c; return Task.CompletedTask; };

        await softphone.Callbacks.OnRegister(Context);

        Assert.Equal("job-1", received!.Config.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task The_parameterless_callbacks_raise_their_events()
    {
        var softphone = NewSoftphone();
        var raised = new List<string>();
        softphone.Initialized += () => { raised.Add("Initialized"); return Task.CompletedTask; };
        softphone.LoggedIn += () => { raised.Add("LoggedIn"); return Task.CompletedTask; };
        softphone.LoggedOut += () => { raised.Add("LoggedOut"); return Task.CompletedTask; };
        softphone.Ready += () => { raised.Add("Ready"); return Task.CompletedTask; };
        softphone.OnBreak += () => { raised.Add("OnBreak"); return Task.CompletedTask; };

        await softphone.Callbacks.OnInit();
        await softphone.Callbacks.OnLogIn();
        await softphone.Callbacks.OnLogOut();
        await softphone.Callbacks.OnReady();
        await softphone.Callbacks.OnBreak();

        Assert.Equal(["Initialized", "LoggedIn", "LoggedOut", "Ready", "OnBreak"], raised);
    }

    [Fact]
    public void Payloads_as_the_module_sends_them_deserialise_with_the_web_defaults_of_JS_interop()
    {
        var detail = JsonSerializer.Deserialize<CallDetail>("""{"caller":"138","callee":"7","callType":"INBOUND","jobId":"j","callContext":{"a":1}}""", JsonSerializerOptions.Web)!;
        var change = JsonSerializer.Deserialize<StatusChange>("""{"code":6,"lastCode":3,"context":null}""", JsonSerializerOptions.Web)!;
        var error = JsonSerializer.Deserialize<SoftphoneError>("""{"errorCode":"6002","errorMsg":"m","errorMsgTip":null,"requestId":null}""", JsonSerializerOptions.Web)!;
        var dialing = JsonSerializer.Deserialize<BeforeDialingContext>("""{"callee":"138","userId":"u"}""", JsonSerializerOptions.Web)!;
        var hangUp = JsonSerializer.Deserialize<BeforeHangUp>("""{"jobId":"j","channelId":null,"userId":null}""", JsonSerializerOptions.Web)!;

        Assert.Equal(("138", "7", "INBOUND", "j", 1), (detail.Caller, detail.Callee, detail.CallType, detail.JobId, detail.CallContext.GetProperty("a").GetInt32()));
        Assert.Equal((SoftphoneStatus.Ringing, SoftphoneStatus.Idle), (change.Code, change.LastCode));
        Assert.Equal("6002", error.ErrorCode);
        Assert.Equal(new BeforeDialingContext("138", "u"), dialing);
        Assert.Equal("j", hangUp.JobId);
    }

    [Fact]
    public async Task A_failing_handler_does_not_stop_the_next_one_or_reach_the_SDK()
    {
        var softphone = NewSoftphone();
        var secondRan = false;
        softphone.CallComing += _ => throw new InvalidOperationException("CRM bug");
        softphone.CallComing += _ => { secondRan = true; return Task.CompletedTask; };

        await softphone.Callbacks.OnCallComing(Detail());

        Assert.True(secondRan);
    }
}
