using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>What a trigger started, as the tool prints it.</summary>
internal sealed record TriggerRow(string Scenario, string ContactId, string InstanceId, string? From, string? To, string? Agent, string Outcome);

/// <summary>Options every call scenario of <c>ccc trigger</c> shares.</summary>
internal class TriggerSettings : EmulatorSettings
{
    /// <summary>The customer's number when <c>--from</c> is not given.</summary>
    public const string DefaultCustomer = "13800000001";

    [CommandOption("--from <NUMBER>")]
    [Description("The customer's number (a simulated phone). Default: 13800000001.")]
    public string From { get; set; } = DefaultCustomer;

    [CommandOption("--to <NUMBER>")]
    [Description("The instance number dialled. Default: the instance's first active number that takes inbound calls.")]
    public string? To { get; set; }

    [CommandOption("--agent <USER>")]
    [Description("The agent (loginName, or loginName@instanceId) the IVR transfers the call to (rule R3).")]
    public string? Agent { get; set; }

    [CommandOption("--skill-group <ID>")]
    [Description("The skill group the IVR transfers the call to. Default: the number's first skill group.")]
    public string? SkillGroup { get; set; }
}

/// <summary>
/// The scenarios of <c>ccc trigger</c>: real calls the emulator's engine runs (through its control API and the cloud's
/// OpenAPI), never fabricated events; every event they cause is pushed to the subscription as any other.
/// </summary>
internal static class Trigger
{
    /// <summary>The agent's user id: <paramref name="agent"/> as given when it has '@', else loginName@instance.</summary>
    public static string UserId(string agent, string instanceId) => agent.Contains('@', StringComparison.Ordinal) ? agent : agent + "@" + instanceId;

    /// <summary>The instance's first active number that takes inbound calls (ListPhoneNumbers).</summary>
    public static async Task<string> InboundNumberAsync(CccClient client, CancellationToken ct)
    {
        await foreach (var number in client.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { Active = true }, ct).ConfigureAwait(false))
        {
            if (number.Number is { Length: > 0 } n && number.Usage is "Inbound" or "Bidirection")
            {
                return n;
            }
        }

        throw new CliException(ExitCodes.ServiceError, "the instance has no active number that takes inbound calls; pass --to.");
    }

    /// <summary>The agent's state in the emulator (GET /_emulator/agents); exit 1 when there is no such agent.</summary>
    public static async Task<string> AgentStateAsync(EmulatorControl control, string userId, CancellationToken ct)
    {
        using var agents = await control.GetAsync("/_emulator/agents?instanceId=" + Uri.EscapeDataString(control.InstanceId), ct).ConfigureAwait(false);
        foreach (var agent in agents!.RootElement.EnumerateArray())
        {
            if (agent.GetProperty("userId").GetString() == userId)
            {
                return agent.GetProperty("state").GetString() ?? "";
            }
        }

        throw new CliException(ExitCodes.ServiceError, $"NotExists.UserId: no agent '{userId}' in instance {control.InstanceId}.");
    }

    /// <summary>
    /// Makes the agent READY the way a softphone would: SignInGroup when OFFLINE, then ReadyForService (which also ends
    /// a break or after-call work). An agent in a call is left alone: exit 1.
    /// </summary>
    public static async Task EnsureReadyAsync(CccClient client, EmulatorControl control, string userId, CancellationToken ct)
    {
        var state = await AgentStateAsync(control, userId, ct).ConfigureAwait(false);
        switch (state)
        {
            case "READY":
                return;
            case "OFFLINE":
                await client.SignInGroupAsync(new SignInGroupRequest { UserId = userId, DeviceId = "ccc-cli", SignedSkillGroupIdList = [] }, ct).ConfigureAwait(false);
                break;
            case "BREAK" or "WORKING":
                break;
            default:
                throw new CliException(ExitCodes.ServiceError, $"agent {userId} is {state}; wait until the call ends.");
        }

        await client.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = userId }, ct).ConfigureAwait(false);
    }

    /// <summary>POST /_emulator/calls/inbound; the contact id.</summary>
    public static async Task<string> StartInboundAsync(EmulatorControl control, string from, string to, string? userId, string? skillGroup, CancellationToken ct)
    {
        var body = new Dictionary<string, string> { ["from"] = from, ["to"] = to, ["instanceId"] = control.InstanceId };
        if (userId is not null)
        {
            body["userName"] = userId;
        }

        if (skillGroup is not null)
        {
            body["skillGroupId"] = skillGroup;
        }

        using var call = await control.SendAsync(HttpMethod.Post, "/_emulator/calls/inbound", body, ct).ConfigureAwait(false);
        return call!.RootElement.GetProperty("contactId").GetString() ?? "";
    }

    /// <summary>The event types of a contact so far, oldest first.</summary>
    public static async Task<List<JsonElement>> EventsAsync(EmulatorControl control, string contactId, CancellationToken ct)
    {
        using var events = await control.GetAsync($"/_emulator/calls/{Uri.EscapeDataString(contactId)}/events", ct).ConfigureAwait(false);
        return events!.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>Waits (polling the control API) until the call is no longer in progress.</summary>
    public static async Task WaitForEndAsync(EmulatorControl control, string contactId, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            while (true)
            {
                using var call = await control.GetAsync($"/_emulator/calls/{Uri.EscapeDataString(contactId)}", limit.Token, notFoundIsNull: true).ConfigureAwait(false);
                if (call is null)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.ServiceError, $"call {contactId} did not end within {timeout.TotalSeconds:0} s.");
        }
    }

    public static void Print(IAnsiConsole console, bool json, TriggerRow row)
    {
        if (json)
        {
            CliOutput.Json(console, row);
            return;
        }

        // Plain lines (not wrapped to the terminal's width): the contact id stays whole for copy and paste.
        var output = console.Profile.Out.Writer;
        output.WriteLine($"{row.Scenario}: {row.Outcome}");
        output.WriteLine($"Contact id: {row.ContactId}");
        output.Flush();
    }
}

/// <summary><c>ccc trigger inbound-call</c>: a customer dials an instance number (POST /_emulator/calls/inbound); the engine routes it.</summary>
internal sealed class TriggerInboundCallCommand(IAnsiConsole console) : AsyncCommand<TriggerSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TriggerSettings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        var (client, _) = settings.CreateClient(control.Endpoint, Console.Error);
        using (client)
        {
            var to = settings.To ?? await Trigger.InboundNumberAsync(client, cancellationToken).ConfigureAwait(false);
            var userId = settings.Agent is { } agent ? Trigger.UserId(agent, control.InstanceId) : null;
            var contactId = await Trigger.StartInboundAsync(control, settings.From, to, userId, settings.SkillGroup, cancellationToken).ConfigureAwait(false);
            Trigger.Print(console, settings.Json, new TriggerRow("inbound-call", contactId, control.InstanceId, settings.From, to, userId,
                $"{settings.From} is calling {to}{(userId is null ? "" : " for " + userId)}."));
            return ExitCodes.Success;
        }
    }
}

/// <summary><c>ccc trigger outbound-call --agent U --to N</c>: the agent (made READY if needed) places a call with MakeCall.</summary>
internal sealed class TriggerOutboundCallCommand(IAnsiConsole console) : AsyncCommand<TriggerOutboundCallCommand.Settings>
{
    internal sealed class Settings : EmulatorSettings
    {
        [CommandOption("--agent <USER>")]
        [Description("The agent who calls (loginName, or loginName@instanceId). Required.")]
        public string Agent { get; set; } = "";

        [CommandOption("--to <NUMBER>")]
        [Description("The customer's number (a simulated phone; ccc phones set decides how it answers). Required.")]
        public string To { get; set; } = "";

        [CommandOption("--caller <NUMBER>")]
        [Description("The instance number shown to the customer. Default: auto (rule O1).")]
        public string? Caller { get; set; }

        public override ValidationResult Validate() =>
            Agent.Length == 0 ? ValidationResult.Error("--agent is required.")
            : To.Length == 0 ? ValidationResult.Error("--to is required.")
            : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        var (client, _) = settings.CreateClient(control.Endpoint, Console.Error);
        using (client)
        {
            var userId = Trigger.UserId(settings.Agent, control.InstanceId);
            await Trigger.EnsureReadyAsync(client, control, userId, cancellationToken).ConfigureAwait(false);
            var call = await client.MakeCallAsync(new MakeCallRequest { UserId = userId, Callee = settings.To, Caller = settings.Caller, DeviceId = "ccc-cli" }, cancellationToken).ConfigureAwait(false);
            var contactId = call.Value.CallContext?.JobId ?? "";
            Trigger.Print(console, settings.Json, new TriggerRow("outbound-call", contactId, control.InstanceId, settings.Caller, settings.To, userId,
                $"{userId} is calling {settings.To}."));
            return ExitCodes.Success;
        }
    }
}

/// <summary>
/// <c>ccc trigger answered-call</c> (alias <c>cdr</c>): a whole inbound call that connects and ends, so its events and
/// its CDRReady are pushed. The agent is made READY with auto-answer on (PUT /_emulator/agents/{id}); the customer's
/// phone hangs up after the talk time (PUT /_emulator/phones/{from}, left so afterwards: see ccc phones get); the command
/// waits for the call to end.
/// </summary>
internal sealed class TriggerAnsweredCallCommand(IAnsiConsole console) : AsyncCommand<TriggerAnsweredCallCommand.Settings>
{
    private const long AnswerAfterMs = 500;

    internal sealed class Settings : TriggerSettings
    {
        [CommandOption("--talk <DURATION>")]
        [Description("How long the call stays connected before the customer hangs up, e.g. 2s. Default: 2s.")]
        public string Talk { get; set; } = "2s";

        public override ValidationResult Validate()
        {
            var check = Durations.Check("--talk", Talk);
            return !check.Successful ? check
                : Durations.Parse(Talk) is { TotalMilliseconds: < 100 } ? ValidationResult.Error("--talk must be at least 100ms.")
                : base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        var (client, _) = settings.CreateClient(control.Endpoint, Console.Error);
        using (client)
        {
            var to = settings.To ?? await Trigger.InboundNumberAsync(client, cancellationToken).ConfigureAwait(false);
            var userId = Trigger.UserId(settings.Agent ?? await FirstAgentAsync(control, cancellationToken).ConfigureAwait(false), control.InstanceId);
            var talk = Durations.Parse(settings.Talk)!.Value;
            await Trigger.EnsureReadyAsync(client, control, userId, cancellationToken).ConfigureAwait(false);
            (await control.SendAsync(HttpMethod.Put, "/_emulator/agents/" + Uri.EscapeDataString(userId), new { autoAnswer = true, answerAfterMs = AnswerAfterMs }, cancellationToken).ConfigureAwait(false))?.Dispose();
            // For an inbound caller hangUpAfterMs counts from the IVR's answer: the agent's answer, then the talk.
            (await control.SendAsync(HttpMethod.Put, "/_emulator/phones/" + Uri.EscapeDataString(settings.From),
                new { behavior = "answer", hangUpAfterMs = AnswerAfterMs + (long)talk.TotalMilliseconds }, cancellationToken).ConfigureAwait(false))?.Dispose();
            var contactId = await Trigger.StartInboundAsync(control, settings.From, to, userId, settings.SkillGroup, cancellationToken).ConfigureAwait(false);
            await Trigger.WaitForEndAsync(control, contactId, talk + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            var events = (await Trigger.EventsAsync(control, contactId, cancellationToken).ConfigureAwait(false)).Select(e => e.GetProperty("EventType").GetString()).ToList();
            if (!events.Contains("Established"))
            {
                throw new CliException(ExitCodes.ServiceError, $"call {contactId} ended without being answered (events: {string.Join(", ", events)}).");
            }

            Trigger.Print(console, settings.Json, new TriggerRow(context.Name, contactId, control.InstanceId, settings.From, to, userId,
                $"{settings.From} talked to {userId} for {talk.TotalSeconds:0.#} s; the call ended{(events.Contains("CDRReady") ? " and its CDR is ready (CDRReady)" : "")}."));
            return ExitCodes.Success;
        }
    }

    /// <summary>The first READY agent, else the first signed-in one, else the first agent listed.</summary>
    private static async Task<string> FirstAgentAsync(EmulatorControl control, CancellationToken ct)
    {
        using var agents = await control.GetAsync("/_emulator/agents?instanceId=" + Uri.EscapeDataString(control.InstanceId), ct).ConfigureAwait(false);
        var list = agents!.RootElement.EnumerateArray().Select(a => (Id: a.GetProperty("userId").GetString() ?? "", State: a.GetProperty("state").GetString())).ToList();
        return list.FirstOrDefault(a => a.State == "READY").Id is { Length: > 0 } ready ? ready
            : list.FirstOrDefault(a => a.State is "BREAK" or "WORKING").Id is { Length: > 0 } signedIn ? signedIn
            : list.Count > 0 ? list[0].Id
            : throw new CliException(ExitCodes.ServiceError, $"instance {control.InstanceId} has no agents; pass --agent.");
    }
}

/// <summary>
/// <c>ccc trigger abandoned-call</c>: a customer dials in and hangs up before anyone answers (POST
/// /_emulator/phones/{from}/hang-up while the call is in the IVR, the queue or ringing): AbandonedIn… and Abandoned.
/// </summary>
internal sealed class TriggerAbandonedCallCommand(IAnsiConsole console) : AsyncCommand<TriggerAbandonedCallCommand.Settings>
{
    internal sealed class Settings : TriggerSettings
    {
        [CommandOption("--after <DURATION>")]
        [Description("How long the customer waits before hanging up, e.g. 3s. Default: 0 (at once).")]
        public string After { get; set; } = "0";

        public override ValidationResult Validate()
        {
            var check = Durations.Check("--after", After);
            return check.Successful ? base.Validate() : check;
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        var (client, _) = settings.CreateClient(control.Endpoint, Console.Error);
        using (client)
        {
            var to = settings.To ?? await Trigger.InboundNumberAsync(client, cancellationToken).ConfigureAwait(false);
            var userId = settings.Agent is { } agent ? Trigger.UserId(agent, control.InstanceId) : null;
            var contactId = await Trigger.StartInboundAsync(control, settings.From, to, userId, settings.SkillGroup, cancellationToken).ConfigureAwait(false);
            await Task.Delay(Durations.Parse(settings.After)!.Value, cancellationToken).ConfigureAwait(false);
            using (await control.SendAsync(HttpMethod.Post, $"/_emulator/phones/{Uri.EscapeDataString(settings.From)}/hang-up", null, cancellationToken).ConfigureAwait(false))
            {
            }

            var events = await Trigger.EventsAsync(control, contactId, cancellationToken).ConfigureAwait(false);
            var abandoned = events.FirstOrDefault(e => e.GetProperty("EventType").GetString() == "Abandoned");
            if (abandoned.ValueKind != JsonValueKind.Object || events.Any(e => e.GetProperty("EventType").GetString() == "Established" && e.TryGetProperty("AgentId", out var a) && a.ValueKind == JsonValueKind.String))
            {
                throw new CliException(ExitCodes.ServiceError, $"call {contactId} was answered before the customer hung up (an agent with auto-answer?); it is not abandoned.");
            }

            var phase = abandoned.TryGetProperty("AbandonPhase", out var p) ? p.GetString() : null;
            Trigger.Print(console, settings.Json, new TriggerRow("abandoned-call", contactId, control.InstanceId, settings.From, to, userId,
                $"{settings.From} hung up before anyone answered ({phase ?? "abandoned"})."));
            return ExitCodes.Success;
        }
    }
}

/// <summary>
/// <c>ccc trigger agent-ready --agent U</c>: the agent gets READY the way a softphone does it (SignInGroup when offline:
/// AgentCheckIn; ReadyForService: AgentReady); an agent already READY takes a break first (TakeBreak: AgentBreak), so
/// the command always causes an AgentReady.
/// </summary>
internal sealed class TriggerAgentReadyCommand(IAnsiConsole console) : AsyncCommand<TriggerAgentReadyCommand.Settings>
{
    internal sealed class Settings : EmulatorSettings
    {
        [CommandOption("--agent <USER>")]
        [Description("The agent (loginName, or loginName@instanceId). Required.")]
        public string Agent { get; set; } = "";

        [CommandOption("--break-code <CODE>")]
        [Description("The break code of the break an already READY agent takes first. Default: default (a code of the built-in seed).")]
        public string BreakCode { get; set; } = "default";

        public override ValidationResult Validate() => Agent.Length == 0 ? ValidationResult.Error("--agent is required.") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var control = await EmulatorControl.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
        var (client, _) = settings.CreateClient(control.Endpoint, Console.Error);
        using (client)
        {
            var userId = Trigger.UserId(settings.Agent, control.InstanceId);
            var before = await Trigger.AgentStateAsync(control, userId, cancellationToken).ConfigureAwait(false);
            if (before == "READY")
            {
                await client.TakeBreakAsync(new TakeBreakRequest { UserId = userId, Code = settings.BreakCode }, cancellationToken).ConfigureAwait(false);
            }

            await Trigger.EnsureReadyAsync(client, control, userId, cancellationToken).ConfigureAwait(false);
            var row = new AgentRow(userId, control.InstanceId, before, "READY");
            if (settings.Json)
            {
                CliOutput.Json(console, row);
            }
            else
            {
                console.Profile.Out.Writer.WriteLine($"agent-ready: {userId} was {before}, is READY now.");
                console.Profile.Out.Writer.Flush();
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>What the command did, as <c>--json</c> prints it.</summary>
    internal sealed record AgentRow(string Agent, string InstanceId, string PreviousState, string State);
}
