using System.Collections.Concurrent;

namespace Ccc.Sdk.Emulator.Calls;

/// <summary>Behaviours of a simulated phone (control API <c>behavior</c>).</summary>
internal static class PhoneBehaviors
{
    public const string Answer = "answer";
    public const string Busy = "busy";
    public const string NoAnswer = "noAnswer";
    public const string Reject = "reject";

    /// <summary>Rings until answered through the control API (or the phone page), or until the ring timeout.</summary>
    public const string Manual = "manual";

    public static readonly string[] All = [Answer, Busy, NoAnswer, Reject, Manual];
}

/// <summary>
/// How a simulated phone reacts when it rings. <see cref="AnswerAfterMs"/> is also the delay before a busy or
/// reject signal. <see cref="HangUpAfterMs"/> counts from the answer (for an inbound caller: from IVR entry).
/// <see cref="EarlyMediaAfterMs"/> (optional) moves a ringing leg to EARLY_MEDIA at that time when it comes before
/// the final outcome; the final outcome keeps its time. <see cref="SurveyDigit"/> (optional, one of 0-9) is the key
/// the phone presses in a satisfaction survey played to it (LaunchSurvey), <see cref="SurveyAfterMs"/> after the
/// survey starts (default <see cref="DefaultSurveyAfterMs"/>); without it the phone presses nothing and the survey
/// times out.
/// </summary>
internal sealed record PhoneBehavior(
    string Behavior,
    long AnswerAfterMs,
    long? HangUpAfterMs,
    long? EarlyMediaAfterMs = null,
    string? SurveyDigit = null,
    long? SurveyAfterMs = null)
{
    /// <summary>How long a phone that has a <see cref="SurveyDigit"/> listens to the survey before pressing it.</summary>
    public const long DefaultSurveyAfterMs = 2000;

    /// <summary>Unknown numbers answer after 1 000 ms and never hang up.</summary>
    public static readonly PhoneBehavior Default = new(PhoneBehaviors.Answer, 1000, null);
}

/// <summary>An agent's simulated softphone: answer offered calls by itself after <see cref="AnswerAfterMs"/>.</summary>
internal sealed record AgentAutoAnswer(bool AutoAnswer, long AnswerAfterMs);

/// <summary>
/// Every number outside the instances is a simulated phone; this holds their behaviours (global to the emulator,
/// as a phone is outside every instance), the DTMF digits each has heard, and agents' auto-answer settings.
/// Thread-safe.
/// </summary>
internal sealed class SimulatedPhones
{
    private const int MaxDigitsKept = 64;
    private readonly ConcurrentDictionary<string, PhoneBehavior> _phones = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _digits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentAutoAnswer> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _pages = new(StringComparer.Ordinal);

    public PhoneBehavior Get(string number) => _phones.GetValueOrDefault(number, PhoneBehavior.Default);

    /// <summary>
    /// Every number the emulator knows something about (a configured behaviour, digits heard, an open phone page),
    /// sorted; any other number behaves as <see cref="PhoneBehavior.Default"/>.
    /// </summary>
    public IReadOnlyList<string> KnownNumbers() =>
        _phones.Keys.Concat(_digits.Keys).Concat(_pages.Where(p => p.Value > 0).Select(p => p.Key))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public void Set(string number, PhoneBehavior behavior) => _phones[number] = behavior;

    public void Reset(string number)
    {
        _phones.TryRemove(number, out _);
        _digits.TryRemove(number, out _);
    }

    /// <summary>DTMF digits the phone has heard (the last 64).</summary>
    public string DigitsHeard(string number) => _digits.GetValueOrDefault(number, "");

    public void Hear(string number, string digits) =>
        _digits.AddOrUpdate(number, digits, (_, old) => (old + digits) is var all && all.Length > MaxDigitsKept ? all[^MaxDigitsKept..] : all);

    /// <summary>True while at least one phone page of <paramref name="number"/> is connected: its calls ring until answered.</summary>
    public bool HasPage(string number) => _pages.TryGetValue(number, out var count) && count > 0;

    /// <summary>A phone page of <paramref name="number"/> connected (+1) or went away (-1).</summary>
    public void CountPage(string number, int delta)
    {
        var count = _pages.AddOrUpdate(number, Math.Max(0, delta), (_, old) => Math.Max(0, old + delta));
        if (count == 0)
        {
            _pages.TryRemove(new KeyValuePair<string, int>(number, 0));
        }
    }

    public AgentAutoAnswer? GetAgent(string userId) => _agents.GetValueOrDefault(userId);

    public void SetAgent(string userId, AgentAutoAnswer settings) => _agents[userId] = settings;
}
