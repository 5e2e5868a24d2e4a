namespace Ccc.Sdk.Samples.Crm.Calls;

/// <summary>
/// The CRM's call features as HTTP endpoints, for scripts and tests. They call <see cref="CallDesk"/>, as the pages
/// do. A real CRM puts these behind its own sign-in; the sample has none.
/// </summary>
public static class CallEndpoints
{
    /// <summary>Maps <c>POST /api/calls</c>, <c>POST /api/calls/{jobId}/hang-up</c>, <c>POST /api/double-calls</c> and
    /// <c>GET /recordings/{contactId}</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        // Click-to-call: 200 with the call's JobId and legs, or the error with the cloud's code and request id.
        app.MapPost("/api/calls", async (PlaceCallForm form, CallDesk desk, CancellationToken ct) =>
            ToResult(await desk.CallCustomerAsync(form.AgentId, form.CustomerId, ct)));

        app.MapPost("/api/calls/{jobId}/hang-up", async (string jobId, HangUpForm? form, CallDesk desk, CancellationToken ct) =>
            ToResult(await desk.HangUpAsync(jobId, form?.AgentId, ct)));

        app.MapPost("/api/double-calls", async (DoubleCallForm form, CallDesk desk, CancellationToken ct) =>
            ToResult(await desk.StartDoubleCallAsync(form.AgentPhone, form.CustomerId, form.Broker, ct)));

        // The history links here rather than to the signed URL, so the page holds no bearer links and each click
        // gets a fresh one that expires in minutes.
        app.MapGet("/recordings/{contactId}", async (string contactId, CallDesk desk, CancellationToken ct) =>
        {
            var (url, error) = await desk.GetRecordingLinkAsync(contactId, ct);
            return url is not null ? Results.Redirect(url.ToString()) : ToError(error!);
        });

        return app;
    }

    private static IResult ToResult(CallOutcome outcome) => outcome.Call is { } call ? Results.Ok(call) : ToError(outcome.Error!);

    private static IResult ToError(CrmError error)
    {
        // The sample's own checks are the caller's mistake; a cloud 4xx keeps its status; anything else is a bad gateway.
        int status = error.Code.StartsWith("Crm.", StringComparison.Ordinal) ? StatusCodes.Status400BadRequest
            : error.HttpStatusCode is >= 400 and < 500 ? error.HttpStatusCode
            : StatusCodes.Status502BadGateway;
        return Results.Json(error, statusCode: status);
    }
}

/// <summary>The body of <c>POST /api/calls</c>.</summary>
/// <param name="AgentId">The agent placing the call, <c>loginName@instanceId</c>.</param>
/// <param name="CustomerId">The CRM customer to call.</param>
public sealed record PlaceCallForm(string? AgentId, string? CustomerId);

/// <summary>The optional body of <c>POST /api/calls/{jobId}/hang-up</c>.</summary>
/// <param name="AgentId">The agent whose leg to release; absent for a double call (the whole call is released).</param>
public sealed record HangUpForm(string? AgentId);

/// <summary>The body of <c>POST /api/double-calls</c>.</summary>
/// <param name="AgentPhone">The agent's phone, dialled first.</param>
/// <param name="CustomerId">The CRM customer, dialled once the agent answers.</param>
/// <param name="Broker">The instance number both sides see.</param>
public sealed record DoubleCallForm(string? AgentPhone, string? CustomerId, string? Broker);
