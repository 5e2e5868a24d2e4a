using System.Text.RegularExpressions;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>
/// Call-control actions (docs/reference/api-conventions.md#shapes-and-enums): MakeCall, StartBack2BackCall, AnswerCall, ReleaseCall, HoldCall,
/// RetrieveCall, BlindTransfer, Initiate/Complete/CancelAttendedTransfer, SendDtmfSignaling, MuteCall, UnmuteCall, and
/// the supervisor actions MonitorCall, CoachCall, BargeInCall, InterceptCall.
/// Each returns CallControlData built under the instance lock after the engine's deferred work ran. An action on a
/// call (one taking <c>JobId</c>) by an agent who has no channel in it is refused (<see cref="CallPermissions"/>).
/// </summary>
internal static partial class CallActions
{
    public static void Register(ActionRegistry registry)
    {
        registry.Add("MakeCall", ResponseShape.CutToModel(MakeCall));
        registry.Add("StartBack2BackCall", ResponseShape.CutToModel(StartBack2BackCall));
        registry.Add("AnswerCall", ResponseShape.CutToModel(AnswerCall));
        registry.Add("ReleaseCall", ResponseShape.CutToModel(ReleaseCall));
        registry.Add("HoldCall", ResponseShape.CutToModel(HoldCall));
        registry.Add("RetrieveCall", ResponseShape.CutToModel(RetrieveCall));
        registry.Add("BlindTransfer", ResponseShape.CutToModel(BlindTransfer));
        registry.Add("InitiateAttendedTransfer", ResponseShape.CutToModel(InitiateAttendedTransfer));
        registry.Add("CompleteAttendedTransfer", ResponseShape.CutToModel(CompleteAttendedTransfer));
        registry.Add("CancelAttendedTransfer", ResponseShape.CutToModel(CancelAttendedTransfer));
        registry.Add("SendDtmfSignaling", ResponseShape.CutToModel(SendDtmfSignaling));
        registry.Add("MuteCall", ResponseShape.CutToModel(context => Mute(context, true)));
        registry.Add("UnmuteCall", ResponseShape.CutToModel(context => Mute(context, false)));
        registry.Add("MonitorCall", ResponseShape.CutToModel(context => Supervise(context, "MonitorCall", "MonitoredUserId", SupervisionMode.Monitor)));
        registry.Add("CoachCall", ResponseShape.CutToModel(context => Supervise(context, "CoachCall", "CoachedUserId", SupervisionMode.Coach)));
        registry.Add("BargeInCall", ResponseShape.CutToModel(context => Supervise(context, "BargeInCall", "BargedUserId", SupervisionMode.Barge)));
        registry.Add("InterceptCall", ResponseShape.CutToModel(context => Supervise(context, "InterceptCall", "InterceptedUserId", SupervisionMode.Intercept)));
    }

    [GeneratedRegex(@"^\+?[0-9]{3,20}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[0-9*#]{1,32}$")]
    private static partial Regex DtmfPattern();

    private static object MakeCall(ActionContext context)
    {
        var callee = PhoneNumberParameter(context, "Callee");
        var timeout = context.GetInt("TimeoutSeconds") ?? 30;
        ActionContext.CheckRange("TimeoutSeconds", timeout, 30, 300);
        var caller = context.Get("Caller");
        var masked = context.Get("MaskedCallee");
        var tags = context.Get("Tags") ?? "";
        return Control(context, agentRequired: true, (engine, instance, agent) =>
            engine.MakeCall(instance, agent!, callee, caller, timeout, masked, tags));
    }

    private static object StartBack2BackCall(ActionContext context)
    {
        var caller = PhoneNumberParameter(context, "Caller");
        var callee = PhoneNumberParameter(context, "Callee");
        var broker = context.Require("Broker");
        var additional = context.Get("AdditionalBroker");
        var timeout = context.GetInt("TimeoutSeconds") ?? 30;
        ActionContext.CheckRange("TimeoutSeconds", timeout, 5, 300);
        var tags = context.Get("Tags") ?? "";
        if (System.Text.Encoding.UTF8.GetByteCount(tags) > 128)
        {
            throw ApiErrors.ParameterMaximum("Tags", 128);
        }

        return Control(context, agentRequired: false, (engine, instance, _) =>
            engine.StartBack2BackCall(instance, caller, callee, broker, additional, timeout, tags));
    }

    private static object AnswerCall(ActionContext context) =>
        OnCall(context, agentRequired: true, (engine, call, agent) => engine.Answer(call, agent!));

    private static object ReleaseCall(ActionContext context)
    {
        var channelId = context.Get("ChannelId");
        return OnCall(context, agentRequired: false, (engine, call, agent) => engine.Release(call, channelId, agent));
    }

    private static object HoldCall(ActionContext context)
    {
        var channelId = context.Require("ChannelId");
        return OnCall(context, agentRequired: false, (engine, call, agent) => engine.Hold(call, Channel(call, channelId), agent));
    }

    private static object RetrieveCall(ActionContext context)
    {
        var channelId = context.Require("ChannelId");
        return OnCall(context, agentRequired: false, (engine, call, agent) => engine.Retrieve(call, Channel(call, channelId), agent));
    }

    private static object BlindTransfer(ActionContext context)
    {
        var (transferee, type, transferor, timeout) = TransferParameters(context);
        return OnCall(context, agentRequired: true, (engine, call, agent) => engine.BlindTransfer(call, agent!, transferee, type, transferor, timeout));
    }

    private static object InitiateAttendedTransfer(ActionContext context)
    {
        var (transferee, type, transferor, timeout) = TransferParameters(context);
        return OnCall(context, agentRequired: true, (engine, call, agent) => engine.InitiateAttendedTransfer(call, agent!, transferee, type, transferor, timeout));
    }

    private static object CompleteAttendedTransfer(ActionContext context) =>
        OnCall(context, agentRequired: true, (engine, call, agent) => engine.CompleteAttendedTransfer(call, agent!));

    private static object CancelAttendedTransfer(ActionContext context) =>
        OnCall(context, agentRequired: true, (engine, call, agent) => engine.CancelAttendedTransfer(call, agent!));

    private static object SendDtmfSignaling(ActionContext context)
    {
        var channelId = context.Require("ChannelId");
        var digits = context.Require("Dtmf");
        if (!DtmfPattern().IsMatch(digits))
        {
            throw ApiErrors.ParameterFormat("Dtmf", "Use 1-32 of the keys 0-9, * and #.");
        }

        return OnCall(context, agentRequired: false, (engine, call, _) => engine.SendDtmf(call, Channel(call, channelId), digits));
    }

    private static object Mute(ActionContext context, bool muted)
    {
        var channelId = context.Get("ChannelId");
        var userId = context.Get("UserId") ?? context.Caller.UserId;
        var engine = context.State.Engine;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = userId is null ? null : instance.GetUser(userId);
            var jobId = context.Get("JobId") ?? (agent is { JobId.Length: > 0 } ? agent.JobId : throw ApiErrors.ParameterBlank("JobId"));
            var call = CallEngine.GetActive(instance, jobId);
            CallPermissions.RequireParty(call, agent);
            // An empty ChannelId means the agent's own channel.
            var channel = channelId is not null ? Channel(call, channelId)
                : agent is not null ? call.LiveChannelOf(agent.UserId) ?? throw ApiErrors.ChannelNotFound(agent.UserId, jobId)
                : throw ApiErrors.ParameterBlank("ChannelId");
            engine.SetMuted(call, channel, muted);
            CallEngine.Drain(instance);
            return CallControlData.Create(engine, instance, call, agent);
        }
    }

    /// <summary>
    /// MonitorCall (names the agent; the call is the agent's call in progress), CoachCall, BargeInCall, InterceptCall
    /// (name the call and the agent). Only a supervisor (role Admin) may; the supervisor's new or changed leg is in
    /// the answer's CallContext, the supervisor's state in its UserContext (docs/emulator-calls.md, "Supervisors").
    /// </summary>
    private static object Supervise(ActionContext context, string action, string targetParameter, SupervisionMode mode)
    {
        var targetId = context.Require(targetParameter);
        var jobId = mode == SupervisionMode.Monitor ? null : context.Require("JobId");
        var timeout = context.GetInt("TimeoutSeconds");
        if (timeout is { } seconds)
        {
            ActionContext.CheckRange("TimeoutSeconds", seconds, 5, 300);
        }

        var userId = context.UserIdOrCaller();
        var engine = context.State.Engine;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var supervisor = instance.GetUser(userId);
            var target = instance.GetUser(targetId);
            Call call;
            if (jobId is null)
            {
                // The role is checked before the agent's call is looked up, so nobody else learns whether it has one.
                if (!CallPermissions.IsSupervisor(instance, supervisor))
                {
                    throw ApiErrors.PermissionUser(
                        $"The user {supervisor.UserId} is not a supervisor (role {CallPermissions.SupervisorRoleName}) and may not use {action} on user {target.UserId}.",
                        supervisor.UserId, target.UserId);
                }

                CallEngine.RequireNotSelf(supervisor, target, targetParameter);
                call = CallEngine.CallOf(instance, target);
            }
            else
            {
                call = CallEngine.GetActive(instance, jobId);
            }

            CallPermissions.RequireAllowed(action, instance, call, supervisor);
            engine.Supervise(call, supervisor, target, mode, targetParameter, timeout);
            CallEngine.Drain(instance);
            return CallControlData.Create(engine, instance, call, supervisor);
        }
    }

    // ---- helpers

    private static (string Transferee, string? Type, string? Transferor, int Timeout) TransferParameters(ActionContext context)
    {
        var timeout = context.GetInt("TimeoutSeconds") ?? 60;
        ActionContext.CheckRange("TimeoutSeconds", timeout, 5, 300);
        var type = context.GetEnum("TransfereeType", ["Agent", "Extension", "SkillGroup", "Number", "Outbound"]);
        return (context.Require("Transferee"), type, context.Get("Transferor"), timeout);
    }

    private static string PhoneNumberParameter(ActionContext context, string name)
    {
        var value = context.Require(name);
        return PhonePattern().IsMatch(value) ? value : throw ApiErrors.ParameterFormat(name, "Use 3-20 digits, optionally after '+'.");
    }

    private static Channel Channel(Call call, string channelId) =>
        call.Find(channelId) ?? throw ApiErrors.ChannelNotFound(channelId, call.JobId);

    private static object Control(ActionContext context, bool agentRequired, Func<CallEngine, CccInstance, Agent?, Call> work)
    {
        var userId = agentRequired ? context.UserIdOrCaller() : context.Get("UserId") ?? context.Caller.UserId;
        var engine = context.State.Engine;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = userId is null ? null : instance.GetUser(userId);
            var call = work(engine, instance, agent);
            CallEngine.Drain(instance);
            return CallControlData.Create(engine, instance, call, agent);
        }
    }

    private static object OnCall(ActionContext context, bool agentRequired, Action<CallEngine, Call, Agent?> work)
    {
        var jobId = context.Require("JobId");
        return Control(context, agentRequired, (engine, instance, agent) =>
        {
            var call = CallEngine.GetActive(instance, jobId);
            CallPermissions.RequireParty(call, agent);
            work(engine, call, agent);
            return call;
        });
    }
}
