using System.Diagnostics;
using Ccc.Sdk.Signing;

namespace Ccc.Sdk.Pipeline;

/// <summary>
/// One OpenAPI call on its way through the <see cref="CccPipeline"/>: the request, what the steps learnt about the
/// current attempt (signed form, HTTP response or transport failure, classification) and the call-wide state
/// (attempt number, whether the clock skew was already corrected).
/// </summary>
internal sealed class CccMessage(ApiRequest request, bool isReadOnly, CancellationToken cancellationToken)
{
    /// <summary>The action and its parameters.</summary>
    public ApiRequest Request { get; } = request;

    /// <summary>The action name.</summary>
    public string Action => Request.Action;

    /// <summary>Whether the action changes nothing, so a lost response may be asked for again.</summary>
    public bool IsReadOnly { get; } = isReadOnly;

    /// <summary>The caller's token (cancels the whole call, including retry waits).</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The current attempt's token: the caller's, linked with the attempt's timeout.</summary>
    public CancellationToken AttemptCancellationToken { get; set; }

    /// <summary>The activity of the call, when tracing is on.</summary>
    public Activity? Activity { get; set; }

    /// <summary>The number of the current attempt, 1-based (0 before the first).</summary>
    public int Attempt { get; set; }

    /// <summary>Whether the call already re-sent once after correcting the clock skew.</summary>
    public bool ClockSkewCorrected { get; set; }

    /// <summary>The current attempt as signed (a fresh nonce and date each attempt).</summary>
    public SignedApiRequest? Signed { get; set; }

    /// <summary>The current attempt's HTTP response, or <see langword="null"/> when none arrived.</summary>
    public WireResponse? Response { get; set; }

    /// <summary>Why no response arrived (connection failure, drop, timeout).</summary>
    public Exception? TransportFailure { get; set; }

    /// <summary>Whether the current attempt ran out of <see cref="CccClientOptions.Timeout"/>.</summary>
    public bool TimedOut { get; set; }

    /// <summary>How long the current attempt spent on the wire, in milliseconds.</summary>
    public double ElapsedMilliseconds { get; set; }

    /// <summary>What the current attempt's outcome means (set by the classification step).</summary>
    public CccClassification Classification { get; set; }

    /// <summary>The exception the call ends with, once a step decided to give up.</summary>
    public CccException? FinalError { get; set; }

    /// <summary>Forgets the previous attempt's result before the next one.</summary>
    public void StartAttempt()
    {
        Attempt++;
        Signed = null;
        Response = null;
        TransportFailure = null;
        TimedOut = false;
        ElapsedMilliseconds = 0;
        Classification = default;
    }
}
