using Ccc.Sdk.Benchmarks.SampleCrmDriver;

namespace Ccc.Sdk.Benchmarks.ScreenPopLatency;

/// <summary>A seeded customer of the sample CRM calling from one of their numbers, written in some notation.</summary>
/// <param name="From">The number as the call carries it (the emulator takes digits with an optional leading <c>+</c>).</param>
/// <param name="ContactName">The name the pop must show.</param>
public sealed record SeededCaller(string From, string ContactName);

/// <summary>
/// Issue 16's screen-pop goal: an inbound call is placed → the customer's name is visible on the agent's page. The
/// sample CRM runs as its own process (embedded emulator); <c>agent1@ccc-local</c> is signed in in headless Chromium
/// and on duty. A <see cref="NameVisibleObserver"/> is installed in the page first. For each call the driver notes
/// the wall-clock time, asks the emulator to place an inbound call from a seeded customer's number (in another notation
/// each time, so the CRM's lookup normalises it) to that agent, and measures on the same call: (a) the time the CRM's
/// CallComing handler ran (its screen-pop log, <c>GET /api/screen-pops</c>: the baseline) and (b) the time the
/// customer's name was in the DOM and visible (the observer's stamp). The caller hangs up 700 ms after IVR entry; the
/// next call waits until the emulator has ended the call and the softphone is READY again. A call without a handler
/// stamp, without the name or with another name fails the run, naming the call.
/// </summary>
public static class ScreenPopLatencyRun
{
    private const string Agent = "agent1@ccc-local";
    private const string AgentUserName = "agent1";
    private const int CallerHangUpMs = 700;

    /// <summary>
    /// The callers, in turn: the sample's seeded customers (c-1001 to c-1006), each from a number in the notation noted.
    /// </summary>
    public static IReadOnlyList<SeededCaller> Callers { get; } =
    [
        new("+862161234567", "Liu Yang"),     // c-1001, landline 02161234567 after +86 (its trunk 0 dropped)
        new("8613912345678", "Zhou Min"),     // c-1002, mobile with the country code and no +
        new("+861062345678", "Sun Hao"),      // c-1003, Beijing landline 01062345678 after +86 (its trunk 0 dropped)
        new("13811112222", "Wu Jing"),        // c-1004, mobile as stored
        new("008618622223333", "Zheng Lei"),  // c-1005, mobile after the 00 international prefix
        new("+8657187654321", "Ma Lin"),      // c-1006, landline 057187654321 (three-digit area code) after +86
    ];

    /// <summary>
    /// The command: parses <paramref name="args"/>, runs, writes the Markdown result to <paramref name="output"/>.
    /// </summary>
    /// <param name="args">The arguments after <c>screen-pop-latency</c>.</param>
    /// <param name="output">The result.</param>
    /// <param name="error">Progress, and why options were refused or the run failed.</param>
    /// <returns>0 when the goal is met, 1 when not or when a call was lost, 2 on bad options.</returns>
    public static async Task<int> CommandAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ScreenPopLatencyOptions options;
        try
        {
            options = ScreenPopLatencyOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        ScreenPopLatencyResult result;
        try
        {
            result = await RunAsync(options, error).ConfigureAwait(false);
        }
        catch (ScreenPopLatencyException e)
        {
            await error.WriteLineAsync("The run failed: " + e.Message).ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync(result.ToMarkdown()).ConfigureAwait(false);
        return result.GoalMet ? 0 : 1;
    }

    /// <summary>Runs the measurement.</summary>
    /// <param name="options">How many calls, and the goal.</param>
    /// <param name="log">Progress.</param>
    /// <returns>Both latencies of every measured call.</returns>
    /// <exception cref="ScreenPopLatencyException">A call was lost (the message says which) or the page went away.</exception>
    public static Task<ScreenPopLatencyResult> RunAsync(ScreenPopLatencyOptions options, TextWriter log) => RunAsync(options, log, Callers);

    /// <summary>Runs the measurement with other callers, in turn (the tests' lost-call case).</summary>
    /// <param name="options">How many calls, and the goal.</param>
    /// <param name="log">Progress.</param>
    /// <param name="callers">Who calls, and the name each pop must show.</param>
    /// <returns>Both latencies of every measured call.</returns>
    internal static async Task<ScreenPopLatencyResult> RunAsync(ScreenPopLatencyOptions options, TextWriter log, IReadOnlyList<SeededCaller> callers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfZero(callers.Count);
        await using var sample = await SampleCrmProcess.StartAsync("/workbench/workbenchSdk.js", log).ConfigureAwait(false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var emulator = new EmulatorControl(http, sample.EmulatorAddress);

        await using var agent = await SampleAgentBrowser.SignInAsync(sample.Address, Agent).ConfigureAwait(false);
        await agent.GoOnDutyAsync().ConfigureAwait(false);
        await NameVisibleObserver.InstallAsync(agent.Page).ConfigureAwait(false);
        double clockOffsetAtStart = await NameVisibleObserver.ClockOffsetAsync(agent.Page).ConfigureAwait(false);
        await log.WriteLineAsync($"{Agent} on duty in Chromium; the page's observer of #screen-pop .customer-name is installed.").ConfigureAwait(false);

        var calls = new List<ScreenPopCall>();
        int total = options.WarmUpCalls + options.Calls;
        for (int n = 1; n <= total; n++)
        {
            var caller = callers[(n - 1) % callers.Count];
            string which = $"call {n} of {total} (from {caller.From}, expecting {caller.ContactName})";
            await emulator.SetCallerAsync(caller.From, CallerHangUpMs).ConfigureAwait(false);

            double placed = WallClock.NowMs();
            string job;
            double handled;
            try
            {
                job = await emulator.DialAsync(caller.From, AgentUserName).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                throw new ScreenPopLatencyException($"{which}: {e.Message}", e);
            }

            which = $"call {n} of {total} (job {job}, from {caller.From}, expecting {caller.ContactName})";
            try
            {
                handled = await agent.WaitForScreenPopAsync(job).ConfigureAwait(false);
                await emulator.WaitForCallEndedAsync(job).ConfigureAwait(false);
                await agent.WaitForReadyAsync().ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new ScreenPopLatencyException($"{which} was lost: {e.Message}", e);
            }

            var seen = await NameVisibleObserver.ReadAsync(agent.Page, job).ConfigureAwait(false);
            var name = seen.FirstOrDefault(s => s.Text.Contains(caller.ContactName, StringComparison.Ordinal))
                ?? throw new ScreenPopLatencyException(seen.Count == 0
                    ? $"{which}: the customer's name never became visible in #screen-pop[data-job=\"{job}\"] .customer-name."
                    : $"{which}: the pop showed {string.Join(", ", seen.Select(s => $"'{s.Text}'"))}, never {caller.ContactName}.");

            if (n > options.WarmUpCalls)
            {
                calls.Add(new ScreenPopCall(n, job, caller.From, caller.ContactName, handled - placed, name.AtUnixMs - placed));
            }

            if (n % 10 == 0)
            {
                await log.WriteLineAsync($"{n}/{total} calls").ConfigureAwait(false);
            }
        }

        double clockOffsetAtEnd = await NameVisibleObserver.ClockOffsetAsync(agent.Page).ConfigureAwait(false);
        return new ScreenPopLatencyResult(options, calls, clockOffsetAtEnd - clockOffsetAtStart);
    }
}
