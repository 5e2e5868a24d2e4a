using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>
/// Supervisor legs (docs/emulator-calls.md, "Supervisors"; docs/decisions/0012-supervisor-legs.md): MonitorCall,
/// CoachCall, BargeInCall and InterceptCall add a <see cref="ChannelRole.Supervisor"/> channel to the supervised
/// agent's call. It rings the supervisor's softphone (or mobile when OFF_SITE) like an offered call and joins when
/// answered; a second action on the same leg changes its mode. Every method here: caller holds the lock.
/// </summary>
internal sealed partial class CallEngine
{
    /// <summary>
    /// MonitorCall names an agent, not a call: the call the agent is on now.
    /// </summary>
    /// <exception cref="ApiException">400 <c>UserStateNotAllowed</c> when the agent has no call in progress.</exception>
    public static Call CallOf(CccInstance instance, Agent monitored) =>
        monitored.JobId.Length > 0 && instance.Calls.Active.TryGetValue(monitored.JobId, out var call)
            ? call
            : throw ApiErrors.UserStateNotAllowed(monitored.UserId, monitored.UserState, "be monitored without a call in progress");

    /// <summary>
    /// A supervisor starts (or switches to) <paramref name="mode"/> on <paramref name="target"/>'s leg of
    /// <paramref name="call"/>. A READY supervisor gets a new leg that rings; a supervisor whose leg already supervises
    /// in this call changes its mode (monitor → coach → barge-in → intercept, in any order).
    /// </summary>
    /// <param name="targetParameter">The request's name for <paramref name="target"/> (MonitoredUserId, ...), for errors.</param>
    /// <exception cref="ApiException">400 <c>Parameter.Invalid</c> (supervising oneself), 400 <c>UserStateNotAllowed</c> (the supervisor is not READY, or the target is not talking on the call).</exception>
    public void Supervise(Call call, Agent supervisor, Agent target, SupervisionMode mode, string targetParameter, int? timeoutSeconds)
    {
        RequireNotSelf(supervisor, target, targetParameter);
        var own = call.LiveChannelOf(supervisor.UserId);
        if (own is { Role: ChannelRole.Supervisor } && own.Supervision != SupervisionMode.Intercept)
        {
            ServedLeg(call, target, mode);
            ChangeMode(call, own, supervisor, target, mode);
            return;
        }

        if (supervisor.UserState != UserStates.Ready || own is not null)
        {
            throw ApiErrors.UserStateNotAllowed(supervisor.UserId, supervisor.UserState, Verb(mode) + " (a supervisor must be READY)");
        }

        ServedLeg(call, target, mode);
        var instance = call.Instance;
        var timeoutMs = (timeoutSeconds ?? instance.Calls.Settings.AgentRingTimeoutSeconds) * 1000L;
        Channel leg;
        if (supervisor.WorkMode == WorkModes.OffSite)
        {
            // Like an offered call: the supervisor's mobile is dialled through an outbound-capable number (rules A1, N2).
            var number = supervisor.Mobile.Length > 0 ? PickOffSiteNumber(call) : null;
            if (number is null)
            {
                throw ApiErrors.NoOutboundNumber(supervisor.UserId);
            }

            leg = AddChannel(call, ChannelRole.Supervisor, CallTypeOf(mode), target.Extension, supervisor.Mobile, supervisor, isPhone: true, outboundNumber: number.Number);
        }
        else
        {
            leg = AddChannel(call, ChannelRole.Supervisor, CallTypeOf(mode), target.Extension, supervisor.Extension, supervisor, isPhone: false, outboundNumber: null);
        }

        leg.Supervision = mode;
        leg.SupervisedUserId = target.UserId;
        supervisor.JobId = call.JobId;
        SetAgentState(instance, supervisor, UserStates.Ringing);
        var ringing = AgentEvent(call, "AgentRinging", supervisor) with { ChannelId = leg.ChannelId, Scenario = ScenarioOf(mode) };
        if (leg.IsPhone)
        {
            Emit(call, ringing, 'A', supervisor.UserId);
            DialPhone(call, leg, (int)(timeoutMs / 1000));
            leg.RingStart = 0; // a supervisor's ringing is not the call's ring or dialling time
            return;
        }

        leg.State = ChannelStates.Ringing;
        leg.Timestamp = Now;
        Emit(call, Event(call, "Ringing", leg) with { Destination = leg.Destination, AgentId = supervisor.UserId, Scenario = ScenarioOf(mode) });
        Emit(call, ringing, 'A', supervisor.UserId);
        if (Phones.GetAgent(supervisor.UserId) is { AutoAnswer: true } auto && auto.AnswerAfterMs < timeoutMs)
        {
            Schedule(call, leg, auto.AnswerAfterMs, LegOutcome.Answer);
        }
        else
        {
            Schedule(call, leg, timeoutMs, LegOutcome.Timeout);
        }
    }

    /// <summary>Refuses a supervisor naming themselves as the agent to supervise.</summary>
    /// <exception cref="ApiException">400 <c>Parameter.Invalid</c>.</exception>
    public static void RequireNotSelf(Agent supervisor, Agent target, string targetParameter)
    {
        if (supervisor == target)
        {
            throw ApiErrors.ParameterInvalid(targetParameter, "A supervisor cannot monitor, coach, barge in on or intercept their own call");
        }
    }

    /// <summary>
    /// Whether <paramref name="listener"/> hears <paramref name="speaker"/>: a monitoring leg is heard by nobody, a
    /// coaching leg only by the agent it coaches, a barging or intercepting leg by everybody; supervisor legs hear
    /// everybody. Used for DTMF sent from a leg (the emulator carries no mixed audio, docs/emulator-calls.md).
    /// </summary>
    public static bool Hears(Channel listener, Channel speaker) => speaker.Supervision switch
    {
        SupervisionMode.Monitor => false,
        SupervisionMode.Coach => listener.Role != ChannelRole.Supervisor && listener.UserId.Length > 0 && listener.UserId == speaker.SupervisedUserId,
        _ => true,
    };

    /// <summary>
    /// The Workbench status code (docs/reference/workbench-sdk.md#status-codes-2x) of a supervisor whose leg in
    /// <paramref name="call"/> supervises: 24 while it rings, then 21 monitoring, 26 coaching, 25 barge-in; null when
    /// the user has no such leg (an intercepting supervisor serves the call: an ordinary talk code). A leg just released
    /// keeps its code until the supervisor's next state (READY) is reported, so no talk code flickers in between.
    /// </summary>
    public static int? SupervisorStatusCode(Call call, string userId)
    {
        if (call.Channels.FindLast(c => c.UserId == userId) is not { Role: ChannelRole.Supervisor } leg)
        {
            return null;
        }

        if (leg.IsRinging || leg.AnsweredAt == 0)
        {
            return 24;
        }

        return leg.Supervision switch
        {
            SupervisionMode.Monitor => 21,
            SupervisionMode.Coach => 26,
            SupervisionMode.Barge => 25,
            _ => null,
        };
    }

    /// <summary>A supervisor's leg answered (from <see cref="ChannelAnswered"/>): TALKING, then the mode's event.</summary>
    private void SupervisorAnswered(Call call, Channel leg)
    {
        var instance = call.Instance;
        var supervisor = instance.GetUser(leg.UserId);
        if (call.LiveChannelOf(leg.SupervisedUserId) is not { IsAnswered: true, Role: not ChannelRole.Supervisor })
        {
            ReleaseChannel(call, leg, ReleaseInitiators.System, ReleaseReasons.Okay); // the agent left meanwhile
            return;
        }

        SetAgentState(instance, supervisor, UserStates.Talking);
        Emit(call, AgentEvent(call, "AgentTalk", supervisor) with { ChannelId = leg.ChannelId, Scenario = ScenarioOf(leg.Supervision) }, 'A', supervisor.UserId);
        Emit(call, Event(call, "Established", leg) with { AgentId = supervisor.UserId, Scenario = ScenarioOf(leg.Supervision) });
        StartMode(call, leg, supervisor);
    }

    /// <summary>A second supervisor action on the same leg: stop the old mode, start the new one.</summary>
    private void ChangeMode(Call call, Channel leg, Agent supervisor, Agent target, SupervisionMode mode)
    {
        if (leg.Supervision == mode && leg.SupervisedUserId == target.UserId)
        {
            return;
        }

        if (leg.IsAnswered)
        {
            StopMode(call, leg, supervisor);
        }

        leg.Supervision = mode;
        leg.SupervisedUserId = target.UserId;
        leg.CallType = CallTypeOf(mode);
        leg.Timestamp = Now;
        if (!leg.IsAnswered)
        {
            return; // a ringing leg starts its (new) mode when answered
        }

        if (mode == SupervisionMode.Intercept)
        {
            // From now on the supervisor talks to the customer in the agent's place.
            Emit(call, AgentEvent(call, "AgentTalk", supervisor) with { ChannelId = leg.ChannelId, Scenario = ScenarioOf(mode) }, 'A', supervisor.UserId);
        }

        StartMode(call, leg, supervisor);
    }

    private void StartMode(Call call, Channel leg, Agent supervisor)
    {
        var type = leg.Supervision switch
        {
            SupervisionMode.Monitor => "StartMonitor",
            SupervisionMode.Coach => "StartCoach",
            SupervisionMode.Barge => "BargeIn",
            _ => "Intercept",
        };
        var target = leg.SupervisedUserId;
        Emit(call, Event(call, type, leg) with { AgentId = supervisor.UserId, Counterparty = target }, 'A', supervisor.UserId);
        if (leg.Supervision != SupervisionMode.Intercept)
        {
            return;
        }

        // The supervisor takes the agent's place: the agent's leg is released and the supervisor serves the call.
        AddAgent(call, supervisor);
        if (call.LiveChannelOf(target) is { Role: not ChannelRole.Supervisor } served)
        {
            ReleaseChannel(call, served, ReleaseInitiators.Agent, ReleaseReasons.Intercepted);
        }
    }

    private void StopMode(Call call, Channel leg, Agent supervisor)
    {
        var type = leg.Supervision switch
        {
            SupervisionMode.Monitor => "StopMonitor",
            SupervisionMode.Coach => "StopCoach",
            _ => null, // the cloud names no event for the end of a barge-in
        };
        if (type is not null)
        {
            Emit(call, Event(call, type, leg) with { AgentId = supervisor.UserId, Counterparty = leg.SupervisedUserId }, 'A', supervisor.UserId);
        }
    }

    /// <summary>
    /// Called by <see cref="ReleaseChannel"/> before a leg is released: a supervising leg stops its mode; an agent's leg
    /// takes the legs supervising that agent with it.
    /// </summary>
    private void SupervisionEnding(Call call, Channel channel)
    {
        if (IsSupervising(channel))
        {
            if (channel.IsAnswered && call.Instance.Users.TryGetValue(channel.UserId, out var supervisor))
            {
                StopMode(call, channel, supervisor);
            }

            return;
        }

        if (channel.UserId.Length == 0)
        {
            return;
        }

        foreach (var leg in call.Channels)
        {
            if (!leg.IsReleased && IsSupervising(leg) && leg.SupervisedUserId == channel.UserId)
            {
                ReleaseChannel(call, leg, ReleaseInitiators.System, leg.IsAnswered ? ReleaseReasons.Okay : ReleaseReasons.Cancelled);
            }
        }
    }

    /// <summary>A supervisor's leg that monitors, coaches or barges in (not one that intercepted and now serves the call).</summary>
    private static bool IsSupervising(Channel channel) =>
        channel.Role == ChannelRole.Supervisor && channel.Supervision != SupervisionMode.Intercept;

    /// <summary>The <c>scenario</c> of an AgentRelease: INTERCEPTED for the agent an intercept replaced, the mode's for a supervisor.</summary>
    private static string? ReleaseScenario(Channel channel) =>
        channel.ReleaseReason == ReleaseReasons.Intercepted ? "INTERCEPTED" : channel.Role == ChannelRole.Supervisor ? ScenarioOf(channel.Supervision) : null;

    /// <summary>
    /// The target's answered leg that is not itself a supervisor's, in a connected call (talking or consulting; an
    /// outbound call still dialling the customer is not in progress yet); else the call is not in progress for it.
    /// </summary>
    private static Channel ServedLeg(Call call, Agent target, SupervisionMode mode)
    {
        var leg = call.LiveChannelOf(target.UserId);
        if (leg is not { IsAnswered: true } || IsSupervising(leg) || call.Phase is not (CallPhase.Talking or CallPhase.Consulting))
        {
            throw ApiErrors.UserStateNotAllowed(target.UserId, target.UserState, Passive(mode) + " on call " + call.JobId + " (no answered leg of theirs in it)");
        }

        if (mode == SupervisionMode.Intercept && call.ConsultingUserId == target.UserId)
        {
            throw ApiErrors.UserStateNotAllowed(target.UserId, target.UserState, "be intercepted while consulting");
        }

        return leg;
    }

    private static string CallTypeOf(SupervisionMode mode) => mode switch
    {
        SupervisionMode.Monitor => CallTypes.Monitor,
        SupervisionMode.Coach => CallTypes.Coach,
        SupervisionMode.Barge => CallTypes.Barge,
        _ => CallTypes.Intercept,
    };

    private static string? ScenarioOf(SupervisionMode mode) => mode switch
    {
        SupervisionMode.Monitor => "MONITORING",
        SupervisionMode.Coach => "COACHING",
        SupervisionMode.Barge => "BARGING",
        SupervisionMode.Intercept => "INTERCEPTING",
        _ => null,
    };

    private static string Verb(SupervisionMode mode) => mode switch
    {
        SupervisionMode.Monitor => "monitor a call",
        SupervisionMode.Coach => "coach an agent",
        SupervisionMode.Barge => "barge in on a call",
        _ => "intercept a call",
    };

    private static string Passive(SupervisionMode mode) => mode switch
    {
        SupervisionMode.Monitor => "be monitored",
        SupervisionMode.Coach => "be coached",
        SupervisionMode.Barge => "be barged in on",
        _ => "be intercepted",
    };
}
