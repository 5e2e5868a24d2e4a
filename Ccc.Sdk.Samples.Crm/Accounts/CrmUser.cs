using System.Security.Claims;

namespace Ccc.Sdk.Samples.Crm.Accounts;

/// <summary>
/// The signed-in CRM user as the call features see it: the agent it acts as and whether it is a supervisor. Built from
/// the sign-in cookie's claims only — never from a request body — so every action is the signed-in agent's own.
/// </summary>
/// <param name="AgentId">The call center agent, <c>loginName@instanceId</c> (claim <see cref="AgentAccount.UserIdClaim"/>).</param>
/// <param name="IsSupervisor">Whether the user has role <see cref="CrmRoles.Supervisor"/>: sees every call's history and recording.</param>
/// <param name="CccAccountId">The user's CCC OAuth2 account (claim <c>ccc_oauth_account</c>): the key of the agent's own
/// credential (<see cref="AgentClients"/>), or <see langword="null"/> for a sign-in without one.</param>
public sealed record CrmUser(string AgentId, bool IsSupervisor, string? CccAccountId = null)
{
    /// <summary>The user of a signed-in principal.</summary>
    /// <param name="principal">The request's or circuit's user.</param>
    /// <returns>The user, or <see langword="null"/> when the principal is not signed in as an agent.</returns>
    public static CrmUser? From(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true && principal.FindFirst(AgentAccount.UserIdClaim)?.Value is { Length: > 0 } agentId
            ? new CrmUser(agentId, principal.IsInRole(CrmRoles.Supervisor), principal.FindFirst(CccOAuthHttpContextExtensions.AccountIdClaimType)?.Value)
            : null;
}

/// <summary>The CRM's roles (claim <see cref="ClaimTypes.Role"/>), taken at sign-in from the agent's role on the instance.</summary>
public static class CrmRoles
{
    /// <summary>An agent: acts for itself and sees only its own calls.</summary>
    public const string Agent = "agent";

    /// <summary>A supervisor: also sees every agent's call history and recordings.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>The instance role (<c>RoleName</c> of <c>GetUser</c>/<c>ListUsers</c>) whose users are supervisors.</summary>
    public const string SupervisorRoleName = "Admin";

    /// <summary>The CRM role of a call center user.</summary>
    /// <param name="user">The user, as <c>ListUsers</c> returned it.</param>
    /// <returns><see cref="Supervisor"/> for an <c>Admin</c>, else <see cref="Agent"/>.</returns>
    public static string Of(CccUser user) =>
        string.Equals(user.RoleName, SupervisorRoleName, StringComparison.OrdinalIgnoreCase) ? Supervisor : Agent;
}
