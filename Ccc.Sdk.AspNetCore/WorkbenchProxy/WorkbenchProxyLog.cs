using Microsoft.Extensions.Logging;

namespace Ccc.Sdk.AspNetCore.WorkbenchProxy;

/// <summary>The proxy's log messages: action, agent, status and RequestId only — never keys, tokens, headers or parameters.</summary>
internal static partial class WorkbenchProxyLog
{
    [LoggerMessage(1, LogLevel.Information, "Workbench proxy forwarded {Action} for agent {UserId}: HTTP {StatusCode}, RequestId {RequestId}.")]
    public static partial void Forwarded(ILogger logger, string action, string userId, int statusCode, string? requestId);

    [LoggerMessage(2, LogLevel.Warning, "Workbench proxy: {Action} for agent {UserId} failed with {Code}: HTTP {StatusCode}, RequestId {RequestId}.")]
    public static partial void Failed(ILogger logger, string action, string userId, string code, int statusCode, string? requestId);

    [LoggerMessage(3, LogLevel.Warning, "Workbench proxy refused {Action} for agent {UserId}: {Code} (HTTP {StatusCode}, RequestId {RequestId}).")]
    public static partial void Refused(ILogger logger, string? action, string? userId, string code, int statusCode, string requestId);
}
