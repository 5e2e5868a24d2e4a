using System.Security.Claims;

namespace Ccc.Sdk.AspNetCore.WorkbenchProxy;

/// <summary>
/// Maps a signed-in CRM user to the CCC agent (<c>UserId</c>, e.g. <c>agent1@ccc-test</c>) the workbench proxy acts as.
/// </summary>
/// <remarks>
/// The proxy pins the returned <c>UserId</c> into every request it forwards, so this is the one place that decides
/// which agent a CRM user may operate. Return <see langword="null"/> (or an empty string) for a user with no agent:
/// the proxy answers 403 <c>Forbidden.NoAgent</c>. An exception thrown here fails the request (HTTP 500) and is
/// never turned into an allow. Register an implementation (singleton or scoped: it is resolved from the request's
/// services) to replace <see cref="ClaimCccAgentResolver"/>.
/// </remarks>
public interface ICccAgentResolver
{
    /// <summary>Returns the CCC <c>UserId</c> of <paramref name="user"/>, or <see langword="null"/> when the user is no agent.</summary>
    /// <param name="user">The authenticated CRM user of the request.</param>
    /// <param name="cancellationToken">Cancelled when the HTTP request is aborted.</param>
    /// <returns>The agent's <c>UserId</c>, or <see langword="null"/>.</returns>
    ValueTask<string?> ResolveUserIdAsync(ClaimsPrincipal user, CancellationToken cancellationToken);
}

/// <summary>The default <see cref="ICccAgentResolver"/>: reads the agent's <c>UserId</c> from a claim of the signed-in user.</summary>
public sealed class ClaimCccAgentResolver : ICccAgentResolver
{
    /// <summary>The claim type read when none is given: <c>ccc_user_id</c>.</summary>
    public const string DefaultClaimType = "ccc_user_id";

    /// <summary>Creates a resolver reading <paramref name="claimType"/>.</summary>
    /// <param name="claimType">The claim holding the CCC <c>UserId</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="claimType"/> is null or blank.</exception>
    public ClaimCccAgentResolver(string claimType = DefaultClaimType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimType);
        ClaimType = claimType;
    }

    /// <summary>The claim holding the CCC <c>UserId</c>.</summary>
    public string ClaimType { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is <see langword="null"/>.</exception>
    public ValueTask<string?> ResolveUserIdAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        string? value = user.FindFirst(ClaimType)?.Value;
        return ValueTask.FromResult(string.IsNullOrWhiteSpace(value) ? null : value.Trim());
    }
}
