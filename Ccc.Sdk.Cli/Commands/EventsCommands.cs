using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>One event as <c>ccc events list</c> prints it: its id, what happened, and how its push went (if it was pushed).</summary>
internal sealed record EventRow(
    string Id, DateTimeOffset Time, string EventType, string? ContactId, string? AgentId, string? WebhookId, string? Push, int? Attempts, string? LastAnswer)
{
    public static EventRow From(JsonElement e)
    {
        string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var delivery = e.TryGetProperty("Delivery", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
        return new EventRow(
            Str("Id") ?? "",
            DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("EventTime").GetInt64()),
            Str("EventType") ?? "",
            Str("ContactId"),
            Str("AgentId"),
            delivery?.GetProperty("WebhookId").GetString(),
            delivery?.GetProperty("State").GetString(),
            delivery?.GetProperty("Attempts").GetInt32(),
            delivery is { } x && x.TryGetProperty("LastAnswer", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null);
    }
}

/// <summary><c>ccc events list [--limit N] [--contact ID]</c>: the emulator's recent events with their ids and pushes.</summary>
internal sealed class EventsListCommand(IAnsiConsole console) : AsyncCommand<EventsListCommand.Settings>
{
    internal sealed class Settings : EmulatorSettings
    {
        [CommandOption("--limit <N>")]
        [Description("How many of the most recent events (1-1000). Default: 20.")]
        public int Limit { get; set; } = 20;

        [CommandOption("--contact <ID>")]
        [Description("Only the events of this call (its contact id, e.g. from ccc trigger).")]
        public string? Contact { get; set; }

        public override ValidationResult Validate() =>
            Limit is < 1 or > 1000 ? ValidationResult.Error($"--limit must be from 1 to 1000, not {Limit}.") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        var path = settings.Contact is { Length: > 0 } contact
            ? $"/_emulator/calls/{Uri.EscapeDataString(contact)}/events"
            : $"/_emulator/events?limit={settings.Limit.ToString(CultureInfo.InvariantCulture)}&instanceId={Uri.EscapeDataString(control.InstanceId)}";
        using var events = await control.GetAsync(path, cancellationToken).ConfigureAwait(false);
        var rows = events!.RootElement.EnumerateArray().Select(EventRow.From).TakeLast(settings.Limit).ToList();
        if (settings.Json)
        {
            CliOutput.Json(console, rows);
        }
        else
        {
            CliOutput.Table(console, ["Id", "Time", "Event", "Contact", "Agent", "Push", "Attempts", "Last answer"],
                rows.Select(r => (IReadOnlyList<string?>)[r.Id, CliOutput.Time(r.Time), r.EventType, r.ContactId, r.AgentId, r.Push ?? "not pushed",
                    r.Attempts?.ToString(CultureInfo.InvariantCulture), r.LastAnswer]));
        }

        return ExitCodes.Success;
    }
}

/// <summary>
/// <c>ccc events resend &lt;id&gt;</c>: the emulator sends a pushed event once more to its subscription's current address
/// (<c>POST /_emulator/events/{id}/resend</c>: same <c>webhook-id</c> and body, signed now). Exit 0 when the receiver
/// took it, 4 when it did not (no answer or a non-2xx status), 1 with the code for an unknown or never-pushed event.
/// </summary>
internal sealed class EventsResendCommand(IAnsiConsole console) : AsyncCommand<EventsResendCommand.Settings>
{
    internal sealed class Settings : EmulatorSettings
    {
        [CommandArgument(0, "<id>")]
        [Description("The event's id, as ccc events list shows it (e.g. evt_42).")]
        public string Id { get; set; } = "";
    }

    /// <summary>The outcome as the tool prints it.</summary>
    internal sealed record ResendRow(string Id, string WebhookId, string EventType, string AccessPoint, bool Delivered, int? Status, string? Error, double ElapsedMs);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        using var answer = await control.SendAsync(HttpMethod.Post, $"/_emulator/events/{Uri.EscapeDataString(settings.Id)}/resend", null, cancellationToken).ConfigureAwait(false);
        var e = answer!.RootElement;
        var row = new ResendRow(
            e.GetProperty("id").GetString() ?? settings.Id,
            e.GetProperty("webhookId").GetString() ?? "",
            e.GetProperty("eventType").GetString() ?? "",
            e.GetProperty("accessPoint").GetString() ?? "",
            e.GetProperty("delivered").GetBoolean(),
            e.GetProperty("status").ValueKind == JsonValueKind.Number ? e.GetProperty("status").GetInt32() : null,
            e.GetProperty("error").ValueKind == JsonValueKind.String ? e.GetProperty("error").GetString() : null,
            e.GetProperty("elapsedMs").GetDouble());
        var outcome = row.Status is { } status ? $"the receiver answered {status}" : $"no answer ({row.Error})";
        if (settings.Json)
        {
            CliOutput.Json(console, row);
        }
        else
        {
            console.Profile.Out.Writer.WriteLine($"Resent {row.Id} ({row.EventType}, {row.WebhookId}) to {row.AccessPoint}: {outcome} in {row.ElapsedMs:0} ms.");
            console.Profile.Out.Writer.Flush();
        }

        return row.Delivered ? ExitCodes.Success : throw new CliException(ExitCodes.Unreachable, $"{row.Id} was not delivered: {outcome}.");
    }
}
