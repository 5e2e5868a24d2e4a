namespace Ccc.Sdk.Emulator.Records;

/// <summary>GetMultiChannelRecording Data: the two-channel WAV's name and signed URL.</summary>
internal sealed record MultiChannelRecordingDto(string FileName, string FileUrl);

/// <summary>
/// One ListMonoRecordings item: the call's recording with the agent on it (the call's first agent). <c>Duration</c>
/// is the recording's length in whole seconds and <c>StartTime</c> when the talk began (epoch ms), both as strings
/// as the cloud's model says; <c>RamId</c> is the agent's RAM user id, empty when the agent no longer exists.
/// </summary>
internal sealed record MonoRecordingItemDto(
    string ContactId,
    string AgentId,
    string AgentName,
    string SkillGroupId,
    string RamId,
    string FileName,
    string FileUrl,
    string Duration,
    string StartTime);

/// <summary>A span of a multi-channel recording during which the agent held the call (epoch ms).</summary>
internal sealed record HoldTimeSegmentDto(long StartTime, long EndTime);

/// <summary>
/// One ListMultiChannelRecordings item: like <see cref="MonoRecordingItemDto"/> plus the agent's channel and the
/// agent's hold spans; <c>StartTime</c> is a number here, as the cloud's model says.
/// </summary>
internal sealed record MultiChannelRecordingItemDto(
    string ContactId,
    string AgentId,
    string AgentName,
    string AgentChannelId,
    string SkillGroupId,
    string RamId,
    string FileName,
    string FileUrl,
    string Duration,
    long StartTime,
    IReadOnlyList<HoldTimeSegmentDto> HoldTimeSegments);
