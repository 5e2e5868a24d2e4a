using Ccc.Sdk.AspNetCore.OAuth;
using Ccc.Sdk.Auth;
using Ccc.Sdk.Samples.Crm.Calls;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ccc.Sdk.Samples.Crm.Accounts;

/// <summary>
/// The sample's sign-in endpoints besides "Sign in with Alibaba Cloud" (<c>MapCccOAuthSignIn("/ccc/oauth")</c>): the
/// emulator-only agent picker and the sign-out. A CRM user is one of the call center's agents (claim
/// <see cref="UserIdClaim"/>), so the softphone proxy can pin that agent's <c>UserId</c> and the call endpoints act for
/// that agent only, with the agent's own CCC credential (<see cref="AgentClients"/>).
/// </summary>
public static partial class AgentAccount
{
    /// <summary>The claim the proxy's default resolver reads (<c>CccWorkbenchProxyOptions.UserIdClaimType</c>).</summary>
    public const string UserIdClaim = "ccc_user_id";

    /// <summary>Where a sign-in goes when the page asked for no (usable) return URL.</summary>
    public const string DefaultReturnPath = "/customers";

    /// <summary>Where "Sign in with Alibaba Cloud" is mapped (<c>MapCccOAuthSignIn</c>): <c>/ccc/oauth/login</c>, <c>/callback</c>, <c>/logout</c>.</summary>
    public const string OAuthPrefix = "/ccc/oauth";

    /// <summary>
    /// Maps <c>POST /account/sign-in</c> (form: <c>userId</c>, <c>returnUrl</c>) — the agent picker, only when
    /// <paramref name="shortcut"/> is given (the embedded emulator; otherwise the route does not exist: 404) — and
    /// <c>POST /account/sign-out</c>, which revokes the user's CCC tokens at the issuer, then signs the CRM user out.
    /// Both check the form's anti-forgery token (400 without a valid one).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="shortcut">The emulator's sign-in shortcut, or <see langword="null"/> against the cloud.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapAgentAccount(this IEndpointRouteBuilder app, EmulatorSignInShortcut? shortcut)
    {
        // The token is checked here, not by binding [FromForm]: a missing or bad token is then a plain 400 problem in
        // every environment, never the developer page or a 500.
        if (shortcut is not null)
        {
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

                // The same OAuth2 sign-in as the button, the emulator's page skipped: the agent gets STS keys of its own.
                CccOAuthSignInResult signIn;
                try
                {
                    signIn = await shortcut.SignInAsync(agentId, ct);
                }
                catch (CccCredentialException)
                {
                    return Results.Problem("The emulator's sign-in failed: try again.", statusCode: StatusCodes.Status502BadGateway);
                }

                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CrmSignIn.Principal(agent, signIn.AccountId, CrmSignIn.ThroughEmulatorShortcut));
                return Results.LocalRedirect(SafeReturnPath(form["returnUrl"]));
            }).AllowAnonymous();
        }

        // Signing out is a state change too: a page of another site must not sign the agent out.
        app.MapPost("/account/sign-out", async (HttpContext http, IAntiforgery antiforgery, AgentClients clients, ILoggerFactory logs) =>
        {
            if (await ReadFormAsync(http, antiforgery, http.RequestAborted) is null)
            {
                return FormRefused();
            }

            // First the CCC sign-in (while the CRM user is still known): its tokens are revoked at the issuer, so the
            // agent's STS keys stop working at once; then the CRM's own cookie.
            var account = CrmUser.From(http.User)?.CccAccountId;
            try
            {
                await http.SignOutCccOAuthAsync(cancellationToken: http.RequestAborted);
            }
            catch (CccCredentialException)
            {
                // Forgotten locally anyway; the issuer may keep them until they expire.
                LogRevokeFailed(logs.CreateLogger(typeof(AgentAccount)));
            }

            clients.Forget(account);
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

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Signing out: the issuer did not revoke the CCC tokens (they are forgotten locally and expire by themselves).")]
    private static partial void LogRevokeFailed(ILogger logger);
}
