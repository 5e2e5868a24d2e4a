namespace Ccc.Sdk.Softphone;

/// <summary>An error the Workbench SDK reports (<c>onErrorNotify</c>).</summary>
public sealed record SoftphoneError
{
    /// <summary>The SDK's error code, as text (numeric codes such as <c>6002</c> become <c>"6002"</c>); see <see cref="SoftphoneErrorCodes"/>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The error message.</summary>
    public string? ErrorMsg { get; init; }

    /// <summary>The message meant for the agent (Chinese text).</summary>
    public string? ErrorMsgTip { get; init; }

    /// <summary>The request id of the failed API call, when there was one.</summary>
    public string? RequestId { get; init; }
}

/// <summary>The error codes the Workbench SDK documents for <c>onErrorNotify</c>.</summary>
public static class SoftphoneErrorCodes
{
    /// <summary>The API is not allowed in the current state.</summary>
    public const string ApiNotAllowedInCurrentState = "9001";
    /// <summary>The agent is not registered.</summary>
    public const string AgentNotRegistered = "6001";
    /// <summary>The agent is not checked in.</summary>
    public const string AgentNotLogin = "6002";
    /// <summary>The skill group does not exist.</summary>
    public const string SkillIdNotExist = "6003";
    /// <summary>The agent does not exist.</summary>
    public const string AgentIdNotExist = "6004";
    /// <summary>The current state cannot be changed.</summary>
    public const string CurrentStatesNotAllowedChanged = "6005";
    /// <summary>The agent is busy.</summary>
    public const string CurrentStateIsBusy = "6006";
    /// <summary>A call already exists.</summary>
    public const string CallExisted = "6007";
    /// <summary>There is no call.</summary>
    public const string CallNotExisted = "6008";
    /// <summary>The agent is offline.</summary>
    public const string AgentOffline = "6009";
    /// <summary>The browser refused the microphone.</summary>
    public const string GetUserMediaFailed = "8001";
    /// <summary>The audio device check failed.</summary>
    public const string CheckAudioDeviceFailed = "8002";
    /// <summary>A call already exists (media layer).</summary>
    public const string CallAlreadyExists = "8003";
    /// <summary>The request was intercepted because of the agent's status.</summary>
    public const string InterceptedByStatus = "8004";
    /// <summary>A request of the agent is still being handled.</summary>
    public const string RequestIsHandling = "8005";
    /// <summary>Another page is using the softphone in a call.</summary>
    public const string OtherUsingInCall = "8020";
    /// <summary>The softphone was closed by another page.</summary>
    public const string OnKillSelf = "8021";
    /// <summary>The softphone reloads.</summary>
    public const string OnReload = "8022";
    /// <summary>The configuration could not be loaded.</summary>
    public const string GetConfigError = "8023";
    /// <summary>No caller number.</summary>
    public const string CallerIsNull = "CallerIsNull";
    /// <summary>No caller number is left for redialing.</summary>
    public const string NoAvailableCallersWithRedialing = "NoAvailableCallersWithRedialing";
    /// <summary>No callee.</summary>
    public const string NoAvailableCallee = "NoAvailableCallee";
    /// <summary>Every available caller number has been used.</summary>
    public const string AllAvailableCallersHaveBeenCalled = "AllAvailableCallersHaveBeenCalled";
    /// <summary>No access point.</summary>
    public const string AccessPointNull = "accessPointNull";
    /// <summary>The TURN server test failed.</summary>
    public const string TestTurnError = "testTurnError";
    /// <summary>The page is not served over HTTPS.</summary>
    public const string ProtocolError = "protocolError";
    /// <summary>The browser is not Chrome.</summary>
    public const string BrowserError = "browserError";
    /// <summary>Not from the SDK: the bridge refused to start because the script is the Workbench SDK 1.x (CCC 1.0,
    /// API 2017-07-05), which Ccc.Sdk.Softphone does not support; raised as a <see cref="SoftphoneStartException"/>.</summary>
    public const string UnsupportedGeneration = "UnsupportedGeneration";
    /// <summary>Not from the SDK: the bridge refused to start because <see cref="SoftphoneOptions.Generation"/> contradicts
    /// the generation <see cref="SoftphoneOptions.ScriptUrl"/>'s address names (e.g. 3.x configured, a 2.x
    /// <c>workbenchSdk.min.js</c> address); raised as a <see cref="SoftphoneStartException"/> before the script is loaded.</summary>
    public const string GenerationMismatch = "GenerationMismatch";
}

/// <summary>The softphone refused to start (<see cref="Softphone.StartAsync"/>); <see cref="Error"/> says why, with a code
/// such as <see cref="SoftphoneErrorCodes.UnsupportedGeneration"/> or <see cref="SoftphoneErrorCodes.GenerationMismatch"/>.</summary>
public sealed class SoftphoneStartException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    /// <param name="error">Why the softphone refused to start.</param>
    /// <param name="innerException">The JavaScript error that carried the refusal.</param>
    public SoftphoneStartException(SoftphoneError error, Exception? innerException = null)
        : base(error?.ErrorMsg ?? "The softphone refused to start.", innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Why the softphone refused to start.</summary>
    public SoftphoneError Error { get; }

    // The codes softphone.js refuses a start with.
    private static readonly string[] RefusalCodes = [SoftphoneErrorCodes.UnsupportedGeneration, SoftphoneErrorCodes.GenerationMismatch];

    // Reads a refusal from the message of the JavaScript error softphone.js throws: "Ccc.Sdk.Softphone [Code]: text".
    internal static SoftphoneError? ReadRefusal(string? message)
    {
        if (message is null)
        {
            return null;
        }
        foreach (var code in RefusalCodes)
        {
            var marker = "Ccc.Sdk.Softphone [" + code + "]: ";
            var start = message.IndexOf(marker, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }
            var text = message[(start + marker.Length)..];
            var end = text.IndexOfAny(['\r', '\n']);
            return new SoftphoneError
            {
                ErrorCode = code,
                ErrorMsg = end < 0 ? text : text[..end],
            };
        }
        return null;
    }
}
