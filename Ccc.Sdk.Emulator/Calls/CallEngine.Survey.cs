using System.Globalization;
using Ccc.Sdk.Emulator.Agents;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>The channels a satisfaction survey is offered on (LaunchSurvey <c>SurveyChannel</c>).</summary>
internal static class SurveyChannels
{
    public const string Ivr = "IVR";
    public const string Sms = "SMS";

    public static readonly string[] All = [Ivr, Sms];
}

/// <summary>
/// A call's satisfaction survey: the channel, when it was offered (epoch ms), and the customer's answer (the key
/// pressed, 0-9) once given. Guarded by the instance lock.
/// </summary>
internal sealed class SurveyState
{
    public required string Channel { get; init; }

    public required long OfferedAt { get; init; }

    public int? Rating { get; set; }
}

internal sealed partial class CallEngine
{
    /// <summary>How long the IVR survey waits for a key before it hangs up without an answer.</summary>
    public const long SurveyTimeoutMs = 10_000;

    /// <summary>
    /// LaunchSurvey (caller holds the lock). <c>IVR</c>: the agent leaves the call (its channel is released, reason
    /// transferred, and it goes to after-call work) and the customer hears the survey; the customer's simulated
    /// phone presses its <see cref="PhoneBehavior.SurveyDigit"/> after <see cref="PhoneBehavior.SurveyAfterMs"/>
    /// (SatisfactionSurveyResponse, and the call ends, released by the system) or, without one, the survey hangs
    /// up after <see cref="SurveyTimeoutMs"/> with no answer. <c>SMS</c>: the survey is only marked as offered by
    /// SMS (the emulator sends no text messages, so no answer comes); the call goes on. Either way
    /// SatisfactionSurveyOffer is published and the CDR says the survey was offered and on which channel.
    /// </summary>
    /// <exception cref="ApiException">The agent is not talking to a connected customer in this call, or a survey was launched already.</exception>
    public void LaunchSurvey(Call call, Agent agent, string surveyChannel)
    {
        var own = call.LiveChannelOf(agent.UserId);
        var customer = call.LiveCustomer;
        if (own is not { IsAnswered: true } || customer is not { IsAnswered: true } || call.Phase != CallPhase.Talking)
        {
            var channel = own ?? customer;
            throw ApiErrors.ChannelStateNotAllowed(channel?.ChannelId ?? agent.UserId, channel?.State ?? agent.UserState, "launch a survey (the agent must be talking to the customer)");
        }

        if (call.Survey is not null)
        {
            throw ApiErrors.ChannelStateNotAllowed(customer.ChannelId, customer.State, "take a second survey on the same call");
        }

        var now = Now;
        call.Survey = new SurveyState { Channel = surveyChannel, OfferedAt = now };
        Emit(call, Event(call, "SatisfactionSurveyOffer", customer) with { AgentId = agent.UserId, SurveyChannel = surveyChannel });
        if (surveyChannel != SurveyChannels.Ivr)
        {
            return;
        }

        ReleaseChannel(call, own, ReleaseInitiators.Agent, ReleaseReasons.Transferred);
        var phone = Phones.Get(PhoneOf(call, customer));
        if (phone.SurveyDigit is { } digit)
        {
            ScheduleCall(call, phone.SurveyAfterMs ?? PhoneBehavior.DefaultSurveyAfterMs, c => SurveyAnswered(c, digit));
        }
        else
        {
            ScheduleCall(call, SurveyTimeoutMs, c => EndCall(c, Dispositions.Success, ReleaseInitiators.System, ReleaseReasons.Okay));
        }
    }

    /// <summary>The customer pressed <paramref name="digit"/> in the IVR survey: the answer is kept for the CDR and the survey hangs up.</summary>
    private void SurveyAnswered(Call call, string digit)
    {
        if (call.Survey is not { } survey || call.LiveCustomer is not { } customer)
        {
            return;
        }

        survey.Rating = int.Parse(digit, NumberStyles.None, CultureInfo.InvariantCulture);
        Emit(call, Event(call, "SatisfactionSurveyResponse", customer) with { SurveyChannel = survey.Channel, Rating = survey.Rating, Digits = digit });
        EndCall(call, Dispositions.Success, ReleaseInitiators.System, ReleaseReasons.Okay);
    }
}
