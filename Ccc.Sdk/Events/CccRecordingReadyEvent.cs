using System.Collections.Frozen;
using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary><c>RecordingReady</c> / <c>DualTrackRecordingReady</c>: a call's recording can be downloaded.</summary>
public sealed class CccRecordingReadyEvent : CccEvent
{
    /// <summary>The event types read as <see cref="CccRecordingReadyEvent"/>.</summary>
    public static IReadOnlySet<string> EventTypes { get; } = new[]
    {
        "RecordingReady", "DualTrackRecordingReady",
    }.ToFrozenSet(StringComparer.Ordinal);

    internal CccRecordingReadyEvent(JsonElement raw)
        : base(raw)
    {
        var json = Json;
        ContactId = base.ContactId ?? throw new CccEventFormatException($"The {EventType} event has no 'contactId'.");
        StartTime = json.Time("startTime");
        EndTime = json.Time("endTime");
        AgentIds = json.List("agentIds");
        FileName = NullIfEmpty(json.String("fileName"));
        DownloadUrl = json.Url("downloadURL");
    }

    /// <summary>The recorded call (<c>contactId</c>); always present.</summary>
    public new string ContactId { get; }

    /// <summary>True for <c>DualTrackRecordingReady</c> (one track per side).</summary>
    public bool IsDualTrack => EventType == "DualTrackRecordingReady";

    /// <summary>When the recording starts, in UTC (<c>startTime</c>).</summary>
    public DateTimeOffset? StartTime { get; }

    /// <summary>When the recording ends, in UTC (<c>endTime</c>).</summary>
    public DateTimeOffset? EndTime { get; }

    /// <summary>The agents on the recording (<c>agentIds</c>); empty when not sent.</summary>
    public IReadOnlyList<string> AgentIds { get; }

    /// <summary>The recording's file name (<c>fileName</c>), e.g. <c>job-….wav</c>.</summary>
    public string? FileName { get; }

    /// <summary>A time-limited download link (<c>downloadURL</c>). Treat it as a secret: do not log it.</summary>
    public Uri? DownloadUrl { get; }
}
