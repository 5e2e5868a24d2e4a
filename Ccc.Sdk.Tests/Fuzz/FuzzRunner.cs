using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Ccc.Sdk.Tests.Fuzz;

/// <summary>Checks the shape of one refusal: <see langword="null"/> when it is right, else what is wrong.</summary>
internal delegate string? EnvelopeCheck(FuzzRequest request, FuzzResponse response);

/// <summary>One thing a target did wrong with one input.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Input">The input's description.</param>
/// <param name="Status">The HTTP status, <see langword="null"/> when nothing came back.</param>
/// <param name="Problem">What was wrong (5xx and the body, the wrong envelope, no response).</param>
internal sealed record FuzzViolation(string Target, string Input, int? Status, string Problem);

/// <summary>What a batch did: how many requests went out, the statuses that came back, every violation.</summary>
internal sealed class FuzzResult(string target, int seed)
{
    private readonly ConcurrentBag<FuzzViolation> _violations = [];
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private int _sent;

    public string Target { get; } = target;

    public int Seed { get; } = seed;

    public int Sent => Volatile.Read(ref _sent);

    public TimeSpan Elapsed { get; set; }

    public IReadOnlyList<FuzzViolation> Violations => [.. _violations.OrderBy(v => v.Status ?? 0).ThenBy(v => v.Input, StringComparer.Ordinal)];

    /// <summary>How many responses had each status (0: no response).</summary>
    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public int ServerErrors => _statuses.Where(s => s.Key >= 500).Sum(s => s.Value);

    public void Count(int? status)
    {
        Interlocked.Increment(ref _sent);
        _statuses.AddOrUpdate(status ?? 0, 1, (_, n) => n + 1);
    }

    public void Add(FuzzViolation violation) => _violations.Add(violation);

    /// <summary>One line: the target, requests sent, statuses, 5xx, violations, time.</summary>
    public string Summary() =>
        $"{Target}: {Sent} requests, statuses {string.Join(" ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}, " +
        $"{ServerErrors} 5xx, {_violations.Count} violation(s), {Elapsed.TotalSeconds:0.0} s, {FuzzSeed.Replay(Seed)}";

    /// <summary>The summary and every violation, distinct inputs grouped, for a failure message.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Summary()).AppendLine();
        foreach (var group in Violations.GroupBy(v => (v.Status, v.Problem, v.Input)).Take(80))
        {
            text.Append("  ").Append(group.Key.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "---")
                .Append(' ').Append(Target).Append(" | ").Append(group.Key.Input).Append(" | ").Append(group.Key.Problem);
            if (group.Count() > 1)
            {
                text.Append(" (×").Append(group.Count()).Append(')');
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>Fails the test with <see cref="Describe"/> (the seed included) when there is any violation.</summary>
    public void AssertClean(int atLeast)
    {
        if (!_violations.IsEmpty)
        {
            throw new Xunit.Sdk.XunitException($"The fuzz run found {_violations.Count} violation(s):\n{Describe()}");
        }

        Assert.True(Sent >= atLeast, $"{Target}: only {Sent} requests sent, expected at least {atLeast}; {FuzzSeed.Replay(Seed)}");
    }
}

/// <summary>
/// Sends a batch of hostile requests to one target (a few at a time), then a known good request (the health probe):
/// every answer must be below 500, come back at all, and pass the target's envelope check; the probe must still succeed.
/// </summary>
internal static class FuzzRunner
{
    public const int Parallelism = 4;

    public static async Task<FuzzResult> RunAsync(
        string target,
        int seed,
        RawHttp http,
        IReadOnlyList<FuzzRequest> requests,
        EnvelopeCheck check,
        FuzzRequest healthProbe,
        Func<FuzzResponse, bool> healthy,
        FuzzResult? into = null)
    {
        var result = into ?? new FuzzResult(target, seed);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, _) =>
        {
            var (response, failure) = await http.SendAsync(request);
            Judge(result, target, request, response, failure, check);
        });

        var (probe, probeFailure) = await http.SendAsync(healthProbe);
        if (probe is null || !healthy(probe))
        {
            result.Add(new FuzzViolation(target, "health probe after the batch: " + healthProbe.Description, probe?.Status,
                probeFailure ?? "the known good request failed: " + probe!.Excerpt));
        }

        result.Elapsed += clock.Elapsed;
        return result;
    }

    /// <summary>Counts one answer and records what is wrong with it.</summary>
    public static void Judge(FuzzResult result, string target, FuzzRequest request, FuzzResponse? response, string? failure, EnvelopeCheck check)
    {
        result.Count(response?.Status);
        if (response is null)
        {
            result.Add(new FuzzViolation(target, request.Description, null, failure ?? "no response"));
        }
        else if (response.Status >= 500 && !IsNotSimulated(response))
        {
            result.Add(new FuzzViolation(target, request.Description, response.Status, "server error: " + response.Excerpt));
        }
        else if (check(request, response) is { } problem)
        {
            result.Add(new FuzzViolation(target, request.Description, response.Status, "wrong envelope: " + problem));
        }
    }

    /// <summary>
    /// The emulator's documented answer to an action of the cloud it does not simulate (501 <c>Emulator.NotSimulated</c>,
    /// docs/emulator.md#actions-not-simulated): a well-formed refusal, not a server error.
    /// </summary>
    public static bool IsNotSimulated(FuzzResponse response) =>
        response.Status == 501 && System.Text.Encoding.UTF8.GetString(response.Body).Contains("\"Code\":\"Emulator.NotSimulated\"", StringComparison.Ordinal);

    /// <summary>Kestrel's own refusal of a request broken at the HTTP level: a bare 4xx (docs/emulator.md "One limit").</summary>
    public static bool IsKestrelRefusal(FuzzRequest request, FuzzResponse response) =>
        (request.HttpLevel || BeyondKestrelLimits(request))
        && response.Status is 400 or 404 or 405 or 411 or 413 or 414 or 417 or 431 or 505 && response.Body.Length == 0;

    /// <summary>
    /// Requests Kestrel refuses by its defaults before any application code runs: a request line over 8 KB, a path holding
    /// an encoded NUL, headers over 32 KB in all, bytes outside printable ASCII in the request line or in header values.
    /// </summary>
    public static bool BeyondKestrelLimits(FuzzRequest request) =>
        request.Target.Length > 8 * 1024
        || request.Target.Split('?')[0].Contains("%00", StringComparison.Ordinal)
        || request.Headers.Sum(h => h.Key.Length + h.Value.Length + 4) > 32 * 1024
        || request.Target.Any(c => c is <= ' ' or > '~')
        || request.Headers.Any(h => h.Value.Any(c => c is < ' ' and not '\t' or > '~'));
}
