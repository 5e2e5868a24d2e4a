using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// <c>ccc agents set-state USER ready|break|offline</c>: moves an agent the way a workbench does. An offline agent is
/// first signed in (<c>SignInGroup</c>, to <c>--skill-group</c> or every skill group the agent is in), then made ready
/// (<c>ReadyForService</c>) or put on a break (<c>TakeBreak</c> with <c>--break-code</c>); offline signs the agent out
/// (<c>SignOutGroup</c>). The service refuses a change during a call (<c>UserStateNotAllowed</c>).
/// </summary>
internal sealed class AgentsSetStateCommand : AsyncCommand<AgentsSetStateCommand.Settings>
{
    /// <summary>The states the command sets.</summary>
    internal static readonly IReadOnlyList<string> States = ["ready", "break", "offline"];

    /// <summary>The break code when none is given: the workbench's own default.</summary>
    internal const string DefaultBreakCode = "default";

    /// <summary>The device id the tool signs agents in with when none is given.</summary>
    internal const string DefaultDevice = "ccc-cli";

    private readonly IAnsiConsole _console;

    public AgentsSetStateCommand(IAnsiConsole console) => _console = console;

    internal sealed class Settings : CccSettings
    {
        [CommandArgument(0, "<USER>")]
        [Description("The agent's user id, e.g. agent1@ccc-local.")]
        public string User { get; set; } = "";

        [CommandArgument(1, "<STATE>")]
        [Description("ready, break or offline.")]
        public string State { get; set; } = "";

        [CommandOption("--break-code <CODE>")]
        [Description("With break: the instance's break code (default: default).")]
        public string? BreakCode { get; set; }

        [CommandOption("--skill-group <ID>")]
        [Description("Sign in to this skill group (repeat for several). Default when signing in: every skill group the agent is in.")]
        public string[] SkillGroups { get; set; } = [];

        [CommandOption("--device <ID>")]
        [Description("The device id to sign in with (default ccc-cli).")]
        public string? Device { get; set; }

        /// <summary>The state asked for, lower case.</summary>
        public string Target => State.Trim().ToLowerInvariant();

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(User))
            {
                return ValidationResult.Error("USER is empty.");
            }

            if (!States.Contains(Target))
            {
                return ValidationResult.Error($"STATE must be ready, break or offline, not '{State}'.");
            }

            if (BreakCode is not null && Target != "break")
            {
                return ValidationResult.Error("--break-code goes with break only.");
            }

            return base.Validate();
        }
    }

    /// <summary>The agent after the change, and the actions the tool sent, in order.</summary>
    internal sealed record AgentStateView(string? UserId, string? State, string? BreakCode, IReadOnlyList<string> SkillGroups, string? DeviceId, IReadOnlyList<string> Actions);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (client, _) = ClientFactory.Create(settings, Console.Error);
        using (client)
        {
            var user = settings.User.Trim();
            var actions = new List<string>();
            var status = (await client.PollUserStatusAsync(new PollUserStatusRequest { UserId = user }, cancellationToken).ConfigureAwait(false)).Value;
            var agent = status.UserContext ?? new UserContext();
            var offline = string.IsNullOrEmpty(agent.UserState) || agent.UserState.Equals("OFFLINE", StringComparison.OrdinalIgnoreCase);

            if (settings.Target == "offline")
            {
                agent = (await client.SignOutGroupAsync(new SignOutGroupRequest { UserId = user }, cancellationToken).ConfigureAwait(false)).Value;
                actions.Add("SignOutGroup");
            }
            else
            {
                if (offline || settings.SkillGroups.Length > 0)
                {
                    var groups = settings.SkillGroups.Length > 0
                        ? settings.SkillGroups.Select(g => g.Trim()).ToList()
                        : await MemberGroupsAsync(client, user, cancellationToken).ConfigureAwait(false);
                    agent = (await client.SignInGroupAsync(
                        new SignInGroupRequest { UserId = user, DeviceId = settings.Device?.Trim() ?? (string.IsNullOrEmpty(agent.DeviceId) ? DefaultDevice : agent.DeviceId), SignedSkillGroupIdList = groups },
                        cancellationToken).ConfigureAwait(false)).Value;
                    actions.Add("SignInGroup");
                }

                if (settings.Target == "ready")
                {
                    agent = (await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = user }, cancellationToken).ConfigureAwait(false)).Value;
                    actions.Add("ReadyForService");
                }
                else
                {
                    agent = (await client.TakeBreakAsync(new TakeBreakRequest { UserId = user, Code = settings.BreakCode?.Trim() ?? DefaultBreakCode }, cancellationToken).ConfigureAwait(false)).Value;
                    actions.Add("TakeBreak");
                }
            }

            var view = new AgentStateView(
                agent.UserId ?? user, agent.UserState, ChannelView.NullIfEmpty(agent.BreakCode), agent.SignedSkillGroupIdList ?? [], ChannelView.NullIfEmpty(agent.DeviceId), actions);
            if (settings.Json)
            {
                CliOutput.Json(_console, view);
            }
            else
            {
                CliOutput.Table(_console, ["User", "State", "Break", "Skill groups", "Device", "Actions"],
                    [[view.UserId, view.State, view.BreakCode, string.Join(", ", view.SkillGroups), view.DeviceId, string.Join(", ", view.Actions)]]);
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>Every skill group <paramref name="user"/> is a member of (<c>ListSkillLevelsOfUser</c>).</summary>
    private static async Task<List<string>> MemberGroupsAsync(CccClient client, string user, CancellationToken cancellationToken)
    {
        var groups = new List<string>();
        await foreach (var level in client.ListSkillLevelsOfUserAsync(new ListSkillLevelsOfUserRequest { UserId = user, IsMember = true }, cancellationToken).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(level.SkillGroupId))
            {
                groups.Add(level.SkillGroupId);
            }
        }

        return groups.Count > 0
            ? groups
            : throw CliException.Usage($"{user} is in no skill group to sign in to: pass --skill-group ID.");
    }
}
