using System.Security.Claims;
using Ccc.Sdk.Samples.Crm.Calls;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Ccc.Sdk.Samples.Crm.Softphone;

/// <summary>
/// The sample's sign-in: a CRM user signs in as one of the call center's agents, so the softphone proxy can pin that
/// agent's <c>UserId</c> (claim <see cref="UserIdClaim"/>). A real CRM signs its users in with its own identity
/// provider and maps them to agents in its user table (an <c>ICccAgentResolver</c>); this sample has no passwords.
/// </summary>
public static class AgentAccount
{
    /// <summary>The claim the proxy's default resolver reads (<c>CccWorkbenchProxyOptions.UserIdClaimType</c>).</summary>
    public const string UserIdClaim = "ccc_user_id";

    /// <summary>Maps <c>POST /account/sign-in</c> (form: <c>userId</c>, <c>returnUrl</c>) and <c>POST /account/sign-out</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapAgentAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/sign-in", async ([FromForm] string? userId, [FromForm] string? returnUrl, HttpContext http, CallDesk desk, CancellationToken ct) =>
        {
            var agents = await desk.ListAgentsAsync(ct);
            if (agents.FirstOrDefault(a => string.Equals(a.UserId, userId, StringComparison.Ordinal)) is not { UserId: { } agentId } agent)
            {
                return Results.Problem($"There is no agent '{userId}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, agentId),
                    new Claim(ClaimTypes.Name, agent.DisplayName is { Length: > 0 } name ? name : agentId),
                    new Claim(UserIdClaim, agentId),
                ],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/customers");
        });

        app.MapPost("/account/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/");
        });

        return app;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
