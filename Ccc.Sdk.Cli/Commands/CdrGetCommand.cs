using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary><c>ccc cdr get CONTACT_ID</c>: one call detail record with every party's timeline (<c>GetCallDetailRecord</c>).</summary>
internal sealed class CdrGetCommand : AsyncCommand<CdrGetCommand.Settings>
{
    private readonly IAnsiConsole _console;

    public CdrGetCommand(IAnsiConsole console) => _console = console;

    internal sealed class Settings : CccSettings
    {
        [CommandArgument(0, "<CONTACT_ID>")]
        [Description("The call's id (the JobId of call control, the ContactId of its record).")]
        public string ContactId { get; set; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(ContactId) ? ValidationResult.Error("CONTACT_ID is empty.") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (client, _) = ClientFactory.Create(settings, Console.Error);
        using (client)
        {
            var record = (await client.GetCallDetailRecordAsync(settings.ContactId.Trim(), cancellationToken).ConfigureAwait(false)).Value;
            var view = CdrDetailsView.From(record);
            if (settings.Json)
            {
                CliOutput.Json(_console, view);
                return ExitCodes.Success;
            }

            var r = view.Record;
            CliOutput.Table(_console, ["Field", "Value"],
            [
                ["Contact", r.ContactId],
                ["Type", r.ContactType],
                ["Disposition", r.Disposition],
                ["From", r.CallingNumber],
                ["To", r.CalledNumber],
                ["Agents", string.Join(", ", r.AgentIds)],
                ["Agent names", string.Join(", ", r.AgentNames)],
                ["Skill groups", string.Join(", ", r.SkillGroupIds)],
                ["Start", CliOutput.Time(r.StartTime)],
                ["Established", CliOutput.Time(r.EstablishedTime)],
                ["Released", CliOutput.Time(r.ReleaseTime)],
                ["Duration", CdrView.Duration(r.CallDurationSeconds)],
                ["Released by", r.ReleaseInitiator],
                ["Release reason", r.ReleaseReason],
                ["Early media", r.EarlyMediaState],
                ["Recording", r.RecordingReady == true ? "yes" : "no"],
                ["Satisfaction", view.Satisfaction?.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ]);
            if (view.Steps.Count > 0)
            {
                CliOutput.Table(_console, ["Party", "Step", "Time"],
                    view.Steps.Select(s => (IReadOnlyList<string?>)[s.Party, s.Event, CliOutput.Time(s.Time)]));
            }

            return ExitCodes.Success;
        }
    }
}
