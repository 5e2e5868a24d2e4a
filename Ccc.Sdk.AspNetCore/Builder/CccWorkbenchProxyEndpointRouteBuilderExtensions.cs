using Ccc.Sdk.AspNetCore.WorkbenchProxy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the back-end proxy the Alibaba Cloud Workbench (softphone) SDK calls through its <c>ajaxPath</c>.</summary>
public static class CccWorkbenchProxyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/>?action=&lt;Api&gt;</c>: for an authenticated CRM user from an allowed origin
    /// with a valid anti-forgery token, within the per-user rate limit, it resolves the user's CCC agent
    /// (<see cref="ICccAgentResolver"/>), pins <c>UserId</c> and <c>InstanceId</c>, forwards an allowed action's parameters
    /// (form field <c>request</c>, a JSON object) through the registered <see cref="Ccc.Sdk.CccClient"/> and returns the
    /// OpenAPI JSON unchanged with the cloud's HTTP status. Refusals are the cloud's error envelope
    /// <c>{RequestId, Code, HttpStatusCode, Message}</c>: 400 malformed, 401 not signed in, 403 forbidden, 413 too large, 429 throttled.
    /// </summary>
    /// <param name="endpoints">The route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route, e.g. <c>/ccc/workbench-api</c> (the SDK's <c>ajaxPath</c>).</param>
    /// <returns>The endpoint's convention builder (it already requires authorization).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>services.AddCccWorkbenchProxy(…)</c> was not called, or anti-forgery
    /// validation is on but <c>services.AddAntiforgery()</c> was not called.</exception>
    /// <exception cref="OptionsValidationException">The options registered by <c>AddCccWorkbenchProxy</c> are invalid (e.g. no allowed origin outside Development).</exception>
    public static IEndpointConventionBuilder MapCccWorkbenchProxy(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);

        var services = endpoints.ServiceProvider;
        if (services.GetService<CccWorkbenchProxyRegistration>() is null)
        {
            throw new InvalidOperationException("MapCccWorkbenchProxy needs services.AddCccWorkbenchProxy(…) first (it registers and validates the proxy's options, e.g. AllowedOrigins).");
        }

        var options = services.GetRequiredService<IOptions<CccWorkbenchProxyOptions>>().Value;
        // In Development an empty AllowedOrigins means the application's own addresses (decision 0021).
        bool originsFromServer = options.AllowedOrigins.Count == 0 && services.GetService<IHostEnvironment>()?.IsDevelopment() == true;
        if (options.ValidateAntiforgeryToken && services.GetService<IAntiforgery>() is null)
        {
            throw new InvalidOperationException("The workbench proxy validates anti-forgery tokens: call services.AddAntiforgery(), or turn CccWorkbenchProxyOptions.ValidateAntiforgeryToken off.");
        }

        var endpoint = new WorkbenchProxyEndpoint(options, services, originsFromServer ? new WorkbenchProxyOrigins(services.GetService<IServer>()) : null);
        // The softphone (SoftphoneHost) points the SDK's ajaxPath here unless told otherwise.
        if (!pattern.Contains('{', StringComparison.Ordinal) && pattern.StartsWith('/'))
        {
            services.GetService<Ccc.Sdk.CccWorkbenchProxyRoute>()?.Record(pattern);
        }
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(endpoint.Dispose);

        var builder = endpoints.MapPost(pattern, endpoint.HandleAsync);
        if (options.AuthorizationPolicy is { } policy)
        {
            builder.RequireAuthorization(policy);
        }
        else
        {
            builder.RequireAuthorization();
        }

        return builder;
    }
}
