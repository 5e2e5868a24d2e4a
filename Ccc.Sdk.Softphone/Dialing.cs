namespace Ccc.Sdk.Softphone;

/// <summary>An outbound call about to be dialed (<c>onBeforeCallDialing</c>), given to <see cref="Softphone.BeforeDialing"/>.</summary>
/// <param name="Callee">The number the agent dials.</param>
/// <param name="UserId">The agent's user id.</param>
public sealed record BeforeDialingContext(string Callee, string? UserId);

/// <summary>Whether and what to dial, the answer of <see cref="Softphone.BeforeDialing"/>.</summary>
/// <param name="Allow">Whether the call is dialed; when <see langword="false"/> nothing is dialed.</param>
/// <param name="Callee">The number to dial instead (e.g. with a prefix); <see langword="null"/> keeps the agent's number.</param>
public sealed record DialDecision(bool Allow, string? Callee = null)
{
    /// <summary>Dial the number as the agent entered it.</summary>
    public static DialDecision Dial() => new(true);

    /// <summary>Dial <paramref name="callee"/> instead of the agent's number.</summary>
    /// <exception cref="ArgumentException"><paramref name="callee"/> is null or blank.</exception>
    public static DialDecision DialInstead(string callee)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callee);
        return new(true, callee);
    }

    /// <summary>Do not dial.</summary>
    public static DialDecision Refuse() => new(false);
}
