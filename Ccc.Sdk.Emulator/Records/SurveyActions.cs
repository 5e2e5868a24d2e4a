using Ccc.Sdk.Emulator.Calls;
using Ccc.Sdk.Emulator.Gateway;

namespace Ccc.Sdk.Emulator.Records;

/// <summary>
/// LaunchSurvey: the agent offers the customer a satisfaction survey (<see cref="CallEngine.LaunchSurvey"/>); the
/// answer lands in the call's CDR (<c>Satisfaction</c>, <c>SatisfactionIndex</c>, <c>SatisfactionSurveyChannel</c>,
/// <c>SatisfactionSurveyOffered</c>). The response is CallControlData, like the call-control actions'.
/// <c>ContactFlowId</c>, <c>SurveyTemplateId</c> and their variables, <c>SmsMetadataId</c> and <c>DeviceId</c> are
/// accepted and not used: the emulator plays one built-in survey.
/// </summary>
internal static class SurveyActions
{
    public static void Register(ActionRegistry registry) =>
        registry.Add("LaunchSurvey", ResponseShape.CutToModel(LaunchSurvey));

    private static object LaunchSurvey(ActionContext context)
    {
        var jobId = context.Require("JobId");
        var channel = context.GetEnum("SurveyChannel", SurveyChannels.All) ?? SurveyChannels.Ivr;
        var userId = context.UserIdOrCaller();
        var engine = context.State.Engine;
        var instance = context.Instance;
        lock (instance.Gate)
        {
            var agent = instance.GetUser(userId);
            var call = CallEngine.GetActive(instance, jobId);
            CallPermissions.RequireParty(call, agent);
            engine.LaunchSurvey(call, agent, channel);
            CallEngine.Drain(instance);
            return CallControlData.Create(engine, instance, call, agent);
        }
    }
}
