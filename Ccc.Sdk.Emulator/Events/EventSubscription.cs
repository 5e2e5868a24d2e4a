namespace Ccc.Sdk.Emulator.Events;

/// <summary>
/// What UpdateSubscription stored for an instance (docs/reference/events.md). Immutable: an update replaces it whole.
/// <see cref="Password"/> is kept but never echoed (UpdateSubscription's answer, the control API's read-back) or logged.
/// </summary>
internal sealed record EventSubscription
{
    public const string WebhookProducerId = "PID_Webhook";
    public const string WebhookTopic = "Topic_Webhook";

    public required string InstanceId { get; init; }

    public required string AccessPoint { get; init; }

    /// <summary>The parameter as given (JSON text).</summary>
    public required string EventSubscriptionsJson { get; init; }

    /// <summary>The entries in the order given (for delivery, the last entry of a name wins); Topic as given or the default topic.</summary>
    public required IReadOnlyList<(string Name, bool Disabled, string Topic)> EventSubscriptions { get; init; }

    public required IReadOnlySet<string> EnabledTypes { get; init; }

    public string ProducerId { get; init; } = "";

    public string DefaultTopic { get; init; } = "";

    public string MqType { get; init; } = "";

    public string MqInstanceId { get; init; } = "";

    public string Username { get; init; } = "";

    public string Password { get; init; } = "";

    /// <summary>The Alibaba Cloud account id given (the description types it <c>long</c>); null when not given.</summary>
    public long? AliyunUid { get; init; }

    /// <summary>The emulator's address as the subscriber reached it (host:port), for RecordingReady's downloadURL.</summary>
    public string PublicHost { get; init; } = "";

    /// <summary>A webhook (HTTP POST to <see cref="AccessPoint"/>, a validated http(s) URL) rather than a message queue
    /// (RocketMQ), which the emulator stores but does not speak. Decided by UpdateSubscription.</summary>
    public required bool IsWebhook { get; init; }

    public override string ToString() => $"EventSubscription {{ InstanceId = {InstanceId}, AccessPoint = {AccessPoint}, Types = {EnabledTypes.Count} }}";
}

/// <summary>A signing secret; an old one keeps signing until <see cref="ExpiresAt"/> (rotation overlap) or removal.</summary>
internal sealed record WebhookSecret(string Secret, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"WebhookSecret {{ ExpiresAt = {ExpiresAt} }}";
}

/// <summary>Test mode: deliberately duplicated, reordered and lost deliveries (probabilities 0..1, seeded).</summary>
internal sealed record ChaosSettings(double Duplicate, double Reorder, double Drop, int Seed)
{
    public static readonly ChaosSettings None = new(0, 0, 0, 0);
}

/// <summary>Push settings taken from <see cref="CccEmulatorOptions"/>.</summary>
internal sealed class EventPushSettings
{
    /// <summary>Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h: the waits before attempts 2..7; then the event is dropped.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10),
    ];

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    public string? Secret { get; init; }

    public TimeSpan CdrRepushDelay { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan SecretOverlap { get; init; } = TimeSpan.FromHours(24);

    public int QueueCapacity { get; init; } = 10_000;

    public ChaosSettings Chaos { get; init; } = ChaosSettings.None;

    /// <summary>
    /// The clock of <c>webhook-timestamp</c> (transport time, checked by receivers against their own clock); null: the
    /// deliverer's clock. It differs only when the emulator's clock was started elsewhere (<c>Emulator:ClockStart</c>).
    /// </summary>
    public TimeProvider? StampClock { get; init; }
}
