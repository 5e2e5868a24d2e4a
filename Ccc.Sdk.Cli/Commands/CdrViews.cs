using System.Globalization;
using Spectre.Console;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// A call detail record as the tool prints it (<c>cdr list</c>, <c>calls list --finished</c>): times in ISO 8601,
/// durations in whole seconds, comma lists as arrays.
/// </summary>
internal sealed record CdrView(
    string? ContactId,
    string? ContactType,
    string? Disposition,
    string? CallingNumber,
    string? CalledNumber,
    IReadOnlyList<string> AgentIds,
    IReadOnlyList<string> AgentNames,
    IReadOnlyList<string> SkillGroupIds,
    DateTimeOffset? StartTime,
    DateTimeOffset? EstablishedTime,
    DateTimeOffset? ReleaseTime,
    long? CallDurationSeconds,
    long? TalkSeconds,
    long? QueueSeconds,
    long? HeldSeconds,
    bool? RecordingReady,
    string? ReleaseInitiator,
    string? ReleaseReason,
    string? EarlyMediaState)
{
    public static CdrView From(CallDetailRecordBase r) => new(
        r.ContactId,
        r.ContactType,
        r.ContactDisposition,
        ChannelView.NullIfEmpty(r.CallingNumber),
        ChannelView.NullIfEmpty(r.CalledNumber),
        Split(r.AgentIds),
        Split(r.AgentNames),
        Split(r.SkillGroupIds),
        r.StartTime,
        r.EstablishedTime,
        r.ReleaseTime,
        Seconds(r.CallDuration),
        r is CallDetailRecord l ? Seconds(l.TalkTime) : null,
        r is CallDetailRecord q ? Seconds(q.QueueTime) : null,
        r is CallDetailRecord h ? Seconds(h.HeldTime) : null,
        r.RecordingReady,
        ChannelView.NullIfEmpty(r.ReleaseInitiator),
        ChannelView.NullIfEmpty(r.ReleaseReason),
        ChannelView.NullIfEmpty(r.EarlyMediaState));

    /// <summary>Writes <paramref name="rows"/> as JSON or as a table (<paramref name="wide"/>: with the skill groups, talk time and release).</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<CdrView> rows, bool json, bool wide)
    {
        if (json)
        {
            CliOutput.Json(console, rows);
            return;
        }

        if (wide)
        {
            CliOutput.Table(console, ["Contact", "Type", "Disposition", "Start", "Duration", "Talk", "From", "To", "Agents", "Skill groups", "Recording", "Released by"],
                rows.Select(r => (IReadOnlyList<string?>)[r.ContactId, r.ContactType, r.Disposition, CliOutput.Time(r.StartTime), Duration(r.CallDurationSeconds), Duration(r.TalkSeconds),
                    r.CallingNumber, r.CalledNumber, string.Join(", ", r.AgentIds), string.Join(", ", r.SkillGroupIds), r.RecordingReady == true ? "yes" : "no", r.ReleaseInitiator]));
        }
        else
        {
            CliOutput.Table(console, ["Contact", "Type", "Disposition", "Start", "Duration", "From", "To", "Agents"],
                rows.Select(r => (IReadOnlyList<string?>)[r.ContactId, r.ContactType, r.Disposition, CliOutput.Time(r.StartTime), Duration(r.CallDurationSeconds),
                    r.CallingNumber, r.CalledNumber, string.Join(", ", r.AgentIds)]));
        }
    }

    /// <summary>Seconds as <c>m:ss</c> (or <c>h:mm:ss</c>); empty when unknown.</summary>
    public static string Duration(long? seconds) => seconds is not { } s
        ? ""
        : s >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:00}");

    internal static long? Seconds(TimeSpan? duration) => duration is { } d ? (long)d.TotalSeconds : null;

    internal static IReadOnlyList<string> Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One step of a party's timeline in a record (<c>cdr get</c>).</summary>
/// <param name="Party">Whose step: <c>agent agent1@…</c>, <c>customer …</c>, <c>ivr …</c> or <c>queue …</c>.</param>
/// <param name="Event">The step, as the cloud names it (e.g. <c>Dialing</c>, <c>Talk</c>, <c>Release</c>).</param>
/// <param name="Time">When it happened.</param>
/// <param name="Duration">How long it lasted, as the cloud sends it (unit not documented; the emulator sends milliseconds).</param>
internal sealed record CdrStepView(string Party, string? Event, DateTimeOffset? Time, long? Duration);

/// <summary>One record with its timelines (<c>cdr get</c>).</summary>
/// <param name="Record">The record's fields.</param>
/// <param name="Satisfaction">The satisfaction survey's answer, when there is one.</param>
/// <param name="Steps">Every party's steps, in time order.</param>
internal sealed record CdrDetailsView(CdrView Record, int? Satisfaction, IReadOnlyList<CdrStepView> Steps)
{
    public static CdrDetailsView From(CallDetailRecordDetails r)
    {
        var steps = new List<CdrStepView>();
        void Add(string party, IReadOnlyList<CallDetailEvent>? events) =>
            steps.AddRange((events ?? []).Select(e => new CdrStepView(party, e.Event, e.EventTime, e.Duration)));

        foreach (var agent in r.AgentEvents ?? [])
        {
            Add("agent " + agent.AgentId, agent.EventSequence);
        }

        foreach (var customer in r.CustomerEvents ?? [])
        {
            Add(("customer " + customer.CustomerId).TrimEnd(), customer.EventSequence);
        }

        foreach (var ivr in r.IvrEvents ?? [])
        {
            Add(("ivr " + ivr.FlowId).TrimEnd(), ivr.EventSequence);
        }

        foreach (var queue in r.QueueEvents ?? [])
        {
            Add(("queue " + (queue.QueueName is { Length: > 0 } name ? name : queue.QueueId)).TrimEnd(), queue.EventSequence);
        }

        return new CdrDetailsView(CdrView.From(r), r.Satisfaction, [.. steps.OrderBy(s => s.Time ?? DateTimeOffset.MaxValue)]);
    }
}
