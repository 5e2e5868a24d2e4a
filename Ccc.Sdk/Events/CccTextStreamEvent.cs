using System.Text.Json;

namespace Ccc.Sdk.Events;

/// <summary><c>TextStream</c>: a piece of real-time transcription of one side of the call.</summary>
public sealed class CccTextStreamEvent : CccCallEvent
{
    internal CccTextStreamEvent(JsonElement raw)
        : base(raw)
    {
        var json = Json;
        ChannelType = NullIfEmpty(json.String("channelType"));
        ChannelName = NullIfEmpty(json.String("channelName"));
        Text = json.String("text");
        Finished = json.Boolean("finished");
        BeginTime = json.Time("beginTime");
        BeginOffsetMilliseconds = json.Integer("beginOffsetMS");
        EndOffsetMilliseconds = json.Integer("endOffsetMS");
        ExtraInfo = json.Element("extraInfo");
    }

    /// <summary>Which side spoke (<c>channelType</c>): <c>agent</c> or <c>customer</c>.</summary>
    public string? ChannelType { get; }

    /// <summary>The channel's name (<c>channelName</c>).</summary>
    public string? ChannelName { get; }

    /// <summary>The transcribed text (<c>text</c>).</summary>
    public string? Text { get; }

    /// <summary>Whether this sentence is final (<c>finished</c>); false for an interim result.</summary>
    public bool? Finished { get; }

    /// <summary>When the transcription of the channel began, in UTC (<c>beginTime</c>).</summary>
    public DateTimeOffset? BeginTime { get; }

    /// <summary>Start of this sentence, in milliseconds after <see cref="BeginTime"/> (<c>beginOffsetMS</c>).</summary>
    public long? BeginOffsetMilliseconds { get; }

    /// <summary>End of this sentence, in milliseconds after <see cref="BeginTime"/> (<c>endOffsetMS</c>).</summary>
    public long? EndOffsetMilliseconds { get; }

    /// <summary>Extra data (<c>extraInfo</c>), as sent.</summary>
    public JsonElement? ExtraInfo { get; }
}
