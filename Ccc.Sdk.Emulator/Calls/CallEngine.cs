using System.Globalization;
using System.Security.Cryptography;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Gateway;
using Ccc.Sdk.Emulator.Instances;
using Ccc.Sdk.Emulator.Numbers;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>
/// The call engine: calls, channels and agents as state machines, simulated phones, inbound routing (rules R1–R6
/// of docs/reference/behaviour-rules.md), outbound rules (O1, O2, N2, N3), double calls, transfers and CDRs. Every method whose doc says "caller holds
/// the lock" must run under the instance's <see cref="CccInstance.Gate"/>, followed by <see cref="Drain"/> before
/// the lock is released. Timers (TimeProvider) take the lock themselves. No wall-clock sleeps anywhere.
/// </summary>
internal sealed partial class CallEngine
{
    private readonly NumberLocationTable _locations;
    private long _sequence;
    private long _contextId;
    private readonly Lock _subscribersGate = new();
    private ICallObserver[] _subscribers = [];

    public CallEngine(TimeProvider time, NumberLocationTable locations)
    {
        Time = time;
        _locations = locations;
    }

    public TimeProvider Time { get; }

    public SimulatedPhones Phones { get; } = new();

    /// <summary>Key of the recording URLs' signature (random per emulator run).</summary>
    internal byte[] RecordingKey { get; } = RandomNumberGenerator.GetBytes(32);

    public long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public long NextContextId() => Interlocked.Increment(ref _contextId);

    /// <summary>
    /// Subscribes to the engine's one event stream: every call event and every agent state change, in order, under
    /// the instance lock (<see cref="ICallObserver"/>'s contract), each exactly once. Subscribers are told in
    /// subscription order (the emulator subscribes its event log, the webhook push, then the agent gateway, the phone
    /// gateway and the media relay). Dispose the result to unsubscribe.
    /// </summary>
    public IDisposable Subscribe(ICallObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Sets an agent's state and tells the event stream (caller holds the lock). Every state change goes through here.</summary>
    public void SetAgentState(CccInstance instance, Agent agent, string state)
    {
        if (agent.ChangeState(instance.InstanceId, state, Now) is { } change)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.ObserveAgentState(change);
            }
        }
    }

    private void Unsubscribe(ICallObserver observer)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, observer))];
        }
    }

    private sealed class Subscription(CallEngine engine, ICallObserver observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                engine.Unsubscribe(observer);
            }
        }
    }

    // ------------------------------------------------------------------ starting calls

    /// <summary>MakeCall by an agent (caller holds the lock).</summary>
    /// <exception cref="ApiException">State, number and carrier-rule errors (see docs/emulator-calls.md).</exception>
    public Call MakeCall(CccInstance instance, Agent agent, string callee, string? caller, int timeoutSeconds, string? maskedCallee, string tags)
    {
        if (agent.UserState != UserStates.Ready)
        {
            throw ApiErrors.UserStateNotAllowed(agent.UserId, agent.UserState, "make a call");
        }

        if (IsExtension(instance, callee))
        {
            return MakeInternalCall(instance, agent, callee, tags);
        }

        var settings = instance.Calls.Settings;
        if (settings.OutboundBlacklist.Contains(NumberLocationTable.Normalize(callee)))
        {
            throw ApiErrors.CallRestrictedBlacklist(callee);
        }

        var number = PickCallerNumber(instance, agent, callee, caller);
        CountAttempt(instance, number.Number, callee);
        var now = Now;
        var call = NewCall(instance, CallTypes.Outbound, ContactTypes.Outbound, now);
        call.CallingNumber = number.Number;
        call.CalledNumber = callee;
        call.MaskedCallee = maskedCallee;
        call.LegTimeoutSeconds = timeoutSeconds;
        call.Tags = tags;
        call.Phase = CallPhase.Dialing;
        call.AgentIds.Add(agent.UserId);
        var group = agent.SignedSkillGroupIds.FirstOrDefault(number.SkillGroupIds.Contains) ?? agent.SignedSkillGroupIds.FirstOrDefault();
        if (group is not null)
        {
            call.SkillGroupIds.Add(group);
        }

        agent.JobId = call.JobId;
        SetAgentState(instance, agent, UserStates.Dialing);
        Emit(call, AgentEvent(call, "AgentDialing", agent), 'A', agent.UserId);
        if (agent.WorkMode == WorkModes.OffSite)
        {
            // The cloud rings the off-site agent's mobile first, then the customer (like a double call).
            var leg = AddChannel(call, ChannelRole.Agent, CallTypes.Outbound, number.Number, agent.Mobile, agent, isPhone: true, outboundNumber: number.Number);
            Emit(call, Event(call, "Dialing", leg) with { AgentId = agent.UserId });
            DialPhone(call, leg, timeoutSeconds);
        }
        else
        {
            // The softphone connects its own outbound call at once; then the customer is dialled.
            var leg = AddChannel(call, ChannelRole.Agent, CallTypes.Outbound, agent.Extension, callee, agent, isPhone: false, outboundNumber: null);
            leg.State = ChannelStates.Answered;
            leg.AnsweredAt = now;
            Emit(call, Event(call, "Dialing", leg) with { AgentId = agent.UserId });
            DialOutboundCustomer(call);
        }

        return call;
    }

    /// <summary>
    /// An agent-to-agent (INTERNAL) call: the callee extension must be an agent of the instance
    /// (404 <c>NotExists.Extension</c>) who is READY and on a softphone (else 400 <c>UserBusy</c>). No outbound
    /// number is used, so O1, N2, N3, O2 and the outbound blacklist do not apply. The caller's softphone channel
    /// is answered at once; the callee's rings for <c>agentRingTimeoutSeconds</c>.
    /// </summary>
    private Call MakeInternalCall(CccInstance instance, Agent agent, string extension, string tags)
    {
        var target = instance.Users.Values.FirstOrDefault(u => u.Extension == extension) ?? throw ApiErrors.ExtensionNotFound();
        if (target == agent || target.UserState != UserStates.Ready || !target.IsSignedIn || target.WorkMode == WorkModes.OffSite)
        {
            throw ApiErrors.UserBusy(target.UserId);
        }

        var now = Now;
        var call = NewCall(instance, CallTypes.Internal, ContactTypes.Internal, now);
        call.CallingNumber = agent.Extension;
        call.CalledNumber = extension;
        call.Tags = tags;
        call.Phase = CallPhase.Dialing;
        call.AgentIds.Add(agent.UserId);
        call.AgentIds.Add(target.UserId);
        if (agent.SignedSkillGroupIds.FirstOrDefault() is { } group)
        {
            call.SkillGroupIds.Add(group);
        }

        agent.JobId = call.JobId;
        SetAgentState(instance, agent, UserStates.Dialing);
        Emit(call, AgentEvent(call, "AgentDialing", agent), 'A', agent.UserId);
        var own = AddChannel(call, ChannelRole.Agent, CallTypes.Internal, agent.Extension, extension, agent, isPhone: false, outboundNumber: null);
        own.State = ChannelStates.Answered;
        own.AnsweredAt = now;
        Emit(call, Event(call, "Dialing", own) with { AgentId = agent.UserId });

        target.JobId = call.JobId;
        SetAgentState(instance, target, UserStates.Ringing);
        var leg = AddChannel(call, ChannelRole.InternalCallee, CallTypes.Internal, agent.Extension, extension, target, isPhone: false, outboundNumber: null);
        RingAgent(call, leg, target);
        return call;
    }

    /// <summary>
    /// A Callee is an extension when an agent of the instance has it, or when it has exactly 4 digits (the
    /// emulator's extensions, 8001…; such a number is never a dialable phone number). Everything else is a phone.
    /// </summary>
    private static bool IsExtension(CccInstance instance, string callee) =>
        callee.Length == 4 && callee.All(char.IsAsciiDigit) || instance.Users.Values.Any(u => u.Extension == callee);

    /// <summary>StartBack2BackCall (caller holds the lock): dial Caller, then Callee when Caller answers (docs/reference/api-conventions.md#double-call).</summary>
    public Call StartBack2BackCall(CccInstance instance, string caller, string callee, string broker, string? additionalBroker, int timeoutSeconds, string tags)
    {
        var settings = instance.Calls.Settings;
        RequireOutboundNumber(instance, broker, "Broker");
        if (additionalBroker is not null)
        {
            RequireOutboundNumber(instance, additionalBroker, "AdditionalBroker");
        }

        // Both ends are dialled, so neither may be on the do-not-call list (rule R6).
        if (settings.OutboundBlacklist.Contains(NumberLocationTable.Normalize(caller)))
        {
            throw ApiErrors.CallRestrictedBlacklist(caller);
        }

        if (settings.OutboundBlacklist.Contains(NumberLocationTable.Normalize(callee)))
        {
            throw ApiErrors.CallRestrictedBlacklist(callee);
        }

        RequireConcurrency(instance, broker);
        CountAttempt(instance, additionalBroker ?? broker, callee);
        var now = Now;
        var call = NewCall(instance, CallTypes.Back2Back, ContactTypes.Back2Back, now);
        call.CallingNumber = caller;
        call.CalledNumber = callee;
        call.Broker = broker;
        call.AdditionalBroker = additionalBroker ?? "";
        call.LegTimeoutSeconds = timeoutSeconds;
        call.Tags = tags;
        call.Phase = CallPhase.Dialing;
        var leg = AddChannel(call, ChannelRole.Back2BackCaller, CallTypes.Back2Back, broker, caller, null, isPhone: true, outboundNumber: broker);
        Emit(call, Event(call, "Dialing", leg), 'C', caller);
        DialPhone(call, leg, timeoutSeconds);
        return call;
    }

    /// <summary>
    /// A customer dials an instance number (control API; caller holds the lock). Order: IVR entry (StartTime),
    /// inbound blacklist (R6), work hours (R4), then routing: named agent (R3), familiar agent (R1), longest-idle
    /// READY agent of the skill group (R2), else the queue.
    /// </summary>
    public Call StartInbound(CccInstance instance, PhoneNumber number, string from, Agent? target, string? skillGroupId)
    {
        var settings = instance.Calls.Settings;
        var now = Now;
        var call = NewCall(instance, CallTypes.Inbound, ContactTypes.Inbound, now);
        call.CallingNumber = from;
        call.CalledNumber = number.Number;
        call.ContactFlowId = number.ContactFlowId;
        call.Phase = CallPhase.Ivr;
        var customer = AddChannel(call, ChannelRole.Customer, CallTypes.Inbound, from, number.Number, null, isPhone: true, outboundNumber: null);
        customer.State = ChannelStates.Answered; // The IVR answers; an inbound call is billed from here (rule C3).
        customer.AnsweredAt = now;
        Emit(call, Event(call, "Route2IVR", customer), 'C', from);
        if (Phones.Get(from).HangUpAfterMs is { } hangUp)
        {
            Schedule(call, customer, hangUp, LegOutcome.HangUp);
        }

        if (settings.InboundBlacklist.Contains(NumberLocationTable.Normalize(from)))
        {
            EndCall(call, Dispositions.AbandonedInIvr, ReleaseInitiators.System, ReleaseReasons.Blacklisted);
            return call;
        }

        if (settings.WorkHours is { } hours && !hours.IsOpen(Time.GetUtcNow()))
        {
            EndCall(call, Dispositions.AbandonedInIvr, ReleaseInitiators.System, ReleaseReasons.OutsideWorkHours);
            return call;
        }

        call.TargetUserId = target?.UserId ?? "";
        call.SkillGroupId = skillGroupId ?? number.SkillGroupIds.FirstOrDefault() ?? "";
        Route(call);
        return call;
    }

    // ------------------------------------------------------------------ agent-side call control

    /// <summary>AnswerCall (caller holds the lock).</summary>
    public void Answer(Call call, Agent agent)
    {
        var channel = call.Channels.FindLast(c => c.UserId == agent.UserId && c.IsRinging && !c.IsPhone)
            ?? throw ApiErrors.UserStateNotAllowed(agent.UserId, agent.UserState, "answer");
        ChannelAnswered(call, channel);
    }

    /// <summary>ReleaseCall (caller holds the lock): a channel, the agent's own channel, or (neither given) the whole call.</summary>
    public void Release(Call call, string? channelId, Agent? agent)
    {
        var channel = channelId is not null
            ? call.Find(channelId) ?? throw ApiErrors.ChannelNotFound(channelId, call.JobId)
            : agent is not null ? call.LiveChannelOf(agent.UserId) : null;
        var initiator = agent is not null ? ReleaseInitiators.Agent : ReleaseInitiators.System;
        if (channel is null)
        {
            EndCall(call, call.TalkStart > 0 ? Dispositions.Success : Dispositions.NoAnswer, initiator, ReleaseReasons.Okay);
        }
        else if (channel.IsReleased)
        {
            return;
        }
        else if (channel.IsRinging && channel.Role == ChannelRole.InternalCallee && agent?.UserId == channel.UserId)
        {
            LegFailed(call, channel, LegOutcome.Reject); // The called agent rejects an internal call.
        }
        else if (channel.IsRinging && channel.UserId.Length > 0 && channel.Role == ChannelRole.Agent && call.CallType != CallTypes.Outbound)
        {
            LegFailed(call, channel, LegOutcome.Reject); // The agent rejects an offered call.
        }
        else if (channel.IsRinging && channel.Role is not (ChannelRole.ConsultTarget or ChannelRole.TransferTarget or ChannelRole.Supervisor))
        {
            call.EarlyMediaState = "NoAnswer";
            EndCall(call, Dispositions.NoAnswer, initiator, ReleaseReasons.Cancelled);
        }
        else if (channel.IsRinging)
        {
            LegFailed(call, channel, LegOutcome.Reject);
        }
        else
        {
            PartyHungUp(call, channel, agent is not null ? ReleaseInitiators.Agent : PartyOf(channel));
        }
    }

    /// <summary>HoldCall (caller holds the lock).</summary>
    public void Hold(Call call, Channel channel, Agent? agent)
    {
        RequireAnswered(channel, "be held");
        if (!channel.Held)
        {
            channel.Held = true;
            channel.HeldSince = Now;
            channel.Timestamp = channel.HeldSince;
            Emit(call, Event(call, "Held", channel) with { HeldChannelId = channel.ChannelId, AgentId = agent?.UserId }, 'A', agent?.UserId ?? "");
        }
    }

    /// <summary>RetrieveCall (caller holds the lock).</summary>
    public void Retrieve(Call call, Channel channel, Agent? agent)
    {
        if (!channel.Held)
        {
            throw ApiErrors.ChannelStateNotAllowed(channel.ChannelId, channel.State, "be retrieved (it is not held)");
        }

        Unhold(call, channel, agent?.UserId);
    }

    /// <summary>MuteCall / UnmuteCall (caller holds the lock).</summary>
    public void SetMuted(Call call, Channel channel, bool muted)
    {
        RequireAnswered(channel, muted ? "be muted" : "be unmuted");
        if (channel.Muted != muted)
        {
            channel.Muted = muted;
            channel.Timestamp = Now;
            Emit(call, Event(call, muted ? "Muted" : "Unmuted", channel) with { AgentId = channel.UserId.Length > 0 ? channel.UserId : null });
        }
    }

    /// <summary>
    /// SendDtmfSignaling (caller holds the lock): the digits are played into <paramref name="channel"/> when it is a
    /// phone; sent from an agent's channel, every other connected phone of the call hears them.
    /// </summary>
    public void SendDtmf(Call call, Channel channel, string digits)
    {
        RequireAnswered(channel, "receive DTMF");
        var hearers = channel.IsPhone ? [channel] : call.Channels.Where(c => c != channel && c.IsPhone && c.IsAnswered && Hears(c, channel));
        foreach (var hearer in hearers)
        {
            Phones.Hear(PhoneOf(call, hearer), digits);
        }

        Emit(call, Event(call, "SendDtmf", channel) with { Digits = digits });
    }

    /// <summary>BlindTransfer (caller holds the lock): to an agent, a skill group, or an external number (O3).</summary>
    public void BlindTransfer(Call call, Agent transferor, string transferee, string? transfereeType, string? transferorNumber, int timeoutSeconds)
    {
        var instance = call.Instance;
        var own = call.LiveChannelOf(transferor.UserId);
        if (own is null || !own.IsAnswered || call.Phase != CallPhase.Talking || call.LiveCustomer is not { IsAnswered: true })
        {
            throw ApiErrors.UserStateNotAllowed(transferor.UserId, transferor.UserState, "transfer");
        }

        var target = ResolveTransferee(instance, transferee, transfereeType, transferorNumber);
        if (target.Agent is { } busy && (busy.UserState != UserStates.Ready || busy == transferor))
        {
            throw ApiErrors.UserBusy(busy.UserId);
        }

        call.TransferCount++;
        Emit(call, Event(call, "BlindTransfer", own) with { AgentId = transferor.UserId, Originator = transferor.UserId, Destination = transferee });
        ReleaseChannel(call, own, ReleaseInitiators.Agent, ReleaseReasons.Transferred);
        if (target.Agent is { } agent)
        {
            call.TargetUserId = agent.UserId;
            call.Phase = CallPhase.Ivr;
            Offer(call, agent);
        }
        else if (target.SkillGroupId is { } group)
        {
            call.TargetUserId = "";
            call.SkillGroupId = group;
            call.Phase = CallPhase.Ivr;
            Route(call);
        }
        else
        {
            CountAttempt(instance, target.Number!, transferee);
            var leg = AddChannel(call, ChannelRole.TransferTarget, call.CallType, target.Number!, transferee, null, isPhone: true, outboundNumber: target.Number);
            call.Phase = CallPhase.Dialing;
            DialPhone(call, leg, timeoutSeconds);
        }
    }

    /// <summary>InitiateAttendedTransfer (caller holds the lock): the customer is held and the transferee dialled.</summary>
    public void InitiateAttendedTransfer(Call call, Agent transferor, string transferee, string? transfereeType, string? transferorNumber, int timeoutSeconds)
    {
        var instance = call.Instance;
        var own = call.LiveChannelOf(transferor.UserId);
        var customer = call.LiveCustomer;
        if (own is null || !own.IsAnswered || call.Phase != CallPhase.Talking || customer is not { IsAnswered: true })
        {
            throw ApiErrors.UserStateNotAllowed(transferor.UserId, transferor.UserState, "consult");
        }

        var target = ResolveTransferee(instance, transferee, transfereeType, transferorNumber);
        if (target.SkillGroupId is not null)
        {
            throw ApiErrors.ParameterInvalid("Transferee", "An attended transfer consults an agent or a number, not a skill group");
        }

        if (target.Agent is { } busy && (busy.UserState != UserStates.Ready || busy == transferor))
        {
            throw ApiErrors.UserBusy(busy.UserId);
        }

        Hold(call, customer, transferor);
        call.ConsultingUserId = transferor.UserId;
        call.Phase = CallPhase.Consulting;
        Emit(call, Event(call, "InitiateConsultant", own) with { AgentId = transferor.UserId, Destination = transferee });
        if (target.Agent is { } agent)
        {
            agent.JobId = call.JobId;
            SetAgentState(instance, agent, UserStates.Ringing);
            var leg = AddChannel(call, ChannelRole.ConsultTarget, CallTypes.Consultant, transferor.Extension, agent.Extension, agent, isPhone: false, outboundNumber: null);
            AddAgent(call, agent);
            RingAgent(call, leg, agent);
        }
        else
        {
            CountAttempt(instance, target.Number!, transferee);
            var leg = AddChannel(call, ChannelRole.ConsultTarget, CallTypes.Consultant, target.Number!, transferee, null, isPhone: true, outboundNumber: target.Number);
            DialPhone(call, leg, timeoutSeconds);
        }
    }

    /// <summary>CompleteAttendedTransfer (caller holds the lock): the transferor leaves; customer and transferee talk.</summary>
    public void CompleteAttendedTransfer(Call call, Agent transferor)
    {
        var consult = ConsultChannel(call, transferor);
        if (!consult.IsAnswered)
        {
            throw ApiErrors.ChannelStateNotAllowed(consult.ChannelId, consult.State, "complete the transfer before it answers");
        }

        CompleteTransfer(call, consult);
    }

    /// <summary>CancelAttendedTransfer (caller holds the lock): the consulted party is released, the customer retrieved.</summary>
    public void CancelAttendedTransfer(Call call, Agent transferor)
    {
        var consult = ConsultChannel(call, transferor);
        ReleaseChannel(call, consult, ReleaseInitiators.Agent, consult.IsAnswered ? ReleaseReasons.Okay : ReleaseReasons.Cancelled);
        EndConsult(call);
    }

    /// <summary>
    /// The simulated phone <paramref name="number"/> picks up its ringing leg (control API / phone page; caller holds
    /// the lock). Returns the call, or null when nothing rings at that number in this instance.
    /// </summary>
    public Call? AnswerPhone(CccInstance instance, string number)
    {
        foreach (var call in instance.Calls.Active.Values)
        {
            if (call.Phase == CallPhase.Ended)
            {
                continue;
            }

            var channel = call.Channels.Find(c => c.IsPhone && c.IsRinging && c.Destination == number);
            if (channel is not null)
            {
                channel.TimerGeneration++; // the pending ring timeout no longer applies
                channel.Timer?.Dispose();
                channel.Timer = null;
                channel.AfterEarlyMedia = null;
                ChannelAnswered(call, channel);
                return call;
            }
        }

        return null;
    }

    /// <summary>
    /// The simulated phone <paramref name="number"/> hangs up its call in progress (caller holds the lock): a connected
    /// leg ends as with <c>hangUpAfterMs</c>; a ringing leg declines. Returns the call, or null when the phone has none
    /// in this instance.
    /// </summary>
    public Call? HangUpPhone(CccInstance instance, string number)
    {
        foreach (var call in instance.Calls.Active.Values)
        {
            if (call.Phase == CallPhase.Ended)
            {
                continue;
            }

            var channel = call.Channels.Find(c => c.IsPhone && !c.IsReleased && PhoneOf(call, c) == number);
            if (channel is null)
            {
                continue;
            }

            OnLegOutcome(call, channel, channel.IsAnswered ? LegOutcome.HangUp : LegOutcome.Reject);
            return call;
        }

        return null;
    }

    /// <summary>The simulated phone's own number of a phone channel: the caller of an inbound call, else the dialled number.</summary>
    public static string PhoneNumberOf(Call call, Channel channel) => PhoneOf(call, channel);

    /// <summary>An agent became READY (ReadyForService, ResetAgentState, end of after-call work): offer it a queued call.</summary>
    public void AgentBecameReady(CccInstance instance, Agent agent)
    {
        Publish(new CallEvent { EventType = "AgentReady", EventTime = Now, InstanceId = instance.InstanceId, AgentId = agent.UserId });
        instance.Calls.Deferred.Enqueue(() => Dispatch(instance, agent));
    }

    /// <summary>
    /// An agent state change outside calls (AgentCheckIn, AgentBreak, AgentCheckOut by SignInGroup, TakeBreak,
    /// SignOutGroup, ResetAgentState): published like the call events. Caller holds the lock.
    /// </summary>
    public void AgentStateEvent(CccInstance instance, Agent agent, string eventType) =>
        Publish(new CallEvent
        {
            EventType = eventType,
            EventTime = Now,
            InstanceId = instance.InstanceId,
            AgentId = agent.UserId,
            BreakCode = eventType == "AgentBreak" ? agent.BreakCode : null,
        });

    /// <summary>Runs work deferred by the current step (zero-delay outcomes, queue dispatch). Caller holds the lock.</summary>
    public static void Drain(CccInstance instance)
    {
        var deferred = instance.Calls.Deferred;
        while (deferred.TryDequeue(out var work))
        {
            work();
        }
    }

    /// <summary>An active call, or NotExists.JobId (caller holds the lock).</summary>
    public static Call GetActive(CccInstance instance, string jobId) =>
        instance.Calls.Active.TryGetValue(jobId, out var call) ? call : throw ApiErrors.JobNotFound(jobId);

    // ------------------------------------------------------------------ legs

    private void DialOutboundCustomer(Call call)
    {
        var leg = AddChannel(call, ChannelRole.Customer, CallTypes.Outbound, call.CallingNumber, call.CalledNumber, null, isPhone: true, outboundNumber: call.CallingNumber);
        DialPhone(call, leg, call.LegTimeoutSeconds);
    }

    private void DialPhone(Call call, Channel channel, int timeoutSeconds)
    {
        var now = Now;
        channel.State = ChannelStates.Ringing;
        channel.RingStart = now;
        channel.Timestamp = now;
        Emit(call, Event(call, "Ringing", channel) with { Destination = channel.Destination, AgentId = NullIfEmpty(channel.UserId) },
            channel.UserId.Length > 0 ? 'A' : 'C', channel.UserId.Length > 0 ? channel.UserId : channel.Destination);
        var timeoutMs = timeoutSeconds * 1000L;
        var behavior = Phones.Get(channel.Destination);
        if (behavior.Behavior == PhoneBehaviors.Manual || Phones.HasPage(channel.Destination))
        {
            // Answered through POST /_emulator/phones/{number}/answer (or the phone page), else the ring timeout.
            Schedule(call, channel, timeoutMs, LegOutcome.Timeout);
            return;
        }

        var (delay, outcome) = behavior.Behavior switch
        {
            PhoneBehaviors.Busy => (behavior.AnswerAfterMs, LegOutcome.Busy),
            PhoneBehaviors.Reject => (behavior.AnswerAfterMs, LegOutcome.Reject),
            PhoneBehaviors.NoAnswer => (timeoutMs, LegOutcome.Timeout),
            _ => (behavior.AnswerAfterMs, LegOutcome.Answer),
        };
        var finalDelay = Math.Min(delay, timeoutMs);
        var finalOutcome = delay < timeoutMs ? outcome : LegOutcome.Timeout;
        if (behavior.EarlyMediaAfterMs is { } early && early < finalDelay)
        {
            // The carrier's ringback/announcement first; the final outcome keeps its original time.
            channel.AfterEarlyMedia = (finalOutcome, now + finalDelay);
            Schedule(call, channel, early, LegOutcome.EarlyMedia);
            return;
        }

        Schedule(call, channel, finalDelay, finalOutcome);
    }

    private void RingAgent(Call call, Channel channel, Agent agent)
    {
        var now = Now;
        channel.State = ChannelStates.Ringing;
        channel.RingStart = now;
        channel.Timestamp = now;
        Emit(call, Event(call, "Ringing", channel) with { Destination = channel.Destination, AgentId = agent.UserId });
        Emit(call, AgentEvent(call, "AgentRinging", agent) with { ChannelId = channel.ChannelId }, 'A', agent.UserId);
        var timeoutMs = call.Instance.Calls.Settings.AgentRingTimeoutSeconds * 1000L;
        if (Phones.GetAgent(agent.UserId) is { AutoAnswer: true } auto && auto.AnswerAfterMs < timeoutMs)
        {
            Schedule(call, channel, auto.AnswerAfterMs, LegOutcome.Answer);
        }
        else
        {
            Schedule(call, channel, timeoutMs, LegOutcome.Timeout);
        }
    }

    private void Schedule(Call call, Channel channel, long delayMs, LegOutcome outcome)
    {
        channel.Timer?.Dispose();
        channel.Timer = null;
        var generation = ++channel.TimerGeneration;
        var instance = call.Instance;
        void Fire()
        {
            if (channel.TimerGeneration == generation)
            {
                channel.Timer?.Dispose();
                channel.Timer = null;
                OnLegOutcome(call, channel, outcome);
            }
        }

        if (delayMs <= 0)
        {
            instance.Calls.Deferred.Enqueue(Fire);
            return;
        }

        channel.Timer = Time.CreateTimer(_ => RunLocked(instance, Fire), null, TimeSpan.FromMilliseconds(delayMs), Timeout.InfiniteTimeSpan);
    }

    private void ScheduleCall(Call call, long delayMs, Action<Call> work)
    {
        call.Timer?.Dispose();
        var generation = ++call.TimerGeneration;
        call.Timer = Time.CreateTimer(_ => RunLocked(call.Instance, () =>
        {
            if (call.TimerGeneration == generation && call.Phase != CallPhase.Ended)
            {
                call.Timer?.Dispose();
                call.Timer = null;
                work(call);
            }
        }), null, TimeSpan.FromMilliseconds(Math.Max(1, delayMs)), Timeout.InfiniteTimeSpan);
    }

    private static void CancelCallTimer(Call call)
    {
        call.TimerGeneration++;
        call.Timer?.Dispose();
        call.Timer = null;
    }

    private static void RunLocked(CccInstance instance, Action work)
    {
        lock (instance.Gate)
        {
            work();
            Drain(instance);
        }
    }

    private void OnLegOutcome(Call call, Channel channel, LegOutcome outcome)
    {
        if (call.Phase == CallPhase.Ended || channel.IsReleased)
        {
            return;
        }

        switch (outcome)
        {
            case LegOutcome.EarlyMedia when channel.State == ChannelStates.Ringing && channel.AfterEarlyMedia is { } next:
                channel.State = ChannelStates.EarlyMedia;
                channel.Timestamp = Now;
                channel.AfterEarlyMedia = null;
                Schedule(call, channel, Math.Max(0, next.DueAt - Now), next.Outcome); // due time fixed at dial time
                break;
            case LegOutcome.Answer when channel.IsRinging:
                ChannelAnswered(call, channel);
                break;
            case LegOutcome.HangUp when channel.IsAnswered:
                PartyHungUp(call, channel, PartyOf(channel));
                break;
            case LegOutcome.Busy or LegOutcome.Reject or LegOutcome.Timeout when channel.IsRinging:
                LegFailed(call, channel, outcome);
                break;
        }
    }

    private void ChannelAnswered(Call call, Channel channel)
    {
        var instance = call.Instance;
        var now = Now;
        AccumulateRing(call, channel, now);
        channel.State = ChannelStates.Answered;
        channel.AnsweredAt = now;
        channel.Timestamp = now;
        if (channel.IsPhone && Phones.Get(channel.Destination).HangUpAfterMs is { } hangUp)
        {
            Schedule(call, channel, hangUp, LegOutcome.HangUp);
        }

        var agent = channel.UserId.Length > 0 ? instance.GetUser(channel.UserId) : null;
        switch (channel.Role)
        {
            case ChannelRole.Agent when call.CallType == CallTypes.Outbound && call.TalkStart == 0:
                // An OFF_SITE agent picked up the mobile: now the customer is dialled.
                Emit(call, Event(call, "Established", channel) with { AgentId = channel.UserId });
                DialOutboundCustomer(call);
                break;
            case ChannelRole.Customer:
                call.EarlyMediaState = "";
                Connect(call, instance.GetUser(call.AgentIds[0]), channel);
                Emit(call, Event(call, "Established", channel), 'C', channel.Destination);
                break;
            case ChannelRole.Back2BackCaller:
                call.EstablishedTime = now; // For a double call EstablishedTime is the first leg's (docs/reference/api-conventions.md#double-call).
                Emit(call, Event(call, "Established", channel), 'C', channel.Destination);
                var from = call.AdditionalBroker.Length > 0 ? call.AdditionalBroker : call.Broker;
                var callee = AddChannel(call, ChannelRole.Back2BackCallee, CallTypes.Back2Back, from, call.CalledNumber, null, isPhone: true, outboundNumber: from);
                DialPhone(call, callee, call.LegTimeoutSeconds);
                break;
            case ChannelRole.Back2BackCallee:
                call.Phase = CallPhase.Talking;
                call.TalkStart = now;
                Emit(call, Event(call, "Established", channel), 'C', channel.Destination);
                break;
            case ChannelRole.InternalCallee:
                ConnectInternal(call, agent!, channel);
                break;
            case ChannelRole.Supervisor:
                SupervisorAnswered(call, channel);
                break;
            case ChannelRole.ConsultTarget:
                if (agent is not null)
                {
                    SetAgentState(instance, agent, UserStates.Talking);
                    Emit(call, AgentEvent(call, "AgentTalk", agent) with { ChannelId = channel.ChannelId, Scenario = "CONSULTED" }, 'A', agent.UserId);
                }

                Emit(call, Event(call, "Established", channel));
                break;
            default: // Agent of an inbound/transferred call, or an external transfer target.
                if (agent is not null)
                {
                    Connect(call, agent, channel);
                }
                else
                {
                    call.Phase = CallPhase.Talking;
                    Emit(call, Event(call, "Established", channel), 'C', channel.Destination);
                }

                break;
        }
    }

    /// <summary>The called agent answered an INTERNAL call: both agents TALKING (no familiar-agent hint, R1 is for customers).</summary>
    private void ConnectInternal(Call call, Agent callee, Channel channel)
    {
        var now = Now;
        call.Phase = CallPhase.Talking;
        call.EstablishedTime = now;
        call.TalkStart = now;
        var own = call.Channels.Find(c => c.Role == ChannelRole.Agent && !c.IsReleased);
        if (own is not null && call.Instance.Users.TryGetValue(own.UserId, out var caller))
        {
            SetAgentState(call.Instance, caller, UserStates.Talking);
            Emit(call, AgentEvent(call, "AgentTalk", caller) with { ChannelId = own.ChannelId }, 'A', caller.UserId);
            Emit(call, Event(call, "Established", own) with { AgentId = caller.UserId });
        }

        SetAgentState(call.Instance, callee, UserStates.Talking);
        Emit(call, AgentEvent(call, "AgentTalk", callee) with { ChannelId = channel.ChannelId }, 'A', callee.UserId);
        Emit(call, Event(call, "Established", channel) with { AgentId = callee.UserId });
    }

    /// <summary>The agent and the customer are connected: TALKING, EstablishedTime, familiar agent (R1).</summary>
    private void Connect(Call call, Agent agent, Channel channel)
    {
        var now = Now;
        call.Phase = CallPhase.Talking;
        if (call.EstablishedTime == 0)
        {
            call.EstablishedTime = now;
        }

        if (call.TalkStart == 0)
        {
            call.TalkStart = now;
        }

        SetAgentState(call.Instance, agent, UserStates.Talking);
        var customerNumber = call.CallType == CallTypes.Inbound ? call.CallingNumber : call.CalledNumber;
        var familiar = call.Instance.Calls.LastAgentByCustomer;
        if (familiar.Count >= 100_000)
        {
            familiar.Clear(); // Bound memory; losing the hints only weakens R1.
        }

        familiar[customerNumber] = agent.UserId;
        Emit(call, AgentEvent(call, "AgentTalk", agent) with { ChannelId = channel.ChannelId }, 'A', agent.UserId);
        var agentChannel = call.LiveChannelOf(agent.UserId) ?? channel;
        Emit(call, Event(call, "Established", agentChannel) with { AgentId = agent.UserId });
    }

    private void LegFailed(Call call, Channel channel, LegOutcome outcome)
    {
        var instance = call.Instance;
        var reason = outcome switch
        {
            LegOutcome.Busy => ReleaseReasons.Busy,
            LegOutcome.Reject => ReleaseReasons.Declined,
            _ => ReleaseReasons.NoAnswer,
        };
        var initiator = outcome == LegOutcome.Timeout ? ReleaseInitiators.System : PartyOf(channel);
        var early = outcome switch
        {
            LegOutcome.Busy => "Busy",
            LegOutcome.Reject => "Rejected",
            _ => "NoAnswer",
        };
        var disposition = outcome == LegOutcome.Reject ? Dispositions.Reject : Dispositions.NoAnswer;
        var agent = channel.UserId.Length > 0 ? instance.GetUser(channel.UserId) : null;

        if (channel.Role == ChannelRole.Agent && call.CallType != CallTypes.Outbound && agent is not null)
        {
            // An offered call the agent let ring (or rejected): agent to BREAK, call back to routing.
            ReleaseChannel(call, channel, initiator, reason, agentNextState: UserStates.Break);
            Emit(call, AgentEvent(call, "RingingTimeout", agent) with { ChannelId = channel.ChannelId }, 'A', agent.UserId);
            call.Phase = CallPhase.Ivr;
            if (call.TargetUserId == agent.UserId && call.TransferCount == 0)
            {
                // A call for a named agent (R3) keeps waiting for that agent.
            }

            Route(call);
            return;
        }

        switch (channel.Role)
        {
            case ChannelRole.ConsultTarget:
                ReleaseChannel(call, channel, initiator, reason);
                EndConsult(call);
                break;
            case ChannelRole.Supervisor:
                ReleaseChannel(call, channel, initiator, reason); // the call goes on without the supervisor
                break;
            default:
                ReleaseChannel(call, channel, initiator, reason);
                call.EarlyMediaState = early;
                EndCall(call, call.TalkStart > 0 ? Dispositions.Success : disposition, initiator, reason);
                break;
        }
    }

    private void PartyHungUp(Call call, Channel channel, string initiator)
    {
        switch (channel.Role)
        {
            case ChannelRole.Customer when call.CallType == CallTypes.Inbound:
                var disposition = call.Phase switch
                {
                    CallPhase.Ivr => Dispositions.AbandonedInIvr,
                    CallPhase.Queued => Dispositions.AbandonedInQueue,
                    CallPhase.Offering => Dispositions.AbandonedInRing,
                    _ => call.TalkStart > 0 ? Dispositions.Success : Dispositions.AbandonedInRing,
                };
                EndCall(call, disposition, initiator, ReleaseReasons.Okay);
                break;
            case ChannelRole.Agent when call.Phase == CallPhase.Consulting && call.ConsultingUserId == channel.UserId:
                var consult = call.Channels.FindLast(c => c.Role == ChannelRole.ConsultTarget && !c.IsReleased);
                if (consult is { IsAnswered: true })
                {
                    CompleteTransfer(call, consult); // Hanging up during an answered consultation completes the transfer.
                }
                else
                {
                    EndCall(call, Dispositions.Success, initiator, ReleaseReasons.Okay);
                }

                break;
            case ChannelRole.ConsultTarget:
                ReleaseChannel(call, channel, initiator, ReleaseReasons.Okay);
                EndConsult(call);
                break;
            case ChannelRole.Back2BackCaller when call.TalkStart == 0:
                EndCall(call, Dispositions.AbandonedInRing, initiator, ReleaseReasons.Okay);
                break;
            case ChannelRole.Supervisor when IsSupervising(channel):
                ReleaseChannel(call, channel, initiator, ReleaseReasons.Okay); // the supervisor leaves; the call goes on
                break;
            default:
                EndCall(call, call.TalkStart > 0 ? Dispositions.Success : Dispositions.NoAnswer, initiator, ReleaseReasons.Okay);
                break;
        }
    }

    private void CompleteTransfer(Call call, Channel consult)
    {
        var instance = call.Instance;
        var transferor = instance.GetUser(call.ConsultingUserId);
        Emit(call, Event(call, "AttendedTransfer", consult) with { AgentId = transferor.UserId, Originator = transferor.UserId, Destination = consult.Destination });
        call.TransferCount++;
        consult.Role = consult.UserId.Length > 0 ? ChannelRole.Agent : ChannelRole.TransferTarget;
        if (call.LiveChannelOf(transferor.UserId) is { } own)
        {
            ReleaseChannel(call, own, ReleaseInitiators.Agent, ReleaseReasons.Transferred);
        }

        EndConsult(call);
    }

    private void EndConsult(Call call)
    {
        call.ConsultingUserId = "";
        call.Phase = CallPhase.Talking;
        if (call.LiveCustomer is { Held: true } customer)
        {
            Unhold(call, customer, null);
        }
    }

    private void Unhold(Call call, Channel channel, string? agentId)
    {
        var now = Now;
        call.HeldMs += now - channel.HeldSince;
        channel.Held = false;
        channel.Timestamp = now;
        Emit(call, Event(call, "Retrieved", channel) with { RetrievedChannelId = channel.ChannelId, AgentId = agentId }, 'A', agentId ?? "");
    }

    // ------------------------------------------------------------------ routing

    private void Route(Call call)
    {
        var agent = PickAgent(call);
        if (agent is not null)
        {
            Offer(call, agent);
        }
        else
        {
            Enqueue(call);
        }
    }

    private Agent? PickAgent(Call call)
    {
        var instance = call.Instance;
        if (call.TargetUserId.Length > 0)
        {
            return instance.Users.TryGetValue(call.TargetUserId, out var named) && IsEligible(call, named) ? named : null; // R3
        }

        if (instance.Calls.Settings.FamiliarAgentRouting
            && instance.Calls.LastAgentByCustomer.TryGetValue(call.CallingNumber, out var familiarId)
            && instance.Users.TryGetValue(familiarId, out var familiar)
            && IsEligible(call, familiar))
        {
            return familiar; // R1
        }

        Agent? best = null;
        var bestLevel = int.MaxValue;
        var skippedOffSite = false;
        foreach (var agent in instance.Users.Values)
        {
            if (agent.UserState != UserStates.Ready || !agent.SignedSkillGroupIds.Contains(call.SkillGroupId))
            {
                continue;
            }

            if (!IsReachable(call, agent))
            {
                skippedOffSite = true;
                continue;
            }

            // The strongest skill level in the group first (1 is the strongest, 10 the weakest), then R2: longest
            // idle = READY the longest (docs/emulator.md, section "Users administration").
            var level = LevelIn(agent, call.SkillGroupId);
            if (best is null || level < bestLevel || (level == bestLevel && agent.StateTime < best.StateTime))
            {
                best = agent;
                bestLevel = level;
            }
        }

        if (best is null && skippedOffSite)
        {
            Emit(call, Event(call, "DispatchingFailure", null) with { SkillGroupId = call.SkillGroupId, ReleaseReason = "No outbound-capable number to reach OFF_SITE agents (rules A1 and N2)" });
        }

        return best;
    }

    private static int LevelIn(Agent agent, string skillGroupId)
    {
        foreach (var skill in agent.SkillLevels)
        {
            if (skill.SkillGroupId == skillGroupId)
            {
                return skill.Level;
            }
        }

        return int.MaxValue;
    }

    private bool IsEligible(Call call, Agent agent) => agent.UserState == UserStates.Ready && IsReachable(call, agent);

    /// <summary>Rules A1 and N2: an OFF_SITE agent is reached on the mobile through an outbound-capable number.</summary>
    private bool IsReachable(Call call, Agent agent) =>
        agent.WorkMode != WorkModes.OffSite || (agent.Mobile.Length > 0 && PickOffSiteNumber(call) is not null);

    private PhoneNumber? PickOffSiteNumber(Call call)
    {
        var instance = call.Instance;
        PhoneNumber? any = null;
        foreach (var number in instance.PhoneNumbers.Values)
        {
            if (!number.Active || !NumberUsages.CanDialOut(number.Usage) || !HasCapacity(instance, number.Number))
            {
                continue;
            }

            if (number.SkillGroupIds.Contains(call.SkillGroupId))
            {
                return number;
            }

            any ??= number;
        }

        return any;
    }

    private void Enqueue(Call call)
    {
        if (call.Phase == CallPhase.Queued)
        {
            return;
        }

        var settings = call.Instance.Calls.Settings;
        if (call.SkillGroupId.Length > 0 && !call.SkillGroupIds.Contains(call.SkillGroupId))
        {
            call.SkillGroupIds.Add(call.SkillGroupId);
        }

        call.Phase = CallPhase.Queued;
        call.QueueStart = Now;
        call.Instance.Calls.Queue.AddLast(call);
        var queueId = call.TargetUserId.Length > 0 ? call.TargetUserId : call.SkillGroupId;
        Emit(call, Event(call, "Enqueue", null) with { SkillGroupId = NullIfEmpty(call.SkillGroupId), QueueType = call.TargetUserId.Length > 0 ? "Agent" : "SkillGroup" }, 'Q', queueId);
        ScheduleCall(call, settings.QueuingTimeoutSeconds * 1000L, OnQueuingTimeout);
    }

    private void Dequeue(Call call)
    {
        if (call.Phase == CallPhase.Queued)
        {
            call.Instance.Calls.Queue.Remove(call);
            call.QueueMs += Now - call.QueueStart;
            CancelCallTimer(call);
            call.Phase = CallPhase.Ivr;
        }
    }

    private void OnQueuingTimeout(Call call)
    {
        if (call.Phase != CallPhase.Queued)
        {
            return;
        }

        var settings = call.Instance.Calls.Settings;
        var queueId = call.TargetUserId.Length > 0 ? call.TargetUserId : call.SkillGroupId;
        if (call.TargetUserId.Length == 0 && !call.Overflowed && settings.QueueOverflow.TryGetValue(call.SkillGroupId, out var overflow))
        {
            Dequeue(call);
            call.Overflowed = true;
            Emit(call, Event(call, "QueueingOverflow", null) with { SkillGroupId = overflow, QueueType = "SkillGroup" }, 'Q', queueId);
            call.SkillGroupId = overflow;
            Route(call);
            return;
        }

        Dequeue(call);
        Emit(call, Event(call, "QueueingTimeout", null) with { SkillGroupId = NullIfEmpty(call.SkillGroupId), QueueType = call.TargetUserId.Length > 0 ? "Agent" : "SkillGroup" }, 'Q', queueId);
        EndCall(call, Dispositions.QueuingTimeout, ReleaseInitiators.System, ReleaseReasons.QueuingTimeout);
    }

    private void Offer(Call call, Agent agent)
    {
        Dequeue(call);
        call.Phase = CallPhase.Offering;
        Emit(call, Event(call, "AssignAgent", null) with { AgentId = agent.UserId, SkillGroupId = NullIfEmpty(call.SkillGroupId), QueueType = call.TargetUserId.Length > 0 ? "Agent" : "SkillGroup" },
            'Q', call.TargetUserId.Length > 0 ? call.TargetUserId : call.SkillGroupId);
        AddAgent(call, agent);
        if (call.SkillGroupId.Length > 0 && !call.SkillGroupIds.Contains(call.SkillGroupId))
        {
            call.SkillGroupIds.Add(call.SkillGroupId);
        }

        agent.JobId = call.JobId;
        SetAgentState(call.Instance, agent, UserStates.Ringing);
        if (agent.WorkMode == WorkModes.OffSite)
        {
            var number = PickOffSiteNumber(call)!.Number;
            var leg = AddChannel(call, ChannelRole.Agent, call.CallType, number, agent.Mobile, agent, isPhone: true, outboundNumber: number);
            Emit(call, AgentEvent(call, "AgentRinging", agent) with { ChannelId = leg.ChannelId }, 'A', agent.UserId);
            DialPhone(call, leg, call.Instance.Calls.Settings.AgentRingTimeoutSeconds);
        }
        else
        {
            var leg = AddChannel(call, ChannelRole.Agent, call.CallType, call.CallingNumber, agent.Extension, agent, isPhone: false, outboundNumber: null);
            RingAgent(call, leg, agent);
        }
    }

    private void Dispatch(CccInstance instance, Agent agent)
    {
        if (agent.UserState != UserStates.Ready)
        {
            return;
        }

        for (var node = instance.Calls.Queue.First; node is not null; node = node.Next)
        {
            var call = node.Value;
            var wanted = call.TargetUserId.Length > 0
                ? call.TargetUserId == agent.UserId
                : agent.SignedSkillGroupIds.Contains(call.SkillGroupId);
            if (wanted && IsReachable(call, agent))
            {
                Offer(call, agent);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ ending

    private void ReleaseChannel(Call call, Channel channel, string initiator, string reason, string? agentNextState = null)
    {
        if (channel.IsReleased)
        {
            return;
        }

        SupervisionEnding(call, channel);
        var now = Now;
        channel.TimerGeneration++;
        channel.Timer?.Dispose();
        channel.Timer = null;
        if (channel.Held)
        {
            call.HeldMs += now - channel.HeldSince;
            channel.Held = false;
        }

        if (channel.IsRinging)
        {
            AccumulateRing(call, channel, now);
        }

        channel.State = ChannelStates.Released;
        channel.Timestamp = now;
        channel.ReleaseInitiator = initiator;
        channel.ReleaseReason = reason;
        var instance = call.Instance;
        if (channel.OutboundNumber is { } number && instance.Calls.OutboundInUse.TryGetValue(number, out var inUse))
        {
            if (inUse <= 1)
            {
                instance.Calls.OutboundInUse.Remove(number);
            }
            else
            {
                instance.Calls.OutboundInUse[number] = inUse - 1;
            }
        }

        Emit(call, Event(call, "Released", channel) with { ReleaseReason = reason, AgentId = NullIfEmpty(channel.UserId) },
            channel.UserId.Length > 0 ? 'A' : 'C', channel.UserId.Length > 0 ? channel.UserId : PhoneOf(call, channel));
        if (channel.UserId.Length > 0 && instance.Users.TryGetValue(channel.UserId, out var agent))
        {
            Emit(call, AgentEvent(call, "AgentRelease", agent) with { ChannelId = channel.ChannelId, Scenario = ReleaseScenario(channel) });
            if (agent.JobId == call.JobId)
            {
                agent.JobId = "";
                if (agentNextState == UserStates.Break)
                {
                    agent.BreakCode = "";
                    SetAgentState(instance, agent, UserStates.Break);
                    Publish(new CallEvent { EventType = "AgentBreak", EventTime = now, InstanceId = instance.InstanceId, AgentId = agent.UserId, BreakCode = "" });
                }
                else if (channel.AnsweredAt > 0 && !IsSupervising(channel))
                {
                    StartAfterCallWork(instance, agent);
                }
                else if (agent.IsSignedIn)
                {
                    SetAgentState(instance, agent, UserStates.Ready);
                    AgentBecameReady(instance, agent);
                }
            }
        }
    }

    private void StartAfterCallWork(CccInstance instance, Agent agent)
    {
        var seconds = instance.Calls.Settings.AfterCallWorkSeconds;
        agent.WorkTimer?.Dispose();
        agent.WorkTimer = null;
        var generation = ++agent.WorkGeneration;
        if (seconds <= 0)
        {
            SetAgentState(instance, agent, UserStates.Ready);
            AgentBecameReady(instance, agent);
            return;
        }

        SetAgentState(instance, agent, UserStates.Working);
        agent.WorkTimer = Time.CreateTimer(_ => RunLocked(instance, () =>
        {
            if (agent.WorkGeneration == generation && agent.UserState == UserStates.Working)
            {
                agent.WorkTimer?.Dispose();
                agent.WorkTimer = null;
                SetAgentState(instance, agent, UserStates.Ready);
                AgentBecameReady(instance, agent);
            }
        }), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
    }

    private void EndCall(Call call, string disposition, string initiator, string reason)
    {
        if (call.Phase == CallPhase.Ended)
        {
            return;
        }

        var instance = call.Instance;
        var phase = call.Phase;
        Dequeue(call);
        CancelCallTimer(call);
        var now = Now;
        if (call.CallType == CallTypes.Inbound && call.IvrMs == 0)
        {
            call.IvrMs = 0; // The emulated IVR routes at once; a call ending in it is billed from entry (C3).
        }

        call.Phase = CallPhase.Ended;
        foreach (var channel in call.Channels)
        {
            ReleaseChannel(call, channel, initiator, channel.IsAnswered ? reason : channel.IsRinging ? ReleaseReasons.Cancelled : reason);
        }

        instance.Calls.Active.Remove(call.JobId);
        if (disposition.StartsWith("Abandoned", StringComparison.Ordinal))
        {
            var abandonPhase = phase switch { CallPhase.Queued => "Queuing", CallPhase.Offering => "Ringing", _ => "IVR" };
            Emit(call, Event(call, "Abandoned", null) with { AbandonPhase = abandonPhase }, 'C', call.CallingNumber);
        }

        var record = BuildRecord(call, disposition, initiator, reason, now);
        if (instance.Calls.Records.Add(record, now))
        {
            Emit(call, Event(call, "CDRReady", null) with { DispositionCode = disposition });
            if (record.RecordingReady)
            {
                Emit(call, Event(call, "RecordingReady", null) with { FileName = call.JobId + ".wav" });
            }
        }
    }

    // ------------------------------------------------------------------ numbers and carrier rules

    /// <summary>
    /// Rule O1: <c>auto</c>/empty picks an outbound number of the agent in the callee's city, else province, else
    /// the least busy one; a given number must be the instance's, outbound-capable (N2) and below its limit (N3).
    /// </summary>
    private PhoneNumber PickCallerNumber(CccInstance instance, Agent agent, string callee, string? caller)
    {
        var groups = agent.SkillLevels.Select(s => s.SkillGroupId).ToHashSet(StringComparer.Ordinal);
        if (caller is not null && !string.Equals(caller, "auto", StringComparison.OrdinalIgnoreCase))
        {
            var chosen = RequireOutboundNumber(instance, caller, "Caller");
            if (chosen.UserId != agent.UserId && !chosen.SkillGroupIds.Any(groups.Contains))
            {
                // Only the agent's own outbound numbers: its personal ones and those of its skill groups (docs/emulator.md, section "Users administration").
                throw ApiErrors.ParameterInvalid("Caller", $"Number {chosen.Number} is not an outbound number of user {agent.UserId}: bind it to one of the user's skill groups or make it a personal number");
            }

            RequireConcurrency(instance, chosen.Number);
            return chosen;
        }

        var candidates = instance.PhoneNumbers.Values
            .Where(n => n.Active && NumberUsages.CanDialOut(n.Usage))
            .Where(n => n.UserId == agent.UserId || n.SkillGroupIds.Any(groups.Contains))
            .OrderBy(n => n.Number, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            throw ApiErrors.NoOutboundNumber(agent.UserId);
        }

        var free = candidates.Where(n => HasCapacity(instance, n.Number)).ToList();
        if (free.Count == 0)
        {
            throw ApiErrors.CallRestrictedConcurrency(candidates[0].Number, LimitOf(instance, candidates[0].Number));
        }

        var location = _locations.Find(callee);
        if (location is not null && location.City.Length > 0 && free.Find(n => n.City == location.City) is { } sameCity)
        {
            return sameCity;
        }

        if (location is not null && location.Province.Length > 0 && free.Find(n => n.Province == location.Province) is { } sameProvince)
        {
            return sameProvince;
        }

        return free.MinBy(n => instance.Calls.OutboundInUse.GetValueOrDefault(n.Number))!;
    }

    private static PhoneNumber RequireOutboundNumber(CccInstance instance, string number, string parameter)
    {
        if (!instance.PhoneNumbers.TryGetValue(number, out var phone) || !phone.Active)
        {
            throw ApiErrors.NumberNotFound(number, instance.InstanceId);
        }

        if (!NumberUsages.CanDialOut(phone.Usage))
        {
            throw ApiErrors.NumberInboundOnly(parameter, number);
        }

        return phone;
    }

    private static int LimitOf(CccInstance instance, string number) =>
        instance.Calls.NumberConcurrency.TryGetValue(number, out var own) && own > 0 ? own : instance.Calls.Settings.OutboundConcurrencyPerNumber;

    private static bool HasCapacity(CccInstance instance, string number) =>
        instance.Calls.OutboundInUse.GetValueOrDefault(number) < LimitOf(instance, number);

    private static void RequireConcurrency(CccInstance instance, string number)
    {
        if (!HasCapacity(instance, number))
        {
            throw ApiErrors.CallRestrictedConcurrency(number, LimitOf(instance, number));
        }
    }

    /// <summary>Rule O2: more than <see cref="CallSettings.DailyCallsPerCallee"/> calls a (China-local) day from one number to one callee are restricted.</summary>
    private void CountAttempt(CccInstance instance, string caller, string callee)
    {
        var calls = instance.Calls;
        var today = DateOnly.FromDateTime(Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        if (calls.AttemptsDay != today)
        {
            calls.DailyAttempts.Clear();
            calls.AttemptsDay = today;
        }

        var key = caller + "|" + NumberLocationTable.Normalize(callee);
        var count = calls.DailyAttempts.GetValueOrDefault(key);
        if (count >= calls.Settings.DailyCallsPerCallee)
        {
            throw ApiErrors.CallRestrictedFrequency(caller, callee, calls.Settings.DailyCallsPerCallee);
        }

        calls.DailyAttempts[key] = count + 1;
    }

    private (Agent? Agent, string? SkillGroupId, string? Number) ResolveTransferee(CccInstance instance, string transferee, string? type, string? transferorNumber)
    {
        var kind = type?.ToUpperInvariant();
        if (kind is null or "AGENT" or "EXTENSION")
        {
            var agent = instance.Users.GetValueOrDefault(transferee) ?? instance.Users.Values.FirstOrDefault(u => u.Extension == transferee);
            if (agent is not null)
            {
                return (agent, null, null);
            }

            if (kind is not null)
            {
                throw ApiErrors.UserNotFound(transferee, instance.InstanceId);
            }
        }

        if (kind is null or "SKILLGROUP")
        {
            if (instance.SkillGroups.ContainsKey(transferee))
            {
                return (null, transferee, null);
            }

            if (kind is not null)
            {
                throw ApiErrors.SkillGroupNotFound(transferee, instance.InstanceId);
            }
        }

        if (!transferee.All(c => char.IsAsciiDigit(c) || c == '+') || transferee.Length is < 3 or > 20)
        {
            throw ApiErrors.ParameterInvalid("Transferee", "Not an agent, extension, skill group or phone number");
        }

        if (instance.Calls.Settings.OutboundBlacklist.Contains(NumberLocationTable.Normalize(transferee)))
        {
            throw ApiErrors.CallRestrictedBlacklist(transferee);
        }

        // Rule O3: the external phone sees an outbound landline of the instance.
        if (transferorNumber is not null && !string.Equals(transferorNumber, "auto", StringComparison.OrdinalIgnoreCase))
        {
            var chosen = RequireOutboundNumber(instance, transferorNumber, "Transferor");
            RequireConcurrency(instance, chosen.Number);
            return (null, null, chosen.Number);
        }

        var any = instance.PhoneNumbers.Values
            .Where(n => n.Active && NumberUsages.CanDialOut(n.Usage) && HasCapacity(instance, n.Number))
            .OrderBy(n => n.Number, StringComparer.Ordinal)
            .FirstOrDefault() ?? throw ApiErrors.NumberNotFound("auto", instance.InstanceId);
        return (null, null, any.Number);
    }

    // ------------------------------------------------------------------ helpers

    private Call NewCall(CccInstance instance, string callType, string contactType, long now)
    {
        var jobId = NewJobId(now, Interlocked.Increment(ref _sequence));
        var call = new Call { JobId = jobId, Instance = instance, CallType = callType, ContactType = contactType, StartTime = now };
        instance.Calls.Active.Add(jobId, call);
        return call;
    }

    /// <summary>
    /// <c>job-</c>, 13 digits of epoch ms and 6 of a sequence (ids sort in creation order, the CDR list's tie-break), then
    /// 29 digits holding 96 bits from a cryptographic RNG, so one id tells nothing about the next (decision 0006).
    /// </summary>
    internal static string NewJobId(long nowMilliseconds, long sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[..12]);
        bytes[12..].Clear();
        var random = System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"job-{nowMilliseconds:D13}{sequence % 1_000_000:D6}{random:D29}");
    }

    private Channel AddChannel(Call call, ChannelRole role, string callType, string from, string to, Agent? agent, bool isPhone, string? outboundNumber)
    {
        var now = Now;
        var id = $"ch:user:{from}->{to}:{now.ToString(CultureInfo.InvariantCulture)}:{call.JobId}";
        for (var n = 1; call.Find(id) is not null; n++)
        {
            id = $"ch:user:{from}->{to}:{(now + n).ToString(CultureInfo.InvariantCulture)}:{call.JobId}";
        }

        var channel = new Channel
        {
            ChannelId = id,
            Role = role,
            CallType = callType,
            Originator = from,
            Destination = to,
            UserId = agent?.UserId ?? "",
            UserExtension = agent?.Extension ?? "",
            IsPhone = isPhone,
            OutboundNumber = outboundNumber,
            Timestamp = now,
        };
        call.Channels.Add(channel);
        if (outboundNumber is not null)
        {
            var inUse = call.Instance.Calls.OutboundInUse;
            inUse[outboundNumber] = inUse.GetValueOrDefault(outboundNumber) + 1;
        }

        return channel;
    }

    private static void AddAgent(Call call, Agent agent)
    {
        if (!call.AgentIds.Contains(agent.UserId))
        {
            call.AgentIds.Add(agent.UserId);
        }
    }

    private static void AccumulateRing(Call call, Channel channel, long now)
    {
        if (channel.RingStart == 0)
        {
            return;
        }

        var ms = now - channel.RingStart;
        channel.RingStart = 0;
        if (channel.UserId.Length > 0 && call.CallType != CallTypes.Outbound)
        {
            call.RingMs += ms;
        }
        else
        {
            call.DialingMs += ms;
        }
    }

    private static void RequireAnswered(Channel channel, string what)
    {
        if (!channel.IsAnswered)
        {
            throw ApiErrors.ChannelStateNotAllowed(channel.ChannelId, channel.State, what);
        }
    }

    private static Channel ConsultChannel(Call call, Agent transferor)
    {
        if (call.Phase != CallPhase.Consulting || call.ConsultingUserId != transferor.UserId)
        {
            throw ApiErrors.UserStateNotAllowed(transferor.UserId, transferor.UserState, "finish an attended transfer it did not start");
        }

        return call.Channels.FindLast(c => c.Role == ChannelRole.ConsultTarget && !c.IsReleased)
            ?? throw ApiErrors.UserStateNotAllowed(transferor.UserId, transferor.UserState, "finish an attended transfer without a consulted party");
    }

    /// <summary>The simulated phone's own number: the originator for an inbound caller, else the dialled number.</summary>
    private static string PhoneOf(Call call, Channel channel) =>
        channel.Role == ChannelRole.Customer && call.CallType == CallTypes.Inbound ? channel.Originator : channel.Destination;

    private static string PartyOf(Channel channel) =>
        channel.UserId.Length > 0 || channel.Role == ChannelRole.Back2BackCaller ? ReleaseInitiators.Agent : ReleaseInitiators.Customer;

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;

    /// <summary>A call event's fields (a value: <c>with</c> at the call sites copies on the stack, not on the heap).</summary>
    private CallEventData Event(Call call, string type, Channel? channel) => new()
    {
        EventType = type,
        EventTime = Now,
        InstanceId = call.Instance.InstanceId,
        ContactId = call.JobId,
        ChannelId = channel?.ChannelId,
        CallType = call.CallType,
        Caller = call.CallingNumber,
        Callee = call.CalledNumber,
        Broker = NullIfEmpty(call.Broker),
        AdditionalBroker = NullIfEmpty(call.AdditionalBroker),
        SkillGroupId = call.SkillGroupIds.Count > 0 ? call.SkillGroupIds[^1] : null,
    };

    private CallEventData AgentEvent(Call call, string type, Agent agent) => Event(call, type, null) with { AgentId = agent.UserId };

    /// <summary>Emits the event built from <paramref name="data"/>: one <see cref="CallEvent"/> for every subscriber.</summary>
    private void Emit(Call call, in CallEventData data, char party = '\0', string partyId = "") => Emit(call, data.ToEvent(), party, partyId);

    private void Emit(Call call, CallEvent callEvent, char party = '\0', string partyId = "")
    {
        if (party != '\0' && partyId.Length > 0)
        {
            call.Timeline.Add(new TimelineEntry(party, partyId, callEvent.EventType, callEvent.EventTime));
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Observe(callEvent, call);
        }
    }

    private void Publish(CallEvent callEvent)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Observe(callEvent, null);
        }
    }
}
