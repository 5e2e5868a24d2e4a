using System.Security.Claims;
using Ccc.Sdk.Samples.Crm.Calls;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ccc.Sdk.Samples.Crm.Accounts;

/// <summary>
/// The sample's sign-in: a CRM user signs in as one of the call center's agents, so the softphone proxy can pin that
/// agent's <c>UserId</c> (claim <see cref="UserIdClaim"/>) and the call endpoints act for that agent only. There are no
/// passwords, so it exists only on the embedded emulator (Program.cs refuses to start against the cloud). A real CRM
/// signs its users in with its own identity provider and maps them to agents (an <c>ICccAgentResolver</c>).
/// </summary>
public static class AgentAccount
{
    /// <summary>The claim the proxy's default resolver reads (<c>CccWorkbenchProxyOptions.UserIdClaimType</c>).</summary>
    public const string UserIdClaim = "ccc_user_id";

    /// <summary>Where a sign-in goes when the page asked for no (usable) return URL.</summary>
    public const string DefaultReturnPath = "/customers";

    /// <summary>The one line the sample stops with when started against the cloud.</summary>
    public const string CloudModeRefusal =
        "The sample CRM's password-less agent sign-in is for the embedded emulator only: against the cloud (Crm:UseEmbeddedEmulator=false) configure a real sign-in first.";

    /// <summary>Maps <c>POST /account/sign-in</c> (form: <c>userId</c>, <c>returnUrl</c>) and <c>POST /account/sign-out</c>,
    /// both checking the form's anti-forgery token (400 without a valid one).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapAgentAccount(this IEndpointRouteBuilder app)
    {
        // The token is checked here, not by binding [FromForm]: a missing or bad token is then a plain 400 problem in
        // every environment, never the developer page or a 500.
        app.MapPost("/account/sign-in", async (HttpContext http, IAntiforgery antiforgery, CallDesk desk, CancellationToken ct) =>
        {
            if (!http.Request.HasFormContentType || await ReadFormAsync(http, antiforgery, ct) is not { } form)
            {
                return FormRefused();
            }

            string? userId = form["userId"];
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
                    new Claim(ClaimTypes.Role, CrmRoles.Of(agent)),
                ],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(SafeReturnPath(form["returnUrl"]));
        }).AllowAnonymous();

        // Signing out is a state change too: a page of another site must not sign the agent out.
        app.MapPost("/account/sign-out", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (await ReadFormAsync(http, antiforgery, http.RequestAborted) is null)
            {
                return FormRefused();
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/sign-in");
        }).AllowAnonymous();

        return app;
    }

    /// <summary>
    /// The path to go to after signing in: <paramref name="returnUrl"/> when it is a path of this site, percent-encoded
    /// (a raw <c>/é</c> cannot go into a <c>Location</c> header), else <see cref="DefaultReturnPath"/>.
    /// </summary>
    /// <param name="returnUrl">The return URL the sign-in page was given.</param>
    /// <returns>A local, ASCII-only path with its query and fragment.</returns>
    public static string SafeReturnPath(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.StartsWith("//", StringComparison.Ordinal) || returnUrl.StartsWith("/\\", StringComparison.Ordinal))
        {
            return DefaultReturnPath;
        }

        // Resolve against a placeholder origin: anything that leaves it (e.g. "/\t/evil.example") is not local.
        var origin = new Uri("http://crm.invalid/");
        if (!Uri.TryCreate(origin, returnUrl, out var target) || !string.Equals(target.Authority, origin.Authority, StringComparison.Ordinal))
        {
            return DefaultReturnPath;
        }

        string path = target.PathAndQuery + target.Fragment;
        return path.All(c => c is > ' ' and < '\u007f') && !path.StartsWith("//", StringComparison.Ordinal) ? path : DefaultReturnPath;
    }

    /// <summary>
    /// The posted form when its anti-forgery token is valid, else null: a form over the limits (too many fields, too
    /// long), a body that breaks its framing or its Content-Type is refused like a missing token — a 400, never a 500.
    /// </summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http, IAntiforgery antiforgery, CancellationToken ct)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(http) ? await http.Request.ReadFormAsync(ct) : null;
        }
        catch (Exception e) when (e is AntiforgeryValidationException or InvalidDataException or IOException or BadHttpRequestException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static IResult FormRefused() => Results.Problem(
        "The form's anti-forgery token is missing or invalid: reload the page and try again.",
        statusCode: StatusCodes.Status400BadRequest,
        title: "Bad request");
}
