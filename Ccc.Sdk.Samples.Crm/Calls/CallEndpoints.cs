using System.Security.Claims;
using Ccc.Sdk.Samples.Crm.Accounts;
using Ccc.Sdk.Samples.Crm.History;
using Ccc.Sdk.Samples.Crm.Softphone;

namespace Ccc.Sdk.Samples.Crm.Calls;

/// <summary>
/// The CRM's call features as HTTP endpoints, for scripts and tests. They call <see cref="CallDesk"/>, as the pages
/// do. Each needs a signed-in user (the application's fallback policy; 401 without the cookie) and acts for that
/// user's agent only: the agent comes from the sign-in cookie's claims, never from the request.
/// </summary>
public static class CallEndpoints
{
    /// <summary>Maps <c>POST /api/calls</c>, <c>POST /api/calls/{jobId}/hang-up</c>, <c>POST /api/double-calls</c>,
    /// <c>GET /recordings/{contactId}</c>, <c>GET /api/history</c> and <c>GET /api/screen-pops</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        // Click-to-call as the signed-in agent: 200 with the call's JobId and legs, or the error with the cloud's code and request id.
        app.MapPost("/api/calls", async (PlaceCallForm form, ClaimsPrincipal principal, CallDesk desk, CancellationToken ct) =>
            User(principal) is { } user ? ToResult(await desk.CallCustomerAsync(user, form.CustomerId, ct)) : NotAnAgent());

        // Another agent's call (or one that does not exist) is 404 Crm.CallNotFound, so job ids cannot be probed.
        app.MapPost("/api/calls/{jobId}/hang-up", async (string jobId, ClaimsPrincipal principal, CallDesk desk, CancellationToken ct) =>
            User(principal) is { } user ? ToResult(await desk.HangUpAsync(user, jobId, ct)) : NotAnAgent());

        // The agent's own phone is rung first; the body chooses only the customer and the broker.
        app.MapPost("/api/double-calls", async (DoubleCallForm form, ClaimsPrincipal principal, CallDesk desk, CancellationToken ct) =>
            User(principal) is { } user ? ToResult(await desk.StartDoubleCallAsync(user, form.CustomerId, form.Broker, ct)) : NotAnAgent());

        // The history links here rather than to the signed URL, so the page holds no bearer links and each click
        // gets a fresh one that expires in minutes. Another agent's call: 404 Crm.CallNotFound (supervisors get all).
        app.MapGet("/recordings/{contactId}", async (string contactId, ClaimsPrincipal principal, CallDesk desk, CancellationToken ct) =>
        {
            if (User(principal) is not { } user)
            {
                return NotAnAgent();
            }

            var (url, error) = await desk.GetRecordingLinkAsync(user, contactId, ct);
            return url is not null ? Results.Redirect(url.ToString()) : ToError(error!);
        });

        // An agent's own calls; a supervisor's view has everyone's.
        app.MapGet("/api/history", async (ClaimsPrincipal principal, CallHistoryStore history, CancellationToken ct) =>
        {
            if (User(principal) is not { } user)
            {
                return NotAnAgent();
            }

            string? agentId = user.IsSupervisor ? null : user.AgentId;
            return Results.Ok(new HistoryView(await history.ListCallsAsync(agentId, ct), await history.ListInProgressAsync(agentId, ct)));
        });

        return app;
    }

    /// <summary>Maps <c>GET /api/screen-pops</c>: the recent screen-pops of the signed-in agent's softphone (a
    /// supervisor's: everyone's), for the browser tests and the softphone latency run.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapScreenPops(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/screen-pops", (ClaimsPrincipal principal, ScreenPopLog pops) =>
            User(principal) is { } user
                ? Results.Ok(pops.All.Where(p => user.IsSupervisor || string.Equals(p.AgentId, user.AgentId, StringComparison.Ordinal)).ToList())
                : NotAnAgent());
        return app;
    }

    private static CrmUser? User(ClaimsPrincipal principal) => CrmUser.From(principal);

    // Signed in, but not as an agent of the call center (a sign-in the CRM does not know): not allowed.
    private static IResult NotAnAgent() =>
        Results.Problem("The signed-in user is not an agent of the call center.", statusCode: StatusCodes.Status403Forbidden);

    private static IResult ToResult(CallOutcome outcome) => outcome.Call is { } call ? Results.Ok(call) : ToError(outcome.Error!);

    private static IResult ToError(CrmError error)
    {
        // The sample's own checks are the caller's mistake (400 unless they name their status); a cloud 4xx keeps its
        // status; anything else is a bad gateway.
        int status = error.Code.StartsWith("Crm.", StringComparison.Ordinal) ? (error.HttpStatusCode is >= 400 and < 500 ? error.HttpStatusCode : StatusCodes.Status400BadRequest)
            : error.HttpStatusCode is >= 400 and < 500 ? error.HttpStatusCode
            : StatusCodes.Status502BadGateway;
        return Results.Json(error, statusCode: status);
    }
}

/// <summary>The body of <c>POST /api/calls</c>. The agent is the signed-in user's, never the body's.</summary>
/// <param name="CustomerId">The CRM customer to call.</param>
public sealed record PlaceCallForm(string? CustomerId);

/// <summary>The body of <c>POST /api/double-calls</c>. The agent's phone is the signed-in agent's own mobile, never the body's.</summary>
/// <param name="CustomerId">The CRM customer, dialled once the agent answers.</param>
/// <param name="Broker">The instance number both sides see (one of its outbound-capable numbers).</param>
public sealed record DoubleCallForm(string? CustomerId, string? Broker);
