using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>One simulated phone as the tool prints it (table or JSON).</summary>
internal sealed record PhoneRow(string Number, string Behavior, long AnswerAfterMs, long? HangUpAfterMs, long? EarlyMediaAfterMs, string? SurveyDigit, string? DtmfReceived)
{
    public static PhoneRow From(JsonElement e) => new(
        e.GetProperty("number").GetString() ?? "",
        e.GetProperty("behavior").GetString() ?? "",
        e.GetProperty("answerAfterMs").GetInt64(),
        e.TryGetProperty("hangUpAfterMs", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetInt64() : null,
        e.TryGetProperty("earlyMediaAfterMs", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : null,
        e.TryGetProperty("surveyDigit", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
        e.TryGetProperty("dtmfReceived", out var t) ? t.GetString() : null);

    public void Print(IAnsiConsole console, bool json)
    {
        if (json)
        {
            CliOutput.Json(console, this);
            return;
        }

        static string Ms(long? ms) => ms is { } v ? $"{v} ms" : "never";
        CliOutput.Table(console, ["Phone", Number],
        [
            ["behavior", Behavior],
            ["answers after", Ms(AnswerAfterMs)],
            ["hangs up after", Ms(HangUpAfterMs)],
            ["early media after", EarlyMediaAfterMs is null ? "none" : Ms(EarlyMediaAfterMs)],
            ["survey digit", SurveyDigit ?? "none"],
            ["DTMF heard", DtmfReceived is { Length: > 0 } d ? d : "none"],
        ]);
    }
}

/// <summary>The <c>&lt;number&gt;</c> argument of the phones commands.</summary>
internal class PhoneSettings : EmulatorSettings
{
    [CommandArgument(0, "<number>")]
    [Description("The simulated phone's number (3-20 digits, optionally after '+'): any number outside the instances.")]
    public string Number { get; set; } = "";

    public override ValidationResult Validate()
    {
        var digits = Number.StartsWith('+') ? Number[1..] : Number;
        return digits.Length is >= 3 and <= 20 && digits.All(char.IsAsciiDigit)
            ? base.Validate()
            : ValidationResult.Error($"'{Number}' is not a phone number (3-20 digits, optionally after '+').");
    }
}

/// <summary><c>ccc phones get &lt;number&gt;</c>: how a simulated phone behaves (<c>GET /_emulator/phones/{number}</c>).</summary>
internal sealed class PhonesGetCommand(IAnsiConsole console) : AsyncCommand<PhoneSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PhoneSettings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        using var phone = await control.GetAsync("/_emulator/phones/" + Uri.EscapeDataString(settings.Number), cancellationToken).ConfigureAwait(false);
        PhoneRow.From(phone!.RootElement).Print(console, settings.Json);
        return ExitCodes.Success;
    }
}

/// <summary>
/// <c>ccc phones set &lt;number&gt; [--behavior …] [--answer-after 2s] [--hang-up-after 30s]</c>: sets a simulated phone
/// (<c>PUT /_emulator/phones/{number}</c>; the whole behaviour: an option not given takes its default).
/// </summary>
internal sealed class PhonesSetCommand(IAnsiConsole console) : AsyncCommand<PhonesSetCommand.Settings>
{
    internal static readonly string[] Behaviors = ["answer", "busy", "noAnswer", "reject", "manual"];

    internal sealed class Settings : PhoneSettings
    {
        [CommandOption("--behavior <BEHAVIOR>")]
        [Description("answer (default), busy, noAnswer, reject, or manual (rings until answered through the control API or the phone page).")]
        public string Behavior { get; set; } = "answer";

        [CommandOption("--answer-after <DURATION>")]
        [Description("How long it rings before answering (also the delay of a busy or reject signal), e.g. 2s. Default: 1s for answer, else 0.")]
        public string? AnswerAfter { get; set; }

        [CommandOption("--hang-up-after <DURATION>")]
        [Description("Hangs up this long after answering (for a caller: after the IVR answered), e.g. 30s. Default: never.")]
        public string? HangUpAfter { get; set; }

        [CommandOption("--early-media-after <DURATION>")]
        [Description("Plays early media (a carrier announcement) this long after it starts ringing. Default: none.")]
        public string? EarlyMediaAfter { get; set; }

        [CommandOption("--survey-digit <KEY>")]
        [Description("The key (0-9) it presses in a satisfaction survey. Default: none.")]
        public string? SurveyDigit { get; set; }

        public override ValidationResult Validate()
        {
            if (!Behaviors.Contains(Behavior, StringComparer.OrdinalIgnoreCase))
            {
                return ValidationResult.Error($"--behavior must be one of {string.Join(", ", Behaviors)}, not '{Behavior}'.");
            }

            if (HangUpAfter is not null && Durations.Parse(HangUpAfter) == TimeSpan.Zero)
            {
                return ValidationResult.Error("--hang-up-after must be longer than 0.");
            }

            foreach (var check in new[] { Durations.Check("--answer-after", AnswerAfter), Durations.Check("--hang-up-after", HangUpAfter), Durations.Check("--early-media-after", EarlyMediaAfter) })
            {
                if (!check.Successful)
                {
                    return check;
                }
            }

            return SurveyDigit is null || (SurveyDigit.Length == 1 && char.IsAsciiDigit(SurveyDigit[0]))
                ? base.Validate()
                : ValidationResult.Error($"--survey-digit must be one key 0-9, not '{SurveyDigit}'.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object>
        {
            ["behavior"] = Behaviors.First(b => string.Equals(b, settings.Behavior, StringComparison.OrdinalIgnoreCase)),
        };
        AddMs(body, "answerAfterMs", settings.AnswerAfter);
        AddMs(body, "hangUpAfterMs", settings.HangUpAfter);
        AddMs(body, "earlyMediaAfterMs", settings.EarlyMediaAfter);
        if (settings.SurveyDigit is { } digit)
        {
            body["surveyDigit"] = digit;
        }

        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        using var phone = await control.SendAsync(HttpMethod.Put, "/_emulator/phones/" + Uri.EscapeDataString(settings.Number), body, cancellationToken).ConfigureAwait(false);
        PhoneRow.From(phone!.RootElement).Print(console, settings.Json);
        return ExitCodes.Success;
    }

    private static void AddMs(Dictionary<string, object> body, string name, string? duration)
    {
        if (Durations.Parse(duration) is { } value)
        {
            body[name] = (long)value.TotalMilliseconds;
        }
    }
}
