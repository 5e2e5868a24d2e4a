using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// <c>ccc calls place</c>: an agent's outbound (or internal) call (<c>MakeCall</c>), or with <c>--double</c> a double
/// call (<c>StartBack2BackCall</c>: the service rings the first number, then the customer, and bridges them). Prints the
/// contact id on stdout; with <c>--json</c> the call and its legs.
/// </summary>
internal sealed class CallsPlaceCommand : AsyncCommand<CallsPlaceCommand.Settings>
{
    private readonly IAnsiConsole _console;

    public CallsPlaceCommand(IAnsiConsole console) => _console = console;

    internal sealed class Settings : CccSettings
    {
        [CommandOption("--agent <USER>")]
        [Description("The agent placing the call (user id). With --double: whose mobile is rung first when --to is not given, and whose outbound numbers --caller auto picks from.")]
        public string? Agent { get; set; }

        [CommandOption("--to <NUMBER>")]
        [Description("The number to call (a customer's number, or a colleague's extension). With --double: the number rung first (the agent's phone).")]
        public string? To { get; set; }

        [CommandOption("--caller <NUMBER>")]
        [Description("The instance number the callee sees, or auto (default) to let the service choose. With --double: the Broker.")]
        public string? Caller { get; set; }

        [CommandOption("--double")]
        [Description("A double call (StartBack2BackCall): ring --to (or the agent's mobile), then --customer, and bridge them.")]
        public bool Double { get; set; }

        [CommandOption("--customer <NUMBER>")]
        [Description("With --double: the customer's number, rung once the first leg answers.")]
        public string? Customer { get; set; }

        [CommandOption("--timeout <SECONDS>")]
        [Description("How long each leg may ring, in seconds (the service's default when not given).")]
        public int? TimeoutSeconds { get; set; }

        public override ValidationResult Validate()
        {
            if (Double)
            {
                if (string.IsNullOrWhiteSpace(Customer))
                {
                    return ValidationResult.Error("--double needs --customer NUMBER (the customer, rung second).");
                }

                if (string.IsNullOrWhiteSpace(To) && string.IsNullOrWhiteSpace(Agent))
                {
                    return ValidationResult.Error("--double needs --to NUMBER (rung first) or --agent USER (whose mobile is rung first).");
                }
            }
            else
            {
                if (string.IsNullOrWhiteSpace(Agent))
                {
                    return ValidationResult.Error("--agent USER is required: the agent who places the call (or use --double).");
                }

                if (string.IsNullOrWhiteSpace(To))
                {
                    return ValidationResult.Error("--to NUMBER is required: the number to call.");
                }

                if (Customer is not null)
                {
                    return ValidationResult.Error("--customer goes with --double only.");
                }
            }

            if (TimeoutSeconds is < 1)
            {
                return ValidationResult.Error("--timeout must be a positive number of seconds.");
            }

            return base.Validate();
        }

        /// <summary><see cref="Caller"/>, or <see langword="null"/> for "let the service choose".</summary>
        public string? ExplicitCaller => string.IsNullOrWhiteSpace(Caller) || Caller.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : Caller.Trim();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (client, _) = ClientFactory.Create(settings, Console.Error);
        using (client)
        {
            var result = settings.Double
                ? await DoubleAsync(client, settings, cancellationToken).ConfigureAwait(false)
                : (await client.MakeCallAsync(
                    new MakeCallRequest { UserId = settings.Agent!.Trim(), Callee = settings.To!.Trim(), Caller = settings.ExplicitCaller, TimeoutSeconds = settings.TimeoutSeconds },
                    cancellationToken).ConfigureAwait(false)).Value;
            var call = CallView.From(result.CallContext ?? new CallContext(), result.UserContext?.UserState);
            if (settings.Json)
            {
                CliOutput.Json(_console, call);
            }
            else
            {
                // stdout: the contact id alone, for `id=$(ccc calls place …)`; what happened goes to stderr.
                _console.Profile.Out.Writer.WriteLine(call.ContactId);
                _console.Profile.Out.Writer.Flush();
                Console.Error.WriteLine($"ccc: {call.CallType} call {call.ContactId}: {call.Legs}.");
            }

            return ExitCodes.Success;
        }
    }

    private static async Task<CallControlResult> DoubleAsync(CccClient client, Settings settings, CancellationToken cancellationToken)
    {
        var first = settings.To?.Trim();
        if (string.IsNullOrEmpty(first))
        {
            var user = (await client.GetUserAsync(new GetUserRequest { UserId = settings.Agent!.Trim() }, cancellationToken).ConfigureAwait(false)).Value;
            first = string.IsNullOrEmpty(user.Mobile)
                ? throw CliException.Usage($"{settings.Agent} has no mobile number: pass --to NUMBER (rung first).")
                : user.Mobile;
        }

        var broker = settings.ExplicitCaller;
        if (broker is null)
        {
            if (string.IsNullOrWhiteSpace(settings.Agent))
            {
                throw CliException.Usage("--double needs --caller NUMBER (the instance number both legs see), or --agent USER to use one of the agent's outbound numbers.");
            }

            await foreach (var number in client.ListOutboundNumbersOfUserAsync(new ListOutboundNumbersOfUserRequest { UserId = settings.Agent.Trim() }, cancellationToken).ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(number.Number))
                {
                    broker = number.Number;
                    break;
                }
            }

            if (broker is null)
            {
                throw CliException.Usage($"{settings.Agent} has no outbound number: pass --caller NUMBER.");
            }
        }

        return (await client.StartBack2BackCallAsync(
            new StartBack2BackCallRequest { Caller = first, Callee = settings.Customer!.Trim(), Broker = broker, TimeoutSeconds = settings.TimeoutSeconds },
            cancellationToken).ConfigureAwait(false)).Value;
    }
}
