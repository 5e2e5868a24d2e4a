using System.Net.Http.Json;
using Ccc.Sdk.Samples.Crm.Customers;
using Ccc.Sdk.Samples.Crm.Emulator;

namespace Ccc.Sdk.Samples.Crm.Supervision;

/// <summary>
/// "A busy morning": a scripted 80 seconds on the embedded emulator so the supervisor view has something to show.
/// Embedded-emulator mode only (it drives the emulator's unsigned control API; against the cloud it does not exist).
/// <para>What happens, in order (times from the start):</para>
/// <list type="number">
/// <item>0 s — agents 1, 2 and 3 go on duty with the back-office client (<c>SignInGroup</c> into their skill groups,
/// then <c>ReadyForService</c>), and their simulated softphones are set to answer offered calls after 3 to 5 s
/// (<c>PUT /_emulator/agents/{userId}</c>).</item>
/// <item>From 2 s — twelve customers dial the hotline (<c>POST /_emulator/calls/inbound</c> to 02150000001, skill group
/// sales or support): seeded customers (their cards pop for the agent who answers) and unknown numbers. Each caller's
/// simulated phone hangs up a set time after the IVR answered (<c>PUT /_emulator/phones/{number}</c>,
/// <c>hangUpAfterMs</c>): after a conversation when an agent answered in time, or while still queued — an abandoned
/// call — when every agent of the group was busy.</item>
/// <item>28 s — agent 3 takes a lunch break (<c>TakeBreak</c>, code <c>lunchtime</c>); 62 s — agent 3 is back
/// (<c>ReadyForService</c>) and takes the calls still waiting.</item>
/// <item>Then the script waits for the last calls to end (at most 40 s more) and puts things back: the agents'
/// softphones stop answering by themselves and sign out, and the callers' phones get their usual behaviour. A run
/// that is cancelled (or fails) first hangs up the callers still on the line.</item>
/// </list>
/// <para>One run at a time (a second start while one runs is refused), as a background task bound to the application's
/// lifetime (stopping the application cancels it) and cancellable from the demo page. A step that the call center
/// refuses (an agent busy at the moment of a break, say) is noted in the log and the script goes on.</para>
/// </summary>
public sealed class BusyMorningDemo : IDisposable
{
    /// <summary>The number the customers dial.</summary>
    public const string Hotline = "02150000001";

    /// <summary>The device id the demo signs its agents in with.</summary>
    public const string DeviceId = "crm-demo";

    private readonly CccClient _ccc;
    private readonly DemoSettings _settings;
    private readonly ICustomerBook _customers;
    private readonly WallboardNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger<BusyMorningDemo> _logger;
    private readonly CancellationTokenSource _stopping;
    private readonly Lock _gate = new();
    private readonly List<string> _log = [];
    private CancellationTokenSource? _run;
    private DemoStatus _status = new(DemoState.Idle, 0, Script.Count, "Not started.", null, null);

    /// <summary>Creates the demo.</summary>
    /// <param name="ccc">The back-office client (of the embedded emulator).</param>
    /// <param name="settings">The emulator's address and instance.</param>
    /// <param name="customers">The customer book (to give the seeded callers' phones their usual behaviour back).</param>
    /// <param name="notifier">Woken at each step, so the supervisor view follows even without webhooks.</param>
    /// <param name="lifetime">The application's lifetime: stopping the application cancels a run.</param>
    /// <param name="time">The clock of the script's waits.</param>
    /// <param name="logger">The log.</param>
    public BusyMorningDemo(CccClient ccc, DemoSettings settings, ICustomerBook customers, WallboardNotifier notifier, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<BusyMorningDemo> logger)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        _ccc = ccc;
        _settings = settings;
        _customers = customers;
        _notifier = notifier;
        _time = time;
        _logger = logger;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    }

    /// <summary>Raised after every change of <see cref="Status"/> (on the script's thread: return quickly).</summary>
    public event Action? Changed;

    /// <summary>The agents the demo puts on duty, with their skill groups and how long their softphone rings before it answers.</summary>
    public static IReadOnlyList<(string LoginName, string[] SkillGroups, int AnswerAfterMs)> Agents { get; } =
    [
        ("agent1", ["sales", "support"], 4000),
        ("agent2", ["sales"], 3000),
        ("agent3", ["support"], 5000),
    ];

    /// <summary>The script: the calls and the break, each at its time from the start.</summary>
    public static IReadOnlyList<DemoStep> Script { get; } =
    [
        DemoStep.Call(2, "02161234567", "sales", 24),     // Liu Yang (VIP)
        DemoStep.Call(4, "13700001001", "support", 18),   // unknown
        DemoStep.Call(6, "13912345678", "sales", 30),     // Zhou Min
        DemoStep.Call(9, "13700001002", "sales", 12),     // unknown: both sales agents busy, hangs up in the queue
        DemoStep.Call(13, "01062345678", "support", 45),  // Sun Hao
        DemoStep.Call(20, "13700001003", "sales", 50),    // unknown: waits for a sales agent
        DemoStep.Break(28, "agent3", "lunchtime"),
        DemoStep.Call(32, "13811112222", "sales", 40),    // Wu Jing
        DemoStep.Call(40, "13700001004", "support", 8),   // unknown: abandons while agent 3 is at lunch
        DemoStep.Call(48, "057187654321", "sales", 30),   // Ma Lin (VIP)
        DemoStep.Call(55, "13700001005", "support", 35),  // unknown
        DemoStep.Ready(62, "agent3"),
        DemoStep.Call(66, "13700001006", "sales", 20),    // unknown
        DemoStep.Call(72, "13700001007", "support", 6),   // unknown: abandons
    ];

    /// <summary>The state of the current (or last) run.</summary>
    public DemoStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>The last lines of the run's log, oldest first.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Starts a run in the background.</summary>
    /// <returns>False when a run is already going on (nothing changes).</returns>
    public bool TryStart()
    {
        lock (_gate)
        {
            if (_status.State == DemoState.Running || _stopping.IsCancellationRequested)
            {
                return false;
            }

            _run?.Dispose();
            _run = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            _log.Clear();
            _status = new DemoStatus(DemoState.Running, 0, Script.Count, "Starting: agents go on duty.", _time.GetUtcNow(), null);
            var token = _run.Token;
            _ = Task.Run(() => RunAsync(token), CancellationToken.None);
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Cancels the run in progress, if any (it then puts things back and ends as <see cref="DemoState.Cancelled"/>).</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_status.State == DemoState.Running)
            {
                _run?.Cancel();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _run?.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = _settings.EmulatorEndpoint, Timeout = TimeSpan.FromSeconds(10) };
        var start = _time.GetTimestamp();
        var final = DemoState.Finished;
        string text = "Done: the morning is over.";
        try
        {
            foreach (var (login, groups, answerAfterMs) in Agents)
            {
                await OnDutyAsync(http, login, groups, answerAfterMs, cancellationToken);
            }

            for (int i = 0; i < Script.Count; i++)
            {
                var step = Script[i];
                var wait = TimeSpan.FromSeconds(step.AtSeconds) - _time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }

                await RunStepAsync(http, step, cancellationToken);
                Update(i + 1, step.Describe());
            }

            Update(Script.Count, "Waiting for the last calls to end.");
            await WaitForQuietAsync(http, TimeSpan.FromSeconds(40), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            final = DemoState.Cancelled;
            text = "Cancelled.";
        }
        catch (Exception e) when (e is HttpRequestException or CccException or TaskCanceledException)
        {
            final = DemoState.Failed;
            text = "Stopped: " + e.Message;
            _logger.LogWarning(e, "The demo stopped");
        }

        await RestoreAsync(http, hangUp: final != DemoState.Finished);
        lock (_gate)
        {
            _status = _status with { State = final, Text = text, FinishedAt = _time.GetUtcNow() };
        }

        Note(text);
        Changed?.Invoke();
        _notifier.Signal();
    }

    private async Task OnDutyAsync(HttpClient http, string login, string[] groups, int answerAfterMs, CancellationToken cancellationToken)
    {
        string userId = UserId(login);
        await PutAsync(http, $"/_emulator/agents/{Uri.EscapeDataString(userId)}", new { autoAnswer = true, answerAfterMs }, cancellationToken);
        await TryAsync($"{login} signs in", () => _ccc.SignInGroupAsync(new SignInGroupRequest
        {
            UserId = userId,
            DeviceId = DeviceId,
            SignedSkillGroupIdList = [.. groups.Select(g => $"{g}@{_settings.InstanceId}")],
        }, cancellationToken));
        await TryAsync($"{login} is ready", () => _ccc.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = userId }, cancellationToken));
    }

    private async Task RunStepAsync(HttpClient http, DemoStep step, CancellationToken cancellationToken)
    {
        switch (step.Kind)
        {
            case DemoStepKind.Call:
                await PutAsync(http, $"/_emulator/phones/{Uri.EscapeDataString(step.Subject)}", new { behavior = "answer", hangUpAfterMs = step.HangUpAfterSeconds * 1000 }, cancellationToken);
                using (var response = await http.PostAsJsonAsync(
                    "/_emulator/calls/inbound",
                    new { from = step.Subject, to = Hotline, skillGroupId = $"{step.SkillGroup}@{_settings.InstanceId}", instanceId = _settings.InstanceId },
                    cancellationToken))
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        Note($"The call from {step.Subject} was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    }
                }

                break;
            case DemoStepKind.Break:
                await TryAsync($"{step.Subject} takes a break", () => _ccc.TakeBreakAsync(new TakeBreakRequest { UserId = UserId(step.Subject), Code = step.BreakCode }, cancellationToken));
                break;
            case DemoStepKind.Ready:
                await TryAsync($"{step.Subject} is back", () => _ccc.ReadyForServiceAsync(new ReadyForServiceRequest { UserId = UserId(step.Subject) }, cancellationToken));
                break;
        }

        _notifier.Signal();
    }

    private async Task WaitForQuietAsync(HttpClient http, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp();
        while (_time.GetElapsedTime(deadline) < patience)
        {
            var calls = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/_emulator/calls?instanceId={Uri.EscapeDataString(_settings.InstanceId)}", cancellationToken);
            if (calls.ValueKind == System.Text.Json.JsonValueKind.Array && calls.GetArrayLength() == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
        }
    }

    // Puts back what the script changed, whatever happened: nothing here may throw. A run cut short first ends the
    // calls of its callers still on the line (the customers hang up), so the agents can sign out.
    private async Task RestoreAsync(HttpClient http, bool hangUp)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var token = timeout.Token;
        var callers = Script.Where(s => s.Kind == DemoStepKind.Call).Select(s => s.Subject).Distinct(StringComparer.Ordinal).ToList();
        if (hangUp)
        {
            foreach (var number in callers)
            {
                // 409 NoCallInProgress: that caller is done already.
                await TryHttpAsync(async () => { using var response = await http.PostAsync($"/_emulator/phones/{Uri.EscapeDataString(number)}/hang-up", null, token); });
            }
        }

        foreach (var (login, _, _) in Agents)
        {
            await TryHttpAsync(() => PutAsync(http, $"/_emulator/agents/{Uri.EscapeDataString(UserId(login))}", new { autoAnswer = false, answerAfterMs = 0 }, token));
            await TryAsync($"{login} signs out", () => _ccc.SignOutGroupAsync(new SignOutGroupRequest { UserId = UserId(login), DeviceId = DeviceId }, token));
        }

        foreach (var number in callers)
        {
            await TryHttpAsync(async () =>
            {
                if (await _customers.FindByPhoneAsync(number, token) is { } customer)
                {
                    await PutAsync(http, $"/_emulator/phones/{Uri.EscapeDataString(number)}", SimulatedPhones.BehaviourOf(customer), token);
                }
                else
                {
                    using var response = await http.DeleteAsync($"/_emulator/phones/{Uri.EscapeDataString(number)}", token);
                }
            });
        }
    }

    private async Task TryAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
            Note(what + ".");
        }
        catch (CccException e)
        {
            Note($"{what}: refused ({e.Code}).");
        }
    }

    private async Task TryHttpAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or CccException)
        {
            _logger.LogWarning("The demo could not put something back: {Message}", e.Message);
        }
    }

    private static async Task PutAsync(HttpClient http, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(path, body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private string UserId(string login) => $"{login}@{_settings.InstanceId}";

    private void Update(int step, string text)
    {
        lock (_gate)
        {
            _status = _status with { Step = step, Text = text };
        }

        Note(text);
        Changed?.Invoke();
    }

    private void Note(string line)
    {
        lock (_gate)
        {
            _log.Add($"{_time.GetUtcNow().AddHours(8):HH:mm:ss} {line}");
            if (_log.Count > 100)
            {
                _log.RemoveAt(0);
            }
        }
    }
}

/// <summary>Where the demo finds the embedded emulator.</summary>
/// <param name="EmulatorEndpoint">The emulator's base address (its control API is under <c>/_emulator/</c>).</param>
/// <param name="InstanceId">The instance.</param>
public sealed record DemoSettings(Uri EmulatorEndpoint, string InstanceId);

/// <summary>Where a demo run is.</summary>
public enum DemoState
{
    /// <summary>Never started.</summary>
    Idle,

    /// <summary>Playing.</summary>
    Running,

    /// <summary>Played to the end.</summary>
    Finished,

    /// <summary>Cancelled by the supervisor or the application's stop.</summary>
    Cancelled,

    /// <summary>Stopped by an error (the emulator went away, say).</summary>
    Failed,
}

/// <summary>The state of a demo run.</summary>
/// <param name="State">Where it is.</param>
/// <param name="Step">Steps done.</param>
/// <param name="TotalSteps">Steps in the script.</param>
/// <param name="Text">What it is doing, in words.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended.</param>
public sealed record DemoStatus(DemoState State, int Step, int TotalSteps, string Text, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>What a demo step does.</summary>
public enum DemoStepKind
{
    /// <summary>A customer calls the hotline.</summary>
    Call,

    /// <summary>An agent takes a break.</summary>
    Break,

    /// <summary>An agent gets ready again.</summary>
    Ready,
}

/// <summary>One step of the demo script.</summary>
/// <param name="AtSeconds">When, from the start.</param>
/// <param name="Kind">What.</param>
/// <param name="Subject">The caller's number, or the agent's login name.</param>
/// <param name="SkillGroup">The skill group a call is for (its name: <c>sales</c>, <c>support</c>).</param>
/// <param name="HangUpAfterSeconds">When the caller hangs up, counted from the IVR's answer.</param>
/// <param name="BreakCode">The break reason.</param>
public sealed record DemoStep(int AtSeconds, DemoStepKind Kind, string Subject, string SkillGroup = "", int HangUpAfterSeconds = 0, string BreakCode = "")
{
    /// <summary>A customer call.</summary>
    /// <param name="at">When, in seconds from the start.</param>
    /// <param name="from">The caller's number.</param>
    /// <param name="skillGroup">The skill group (name).</param>
    /// <param name="hangUpAfter">When the caller hangs up, in seconds from the IVR's answer.</param>
    /// <returns>The step.</returns>
    public static DemoStep Call(int at, string from, string skillGroup, int hangUpAfter) => new(at, DemoStepKind.Call, from, skillGroup, hangUpAfter);

    /// <summary>An agent takes a break.</summary>
    /// <param name="at">When.</param>
    /// <param name="login">The agent's login name.</param>
    /// <param name="code">The break reason (one of the instance's break codes).</param>
    /// <returns>The step.</returns>
    public static DemoStep Break(int at, string login, string code) => new(at, DemoStepKind.Break, login, BreakCode: code);

    /// <summary>An agent gets ready again.</summary>
    /// <param name="at">When.</param>
    /// <param name="login">The agent's login name.</param>
    /// <returns>The step.</returns>
    public static DemoStep Ready(int at, string login) => new(at, DemoStepKind.Ready, login);

    /// <summary>The step in words, for the status line.</summary>
    /// <returns>The text.</returns>
    public string Describe() => Kind switch
    {
        DemoStepKind.Call => $"{PhoneNumbers.Mask(Subject)} calls {SkillGroup}.",
        DemoStepKind.Break => $"{Subject} takes a break ({BreakCode}).",
        _ => $"{Subject} is back from the break.",
    };
}
