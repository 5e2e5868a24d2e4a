using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// <c>ccc calls hang-up CONTACT_ID</c> (<c>ReleaseCall</c>): with <c>--agent</c>, that agent's leg (which ends a
/// two-party call; on a call still ringing for the agent it rejects it); with <c>--channel</c>, that leg; with neither,
/// the whole call (the key must be allowed to act for the instance, e.g. an administrator's).
/// </summary>
internal sealed class CallsHangUpCommand : AsyncCommand<CallsHangUpCommand.Settings>
{
    private readonly IAnsiConsole _console;

    public CallsHangUpCommand(IAnsiConsole console) => _console = console;

    internal sealed class Settings : CccSettings
    {
        [CommandArgument(0, "<CONTACT_ID>")]
        [Description("The call's id (as calls place and calls list print it).")]
        public string ContactId { get; set; } = "";

        [CommandOption("--agent <USER>")]
        [Description("Hang up as this agent (their leg). Default: the whole call.")]
        public string? Agent { get; set; }

        [CommandOption("--channel <CHANNEL_ID>")]
        [Description("Release only this leg (see calls list --json for the channel ids).")]
        public string? Channel { get; set; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(ContactId) ? ValidationResult.Error("CONTACT_ID is empty.") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (client, _) = ClientFactory.Create(settings, Console.Error);
        using (client)
        {
            var request = new ReleaseCallRequest
            {
                JobId = settings.ContactId.Trim(),
                UserId = string.IsNullOrWhiteSpace(settings.Agent) ? null : settings.Agent.Trim(),
                ChannelId = string.IsNullOrWhiteSpace(settings.Channel) ? null : settings.Channel.Trim(),
            };
            var result = (await client.ReleaseCallAsync(request, cancellationToken).ConfigureAwait(false)).Value;
            var call = CallView.From(result.CallContext ?? new CallContext { JobId = request.JobId }, result.UserContext?.UserState);
            if (settings.Json)
            {
                CliOutput.Json(_console, call);
            }
            else
            {
                call.WriteTable(_console);
            }

            return ExitCodes.Success;
        }
    }
}
