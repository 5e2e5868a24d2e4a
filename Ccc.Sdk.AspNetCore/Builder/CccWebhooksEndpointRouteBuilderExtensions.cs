using Ccc.Sdk.AspNetCore.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the call-center webhook receiver registered with <c>services.AddCccWebhooks(…)</c>.</summary>
public static class CccWebhooksEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>: reads the body up to <see cref="CccWebhookOptions.MaxBodyBytes"/>
    /// (413), authenticates it with the receiver's <c>ICccWebhookAuthenticator</c> — by default the Standard Webhooks
    /// signature and timestamp against <see cref="CccWebhookOptions.Secrets"/>; see <see cref="CccWebhookOptions.UseSharedToken"/>
    /// and <see cref="CccWebhookOptions.UseAuthenticator"/> — (401; 503 when the authenticator throws), parses the event
    /// (400), stores it in the inbox deduplicated by the delivery's id (<c>webhook-id</c>, else a digest of the body) —
    /// for <c>CDRReady</c> by <see cref="InboxEvent.CdrKey"/> — and answers 204 once it is committed, duplicates included
    /// (503 when the store fails, so the sender retries). Refusals are <c>{"code": "…", "message": "…"}</c>; the reason
    /// is logged, never a secret, token or signature.
    /// </summary>
    /// <param name="endpoints">The route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route, e.g. <c>/ccc/events</c> (the subscription's webhook URL).</param>
    /// <param name="name">The receiver's name given to <c>AddCccWebhooks</c>; the default receiver when omitted.</param>
    /// <returns>The endpoint's convention builder, marked <c>AllowAnonymous</c> (the authenticator checks the sender, so
    /// an app-wide fallback authorization policy does not apply).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>services.AddCccWebhooks(…)</c> was not called for <paramref name="name"/>.</exception>
    public static IEndpointConventionBuilder MapCccWebhooks(this IEndpointRouteBuilder endpoints, string pattern, string name = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);

        var services = endpoints.ServiceProvider;
        bool registered = services.GetService<IServiceProviderIsKeyedService>() is { } keyed
            ? keyed.IsKeyedService(typeof(CccWebhookReceiver), name)
            : services.GetKeyedService<CccWebhookReceiver>(name) is not null;
        if (!registered)
        {
            throw new InvalidOperationException(name == Options.DefaultName
                ? "MapCccWebhooks needs services.AddCccWebhooks(…) first (it registers and validates the receiver's options)."
                : $"MapCccWebhooks needs services.AddCccWebhooks(\"{name}\", …) first (it registers and validates the receiver's options).");
        }

        // The receiver (and so its options) is read at the first delivery: invalid options fail the host's start
        // (ValidateOnStart), not the mapping.
        var endpoint = new Lazy<WebhookEndpoint>(() => new WebhookEndpoint(services.GetRequiredKeyedService<CccWebhookReceiver>(name)));
        RequestDelegate handler = context => endpoint.Value.HandleAsync(context);
        // The authenticator is the authentication: an app-wide fallback policy (RequireAuthenticatedUser) must not answer 401.
        return endpoints.MapPost(pattern, handler).DisableAntiforgery().AllowAnonymous();
    }
}
