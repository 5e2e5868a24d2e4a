using Microsoft.Extensions.Logging;

namespace Ccc.Sdk;

/// <summary>The client's log messages. None takes a parameter value, a header, a key, a token or a signature.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "CCC {Action} attempt {Attempt} sending to {Host}")]
    public static partial void RequestStarting(ILogger logger, string action, int attempt, string host);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "CCC {Action} completed: HTTP {HttpStatusCode} {Code} RequestId {RequestId} in {DurationMs:F1} ms")]
    public static partial void RequestCompleted(ILogger logger, string action, int httpStatusCode, string code, string? requestId, double durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "CCC {Action} attempt {Attempt} failed ({Reason}); retrying in {DelayMs:F0} ms")]
    public static partial void RetryScheduled(ILogger logger, string action, int attempt, string reason, double delayMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "CCC {Action} failed: HTTP {HttpStatusCode} {Code} RequestId {RequestId} after {Attempts} attempt(s)")]
    public static partial void RequestFailed(ILogger logger, string action, int httpStatusCode, string code, string? requestId, int attempts);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "CCC clock skew corrected: local clock is {SkewSeconds:F0} s away from the service's Date header")]
    public static partial void ClockSkewCorrected(ILogger logger, double skewSeconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "CCC {Action}: the request may have reached the service but its response was lost ({ExceptionType}); not retried")]
    public static partial void OutcomeUnknown(ILogger logger, string action, string exceptionType);
}
