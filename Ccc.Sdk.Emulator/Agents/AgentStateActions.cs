using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Agents;

/// <summary>
/// The agent state machine: SignInGroup (OFFLINE → BREAK: signed in, not ready), ReadyForService (→ READY),
/// TakeBreak (→ BREAK with a break code), SignOutGroup (→ OFFLINE), ResetAgentState (signed-in agent → READY),
/// ChangeWorkMode (ON_SITE / OFF_SITE / OFFICE_PHONE; OFF_SITE needs <c>Mobile</c>); plus GetLoginDetails and
/// PollUserStatus (ListRealtimeAgentStates is in Reports.RealtimeViews). All changes happen under the instance lock.
/// </summary>
internal static partial class AgentStateActions
{
    private static readonly string[] InCallStates = [UserStates.Dialing, UserStates.Ringing, UserStates.Talking];

    public static void Register(ActionRegistry registry)
    {
        // Params: the Go SDK response models of these actions carry Params (checked for ChangeWorkMode and
        // GetLoginDetails; SignOutGroup and ResetAgentState assumed like their sibling agent actions).
        registry.Add("GetLoginDetails", GetLoginDetails);
        registry.Add("SignInGroup", ResponseShape.CutToModel(SignInGroup));
        registry.Add("SignOutGroup", ResponseShape.CutToModel(SignOutGroup));
        registry.Add("ReadyForService", ResponseShape.CutToModel(ReadyForService));
        registry.Add("TakeBreak", ResponseShape.CutToModel(TakeBreak));
        registry.Add("ChangeWorkMode", ResponseShape.CutToModel(ChangeWorkMode));
        registry.Add("ResetAgentState", ResponseShape.CutToModel(ResetAgentState));
        registry.Add("PollUserStatus", ResponseShape.CutToModel(PollUserStatus));
        // ListRealtimeAgentStates: Reports.RealtimeViews (with the other real-time views).
    }

    [GeneratedRegex(@"^\+?[0-9]{5,20}$")]
    internal static partial Regex MobilePattern();

    private static object GetLoginDetails(ActionContext context)
    {
        var userId = context.UserIdOrCaller();
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            var now = context.NowMilliseconds;
            var userKey2 = agent.Extension + ":" + now.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new LoginDetailsDto
            {
                UserId = agent.UserId,
                Extension = agent.Extension,
                DeviceId = agent.DeviceId,
                DeviceExt = agent.Extension,
                DeviceState = agent.DeviceState,
                WorkMode = agent.WorkMode,
                DisplayName = agent.DisplayName,
                Nickname = agent.Nickname,
                AvatarUrl = agent.AvatarUrl,
                // AgentServerUrl/Signature: the workbench agent gateway (docs/emulator-calls.md, "Agent gateway").
                SipServerUrl = context.PublicHost,
                AgentServerUrl = Workbench.AgentGatewayTokens.Url(context.PublicHost),
                Signature = Workbench.AgentGatewayTokens.For(context.State).Issue(instance.InstanceId, agent.UserId, now),
                Signature2 = Sign(agent.UserKey, userKey2),
                UserKey = agent.UserKey,
                UserKey2 = userKey2,
                ChatAppId = "",
                ChatAppKey = "",
                ChatDeviceId = context.Get("ChatDeviceId") ?? "",
                ChatLoginToken = "",
                ChatServerUrl = "",
                ChatUserId = "",
            };
        }
    }

    private static object SignInGroup(ActionContext context)
    {
        var userId = context.UserIdOrCaller();
        var groups = context.GetJsonStringArray("SignedSkillGroupIdList") ?? [];
        var additive = context.GetBool("Additivity") ?? false;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            SignIn(context.State, instance, agent, groups, additive, context.Require("DeviceId"));
            return ToUserContext(instance, agent);
        }
    }

    /// <summary>
    /// Signs <paramref name="agent"/> in to <paramref name="groups"/> (OFFLINE → BREAK; a signed-in agent keeps its state):
    /// the one sign-in of SignInGroup and of the workbench script's agent channel (docs/emulator-calls.md, "The
    /// workbench script"). Caller holds the instance lock.
    /// </summary>
    /// <exception cref="ApiException">A group is unknown (NotExists.SkillGroupId) or not one of the agent's.</exception>
    internal static void SignIn(EmulatorState state, CccInstance instance, Agent agent, IReadOnlyCollection<string> groups, bool additive, string deviceId)
    {
        instance.RequireMemberGroups(agent, groups);
        if (!additive)
        {
            agent.SignedSkillGroupIds.Clear();
        }

        agent.SignedSkillGroupIds.AddRange(groups.Where(g => !agent.SignedSkillGroupIds.Contains(g)).Distinct());
        agent.DeviceId = deviceId;
        agent.DeviceState = "ONLINE";
        var checkIn = !agent.IsSignedIn;
        state.Engine.SetAgentState(instance, agent, agent.IsSignedIn ? agent.UserState : UserStates.Break);
        if (checkIn)
        {
            state.Engine.AgentStateEvent(instance, agent, "AgentCheckIn");
        }
    }

    private static object SignOutGroup(ActionContext context) => Transition(context, agent =>
    {
        RefuseDuringCall(agent, "sign out");
        agent.SignedSkillGroupIds.Clear();
        agent.BreakCode = "";
        agent.OutboundScenario = false;
        agent.DeviceState = "OFFLINE";
        agent.DeviceId = "";
        return UserStates.Offline;
    });

    private static object ReadyForService(ActionContext context)
    {
        var outbound = context.GetBool("OutboundScenario") ?? false;
        return Transition(context, agent =>
        {
            RefuseWhenOffline(agent, "get ready");
            RefuseDuringCall(agent, "get ready");
            agent.BreakCode = "";
            agent.OutboundScenario = outbound;
            return UserStates.Ready;
        });
    }

    private static object TakeBreak(ActionContext context)
    {
        var code = context.Require("Code");
        return Transition(context, agent =>
        {
            RefuseWhenOffline(agent, "take a break");
            RefuseDuringCall(agent, "take a break");
            agent.BreakCode = code;
            return UserStates.Break;
        }, instance =>
        {
            if (!instance.BreakCodes.Contains(code))
            {
                throw ApiErrors.ParameterEnumeration("Code", instance.BreakCodes);
            }
        });
    }

    private static object ChangeWorkMode(ActionContext context)
    {
        var workMode = context.GetEnum("WorkMode", WorkModes.All);
        var mobile = context.Get("Mobile");
        if (mobile is not null && !MobilePattern().IsMatch(mobile))
        {
            throw ApiErrors.ParameterFormat("Mobile", "Use 5-20 digits, optionally after '+'.");
        }

        if (workMode == WorkModes.OffSite && mobile is null)
        {
            // Off-site agents answer on their mobile phone, so the cloud must know which one.
            throw ApiErrors.ParameterBlank("Mobile");
        }

        var groups = context.GetJsonStringArray("SignedSkillGroupIdList");
        var userId = context.UserIdOrCaller();
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            if (groups is not null)
            {
                instance.RequireMemberGroups(agent, groups);
                agent.SignedSkillGroupIds.Clear();
                agent.SignedSkillGroupIds.AddRange(groups.Distinct());
            }

            agent.WorkMode = workMode ?? agent.WorkMode;
            agent.Mobile = mobile ?? agent.Mobile;
            agent.Heartbeat = context.NowMilliseconds;
            return ToUserContext(instance, agent);
        }
    }

    private static object ResetAgentState(ActionContext context) => Transition(context, agent =>
    {
        agent.BreakCode = "";
        agent.JobId = "";
        return agent.IsSignedIn ? UserStates.Ready : UserStates.Offline;
    });

    /// <summary>The agent's state and current call (read only: polling changes nothing, not even the heartbeat).</summary>
    private static object PollUserStatus(ActionContext context)
    {
        var userId = context.UserIdOrCaller();
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            var call = agent.JobId.Length > 0 && instance.Calls.Active.TryGetValue(agent.JobId, out var active) ? active : null;
            return new UserStatusDto
            {
                ContextId = context.State.Engine.NextContextId(),
                UserContext = ToUserContext(instance, agent),
                CallContext = call is null ? null : Calls.CallControlData.Context(instance, call, forAgent: true),
            };
        }
    }

    /// <summary>Runs one state change for the addressed agent under the instance lock and returns its UserContext.</summary>
    private static object Transition(ActionContext context, Func<Agent, string> change, Action<CccInstance>? validate = null)
    {
        var userId = context.UserIdOrCaller();
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            validate?.Invoke(instance);
            var previousBreakCode = agent.BreakCode;
            var next = change(agent);
            var was = agent.UserState;
            var wasReady = was == UserStates.Ready;
            context.State.Engine.SetAgentState(instance, agent, next);
            if (next == UserStates.Break && (was != UserStates.Break || previousBreakCode != agent.BreakCode))
            {
                context.State.Engine.AgentStateEvent(instance, agent, "AgentBreak");
            }
            else if (next == UserStates.Offline && was != UserStates.Offline)
            {
                context.State.Engine.AgentStateEvent(instance, agent, "AgentCheckOut");
            }

            if (next == UserStates.Ready && !wasReady)
            {
                // A queued call may be waiting for this agent (routing R1-R3).
                context.State.Engine.AgentBecameReady(instance, agent);
                Calls.CallEngine.Drain(instance);
            }

            return ToUserContext(instance, agent);
        }
    }

    private static void RefuseWhenOffline(Agent agent, string what)
    {
        if (!agent.IsSignedIn)
        {
            throw ApiErrors.UserStateNotAllowed(agent.UserId, agent.UserState, what);
        }
    }

    private static void RefuseDuringCall(Agent agent, string what)
    {
        if (InCallStates.Contains(agent.UserState))
        {
            throw ApiErrors.UserStateNotAllowed(agent.UserId, agent.UserState, what);
        }
    }

    /// <summary>Caller holds the lock.</summary>
    internal static UserContextDto ToUserContext(CccInstance instance, Agent agent) => new()
    {
        UserId = agent.UserId,
        InstanceId = instance.InstanceId,
        Extension = agent.Extension,
        DeviceId = agent.DeviceId,
        DeviceState = agent.DeviceState,
        JobId = agent.JobId,
        UserState = agent.UserState,
        BreakCode = agent.BreakCode,
        WorkMode = agent.WorkMode,
        OutboundScenario = agent.OutboundScenario,
        SignedSkillGroupIdList = agent.SignedSkillGroupIds.ToList(),
        Mobile = agent.Mobile,
        Heartbeat = agent.Heartbeat,
        Reserved = 0,
    };

    /// <summary>The cloud's UserContext when no agent is involved (StartBack2BackCall): every field in its empty form.</summary>
    internal static UserContextDto EmptyUserContext(CccInstance instance) => new()
    {
        UserId = "",
        InstanceId = instance.InstanceId,
        Extension = "",
        DeviceId = "",
        DeviceState = "",
        JobId = "",
        UserState = "",
        BreakCode = "",
        WorkMode = "",
        OutboundScenario = false,
        SignedSkillGroupIdList = [],
        Mobile = "",
        Heartbeat = 0,
        Reserved = 0,
    };

    private static string Sign(string key, string text) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(text)));
}
