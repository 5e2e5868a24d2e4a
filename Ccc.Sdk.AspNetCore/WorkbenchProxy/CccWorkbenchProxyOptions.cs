using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ccc.Sdk.AspNetCore.WorkbenchProxy;

/// <summary>Options of the softphone (Workbench SDK) back-end proxy mapped by <c>MapCccWorkbenchProxy</c>.</summary>
public sealed class CccWorkbenchProxyOptions
{
    /// <summary>
    /// The actions the 2.x Workbench SDK calls through its <c>ajaxPath</c> for an agent's own softphone (the 2.x
    /// documentation's list; 3.x assumed the same). The 2.x documentation's <c>AddAgentDevice</c> is not one of the
    /// cloud's 2020-07-01 actions and is not listed; its <c>Coach</c> is the API's <c>CoachCall</c> (in
    /// <see cref="SupervisorActions"/>). <c>SignInGroup</c> is not in the documentation's list (the script signs in
    /// over its own agent channel); a CRM page that calls it itself adds it to <see cref="AllowedActions"/>.
    /// </summary>
    public static IReadOnlyCollection<string> SoftphoneActions { get; } =
    [
        "GetLoginDetails", "ListSkillLevelsOfUser", "ListOutboundNumbersOfUser", "ListConfigItems", "GetTurnServerList",
        "ListPrivilegesOfUser", "GetTurnCredentials", "ListDevices", "PickOutboundNumbers",
        "GetNumberLocation", "ListRealtimeAgentStates", "ListAgentStates", "ResetAgentState", "ListRecentCallDetailRecords",
        "ListSkillGroups", "ListBriefSkillGroups", "ListHistoricalAgentReport", "SaveTerminalLog",
        "SignOutGroup", "TakeBreak", "ReadyForService", "MakeCall", "AnswerCall",
        "ReleaseCall", "HoldCall", "RetrieveCall", "BlindTransfer", "InitiateAttendedTransfer", "CompleteAttendedTransfer",
        "CancelAttendedTransfer", "SendDtmfSignaling", "MuteCall", "UnmuteCall", "LaunchSurvey",
    ];

    /// <summary>The actions that act on another agent's call; allowed only with <see cref="EnableSupervisorActions"/> and for supervisors.</summary>
    public static IReadOnlyCollection<string> SupervisorActions { get; } = ["MonitorCall", "BargeInCall", "InterceptCall", "CoachCall"];

    /// <summary>The name of the <see cref="CccClient"/> registered with <c>services.AddCcc(name, …)</c> that forwards the calls.</summary>
    /// <value>The empty string: the default client of <c>services.AddCcc(…)</c>.</value>
    public string ClientName { get; set; } = string.Empty;

    /// <summary>The CCC instance every request is pinned to; when <see langword="null"/>, the client's <see cref="CccClientOptions.InstanceId"/>.</summary>
    /// <value><see langword="null"/>.</value>
    public string? InstanceId { get; set; }

    /// <summary>The actions an agent may call (ordinal, case-sensitive: the cloud's action names). Anything else is refused with 403.</summary>
    /// <value>A copy of <see cref="SoftphoneActions"/>; add or remove names to change it.</value>
    public ISet<string> AllowedActions { get; } = new HashSet<string>(SoftphoneActions, StringComparer.Ordinal);

    /// <summary>Whether supervisors may also call <see cref="SupervisorActions"/> (listen, barge in, intercept, coach).</summary>
    /// <value><see langword="false"/>.</value>
    public bool EnableSupervisorActions { get; set; }

    /// <summary>
    /// The role (<see cref="System.Security.Claims.ClaimsPrincipal.IsInRole"/>) of CRM users treated as supervisors: they may
    /// list other agents (<c>AgentIdList</c>, <c>AgentIds</c>, <c>AgentId</c>) and, with <see cref="EnableSupervisorActions"/>,
    /// call the supervisor actions. Their own <c>UserId</c> is still pinned.
    /// </summary>
    /// <value><see langword="null"/>: nobody is a supervisor.</value>
    public string? SupervisorRole { get; set; }

    /// <summary>The claim read by the default <see cref="ClaimCccAgentResolver"/> (used when no <see cref="ICccAgentResolver"/> is registered).</summary>
    /// <value><c>ccc_user_id</c>.</value>
    public string UserIdClaimType { get; set; } = ClaimCccAgentResolver.DefaultClaimType;

    /// <summary>The origins (<c>scheme://host[:port]</c>, compared case-insensitively) whose pages may call the proxy;
    /// a request whose <c>Origin</c> header is missing or not listed gets 403 (and a warning in the log naming the origin).
    /// Outside Development at least one is required. In Development an empty list means the application's own origins:
    /// the addresses its server listens on, a loopback one in every spelling (<c>localhost</c>, <c>127.0.0.1</c>,
    /// <c>[::1]</c>).</summary>
    /// <value>Empty.</value>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>The authorization policy the endpoint requires; <see langword="null"/> for the default policy (an authenticated user).</summary>
    /// <value><see langword="null"/>.</value>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>Whether the anti-forgery token (<c>IAntiforgery.ValidateRequestAsync</c>) is checked; a missing or invalid one gets 403.</summary>
    /// <value><see langword="true"/>. Requires <c>services.AddAntiforgery()</c>.</value>
    public bool ValidateAntiforgeryToken { get; set; } = true;

    /// <summary>How many requests one CRM user may make per <see cref="RateLimitWindow"/>; more get 429. 0 disables the limit.</summary>
    /// <value>120.</value>
    public int RateLimitPermitLimit { get; set; } = 120;

    /// <summary>The fixed window of the per-user rate limit.</summary>
    /// <value>One minute.</value>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest request body accepted, in bytes; a larger one gets 413.</summary>
    /// <value>65,536 bytes.</value>
    public long MaxRequestBodySize { get; set; } = 64 * 1024;

    /// <summary>The query parameter naming the action (the Workbench SDK's <c>ajaxApiParamName</c>).</summary>
    /// <value><c>action</c>.</value>
    public string ActionParameterName { get; set; } = "action";

    /// <summary>
    /// Whether calls are forwarded with the CRM user's own CCC identity (OAuth2, signed in through <c>MapCccOAuthSignIn</c>):
    /// a <see cref="CccClient"/> per user on their <see cref="Ccc.Sdk.Auth.OAuthCredential"/> instead of the shared client's keys.
    /// A user without a CCC sign-in gets 401 <c>Unauthorized.CccSignIn</c>. Requires <c>services.AddCccOAuth(…)</c>; the
    /// endpoint, region and instance still come from the client named by <see cref="ClientName"/>. When no
    /// <see cref="ICccAgentResolver"/> or claim gives a <c>UserId</c>, the user's CCC login name is used.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool UseUserIdentity { get; set; }

    /// <summary>The account cookie read when <see cref="UseUserIdentity"/> is on (see <c>CccOAuthSignInOptions.AccountCookieName</c>).</summary>
    /// <value><c>.Ccc.OAuth.Account</c>.</value>
    public string OAuthAccountCookieName { get; set; } = Microsoft.AspNetCore.Http.CccOAuthHttpContextExtensions.DefaultAccountCookieName;

    /// <summary>
    /// The most per-account clients kept for <see cref="UseUserIdentity"/>; beyond it the least recently used is dropped
    /// (and disposed once no request uses it).
    /// </summary>
    /// <value>1,000.</value>
    public int UserClientCacheSize { get; set; } = 1000;

    /// <summary>How long a per-account client of <see cref="UseUserIdentity"/> is kept after its account's last request.</summary>
    /// <value>20 minutes.</value>
    public TimeSpan UserClientIdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Every rule these options break, each message naming its property.</summary>
    /// <param name="originsFromServer">Whether an empty <see cref="AllowedOrigins"/> means the application's own addresses (Development).</param>
    internal IEnumerable<string> Failures(bool originsFromServer)
    {
        if (ClientName is null)
        {
            yield return "CccWorkbenchProxyOptions.ClientName must not be null (the empty string is the default client).";
        }

        if (string.IsNullOrWhiteSpace(UserIdClaimType))
        {
            yield return "CccWorkbenchProxyOptions.UserIdClaimType must not be blank.";
        }

        if (string.IsNullOrWhiteSpace(ActionParameterName))
        {
            yield return "CccWorkbenchProxyOptions.ActionParameterName must not be blank.";
        }

        if ((AllowedOrigins.Count == 0 && !originsFromServer) || AllowedOrigins.Any(string.IsNullOrWhiteSpace))
        {
            yield return "CccWorkbenchProxyOptions.AllowedOrigins needs the origin(s) of the CRM pages hosting the softphone, e.g. https://crm.example.com (only in Development does an empty list mean the application's own addresses).";
        }

        if (RateLimitPermitLimit < 0 || (RateLimitPermitLimit > 0 && RateLimitWindow <= TimeSpan.Zero))
        {
            yield return "CccWorkbenchProxyOptions.RateLimitPermitLimit must be 0 (off) or positive with a positive RateLimitWindow.";
        }

        if (UserClientCacheSize <= 0)
        {
            yield return "CccWorkbenchProxyOptions.UserClientCacheSize must be positive.";
        }

        if (UserClientIdleTimeout <= TimeSpan.Zero)
        {
            yield return "CccWorkbenchProxyOptions.UserClientIdleTimeout must be positive.";
        }

        if (MaxRequestBodySize <= 0)
        {
            yield return "CccWorkbenchProxyOptions.MaxRequestBodySize must be positive.";
        }

        if (string.IsNullOrWhiteSpace(OAuthAccountCookieName))
        {
            yield return "CccWorkbenchProxyOptions.OAuthAccountCookieName must not be blank.";
        }
    }
}

/// <summary>Checks <see cref="CccWorkbenchProxyOptions"/> (every rule; each message names the property). In Development an
/// empty <see cref="CccWorkbenchProxyOptions.AllowedOrigins"/> is allowed (the application's own addresses, decision 0021).</summary>
internal sealed class CccWorkbenchProxyOptionsValidator(IServiceProvider services) : IValidateOptions<CccWorkbenchProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, CccWorkbenchProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool development = services.GetService<IHostEnvironment>()?.IsDevelopment() == true;
        var failures = options.Failures(originsFromServer: development).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
