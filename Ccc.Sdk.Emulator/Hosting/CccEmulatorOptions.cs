namespace Ccc.Sdk.Emulator;

/// <summary>
/// Options of <see cref="CccEmulator"/>; <c>dotnet run --project Ccc.Sdk.Emulator</c> binds the same
/// options from the configuration section <c>Emulator</c> (appsettings.json, <c>Emulator__*</c> environment
/// variables, <c>--Emulator:Key=value</c> command-line arguments).
/// </summary>
public sealed class CccEmulatorOptions
{
    /// <summary>The configuration section <c>dotnet run</c> binds.</summary>
    public const string SectionName = "Emulator";

    /// <summary>Kestrel URLs to listen on, separated by ';'.</summary>
    /// <value>Default <c>http://127.0.0.1:0</c> (a free loopback port); <c>dotnet run</c> defaults to <c>http://127.0.0.1:8090</c>.</value>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>
    /// Kestrel HTTPS URLs (separated by ';') served with a self-signed certificate made at start
    /// (<see cref="CccEmulator.HttpsCertificate"/>): the OAuth2 server and the OpenAPI answer there.
    /// </summary>
    /// <value>Default <c>https://127.0.0.1:0</c> (a free loopback port); <c>dotnet run</c> defaults to <c>https://127.0.0.1:8443</c>.</value>
    public string HttpsUrls { get; set; } = "https://127.0.0.1:0";

    /// <summary>
    /// The certificate of the HTTPS listener (<see cref="HttpsUrls"/>), with its private key: set it to keep one
    /// certificate across runs (e.g. loaded from a PFX file the application made once with
    /// <see cref="CccEmulator.CreateHttpsCertificate"/>), so a developer can trust it once in the browser. It should name
    /// the host the browser and clients use (<c>127.0.0.1</c>, <c>localhost</c>). Not bindable from configuration.
    /// </summary>
    /// <value>Default <see langword="null"/>: a self-signed certificate made at every start, valid one day.</value>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? HttpsCertificate { get; set; }

    /// <summary>
    /// Host names (no port) the control API, the phone page and the phone gateway (<c>/_emulator/…</c>) answer to,
    /// besides the loopback names <c>127.0.0.1</c>, <c>[::1]</c> and <c>localhost</c>, which are always allowed.
    /// A request whose <c>Host</c> is not listed is refused (defeats DNS rebinding), and so is a browser request whose
    /// <c>Origin</c> names another host. The emulator's credentials are public: list a name only on a network you trust.
    /// </summary>
    /// <value>Default empty: loopback only. Bind from configuration as <c>Emulator:AllowedHosts:0</c>, <c>…:1</c>, …</value>
    public IList<string> AllowedHosts { get; set; } = [];

    /// <summary>OAuth2 clients accepted in addition to the dev client (<see cref="CccEmulator.DevOAuthClientId"/>).</summary>
    /// <value>Default empty.</value>
    public IList<CccEmulatorOAuthClient> OAuthClients { get; set; } = [];

    /// <summary>Lifetime of an OAuth2 access token (the STS credentials inside it), on <see cref="TimeProvider"/>.</summary>
    /// <value>Default 1 hour, as the cloud.</value>
    public TimeSpan OAuthAccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of an OAuth2 refresh token, on <see cref="TimeProvider"/>.</summary>
    /// <value>Default 30 days, as the cloud.</value>
    public TimeSpan OAuthRefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The clock used for timestamp checks, nonce expiry and every time the emulator reports.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>. Not bindable from configuration.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where the emulator's clock starts: when set, the emulator's time (calls, events, CDRs, agent states, reports, the
    /// health endpoint) begins at this instant when the emulator starts and runs at normal speed from there, on top of
    /// <see cref="TimeProvider"/>. Request signatures, nonces, OAuth2 tokens and the event push's
    /// <c>webhook-timestamp</c> keep <see cref="TimeProvider"/>'s time, because clients and receivers check those
    /// against their own clocks. Bind from configuration as <c>Emulator:ClockStart</c> (e.g. <c>2026-12-07T09:00+08:00</c>).
    /// </summary>
    /// <value>Default <see langword="null"/>: the emulator's time is <see cref="TimeProvider"/>'s.</value>
    public DateTimeOffset? ClockStart { get; set; }

    /// <summary>Optional JSON seed file replacing or extending the built-in <c>ccc-local</c> instance (see docs/emulator.md).</summary>
    /// <value>Default <see langword="null"/>: only the built-in seed.</value>
    public string? SeedFile { get; set; }

    /// <summary>Credentials accepted in addition to the well-known dev key (<see cref="CccEmulator.DevAccessKeyId"/>).</summary>
    /// <value>Default empty.</value>
    public IList<CccEmulatorCredential> Credentials { get; set; } = [];

    /// <summary>Largest request body accepted, in bytes; larger bodies get HTTP 413 <c>InvalidParameter.BodyTooLarge</c>.</summary>
    /// <value>Default 1 MiB (1 048 576 bytes).</value>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a request's <c>x-acs-date</c>/<c>Timestamp</c> may be from the emulator's clock.</summary>
    /// <value>Default 15 minutes, as the cloud.</value>
    public TimeSpan ClockSkewTolerance { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The Standard Webhooks secret (<c>whsec_</c> + base64 key) every new event subscription signs with, so a
    /// receiver can be configured before UpdateSubscription. Read it back from
    /// <c>GET /_emulator/subscriptions/{instanceId}</c>; never logged.
    /// </summary>
    /// <value>Default <see langword="null"/>: each subscription gets a random secret (<c>whsec_</c> + 32 random bytes).</value>
    public string? WebhookSecret { get; set; }

    /// <summary>When every CDRReady is pushed a second time (same <c>webhook-id</c>), as the cloud pushes a missing record again.</summary>
    /// <value>Default 1 hour; <see cref="TimeSpan.Zero"/> turns the late re-push off.</value>
    public TimeSpan WebhookCdrRepushDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After <c>POST /_emulator/subscriptions/{instanceId}/rotate-secret</c>, how long the old secrets keep signing.</summary>
    /// <value>Default 24 hours.</value>
    public TimeSpan WebhookSecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Events of one subscription waiting or being retried at most; more are counted as overflow and not pushed.</summary>
    /// <value>Default 10 000.</value>
    public int WebhookQueueCapacity { get; set; } = 10_000;

    /// <summary>Test mode of the event push: duplicated, reordered and lost deliveries on purpose.</summary>
    /// <value>Default <see langword="null"/>: every event is pushed once, in order (retries aside).</value>
    public CccEmulatorWebhookChaos? WebhookChaos { get; set; }

    /// <summary>
    /// Whether every OpenAPI answer (success and error envelopes alike) is checked against the action's response model
    /// in the cloud's description before it is sent; an answer that departs from it (a property the cloud does not
    /// have, a value of another JSON type) is replaced by the error <c>Emulator.NonConformantResponse</c> (HTTP 500)
    /// and logged as an error (docs/emulator.md#response-conformance).
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool ValidateResponses { get; set; } = true;

    /// <summary>
    /// Configures the in-process emulator's logging (<see cref="CccEmulator.StartAsync"/> starts with no log provider):
    /// add a provider to see its one line per API action (category <c>Ccc.Sdk.Emulator.Api</c>) and per webhook push
    /// attempt (<c>Ccc.Sdk.Emulator.Push</c>), e.g. <c>logging =&gt; logging.AddConsole()</c>. No line carries a secret,
    /// a signature or a token (docs/emulator.md#seeing-into-the-emulator).
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>
    /// Benchmark-only: accept a nonce seen before, so a load run can replay one pre-signed request as its baseline
    /// (docs/benchmarks.md). Every other check, the signature's included, still runs. Never on in normal use.
    /// </summary>
    internal bool AcceptReplayedNonces { get; set; }

    /// <summary>
    /// An extra listener of the call events, subscribed to the engine's event stream after the in-memory log and the
    /// webhook push (tests); the in-memory log is kept either way.
    /// </summary>
    internal Calls.ICallEventSink? CallEventSink { get; set; }

    /// <summary>Extension point for tests and later capabilities: adds or replaces actions after the built-in ones.</summary>
    internal Action<Gateway.ActionRegistry>? ConfigureActions { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range or a credential is incomplete or duplicated.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new ArgumentException("Urls must not be empty.", nameof(Urls));
        }

        if (string.IsNullOrWhiteSpace(HttpsUrls) || HttpsUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(u => !u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("HttpsUrls must list one or more https:// URLs.", nameof(HttpsUrls));
        }

        if (HttpsCertificate is { } certificate)
        {
            if (!certificate.HasPrivateKey)
            {
                throw new ArgumentException("HttpsCertificate must have its private key (load it from a PFX file).", nameof(HttpsCertificate));
            }

            // Real time, not the emulator's (possibly fake) clock: TLS clients check validity against the machine's clock.
            var now = DateTime.UtcNow;
            if (certificate.NotBefore.ToUniversalTime() > now || certificate.NotAfter.ToUniversalTime() <= now)
            {
                throw new ArgumentException("HttpsCertificate is not valid now (NotBefore/NotAfter): make a new one.", nameof(HttpsCertificate));
            }
        }

        if (AllowedHosts.Any(h => string.IsNullOrWhiteSpace(h) || h.Contains(':', StringComparison.Ordinal) && !h.StartsWith('[') || h.Contains('/', StringComparison.Ordinal)))
        {
            throw new ArgumentException("AllowedHosts lists host names without scheme or port (e.g. 'devbox.local', '[fe80::1]').", nameof(AllowedHosts));
        }

        if (OAuthAccessTokenLifetime <= TimeSpan.FromSeconds(1) || OAuthRefreshTokenLifetime <= TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("OAuthAccessTokenLifetime and OAuthRefreshTokenLifetime must be longer than one second.", nameof(OAuthAccessTokenLifetime));
        }

        var clientIds = new HashSet<string>(StringComparer.Ordinal) { CccEmulator.DevOAuthClientId };
        foreach (var client in OAuthClients)
        {
            if (string.IsNullOrEmpty(client.ClientId) || string.IsNullOrEmpty(client.ClientSecret) || client.RedirectUris.Count == 0)
            {
                throw new ArgumentException("Every OAuth client needs a ClientId, a ClientSecret and at least one redirect URI.", nameof(OAuthClients));
            }

            if (client.RedirectUris.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out _)))
            {
                throw new ArgumentException($"OAuth client '{client.ClientId}' has a redirect URI that is not an absolute URI.", nameof(OAuthClients));
            }

            if (!clientIds.Add(client.ClientId))
            {
                throw new ArgumentException($"OAuth client '{client.ClientId}' is configured twice (or clashes with the dev client).", nameof(OAuthClients));
            }
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (MaxRequestBodyBytes <= 0)
        {
            throw new ArgumentException("MaxRequestBodyBytes must be positive.", nameof(MaxRequestBodyBytes));
        }

        if (ClockSkewTolerance <= TimeSpan.Zero)
        {
            throw new ArgumentException("ClockSkewTolerance must be positive.", nameof(ClockSkewTolerance));
        }

        if (WebhookSecret is not null && Events.WebhookSigner.KeyOf(WebhookSecret) is null)
        {
            throw new ArgumentException("WebhookSecret must be 'whsec_' followed by a base64 key of at least 24 bytes.", nameof(WebhookSecret));
        }

        if (WebhookCdrRepushDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("WebhookCdrRepushDelay must not be negative.", nameof(WebhookCdrRepushDelay));
        }

        if (WebhookSecretOverlap < TimeSpan.Zero)
        {
            throw new ArgumentException("WebhookSecretOverlap must not be negative.", nameof(WebhookSecretOverlap));
        }

        if (WebhookQueueCapacity <= 0)
        {
            throw new ArgumentException("WebhookQueueCapacity must be positive.", nameof(WebhookQueueCapacity));
        }

        WebhookChaos?.Validate();
        var seen = new HashSet<string>(StringComparer.Ordinal) { CccEmulator.DevAccessKeyId };
        foreach (var credential in Credentials)
        {
            if (string.IsNullOrEmpty(credential.AccessKeyId) || string.IsNullOrEmpty(credential.AccessKeySecret))
            {
                throw new ArgumentException("Every credential needs an AccessKeyId and an AccessKeySecret.", nameof(Credentials));
            }

            if (!seen.Add(credential.AccessKeyId))
            {
                throw new ArgumentException($"Credential '{credential.AccessKeyId}' is configured twice (or clashes with the dev key).", nameof(Credentials));
            }
        }
    }
}

/// <summary>An AccessKey (or STS temporary credential) the emulator accepts.</summary>
public sealed class CccEmulatorCredential
{
    /// <summary>The AccessKeyId (<c>Credential=</c> in V3, <c>AccessKeyId</c> in RPC).</summary>
    public string AccessKeyId { get; set; } = "";

    /// <summary>The AccessKeySecret. Never printed or logged.</summary>
    public string AccessKeySecret { get; set; } = "";

    /// <summary>For an STS credential: the token every request must carry (<c>x-acs-security-token</c> / <c>SecurityToken</c>).</summary>
    /// <value>Default <see langword="null"/>: a permanent AccessKey, which must not send a token.</value>
    public string? SecurityToken { get; set; }

    /// <summary>When the credential stops being accepted (<c>InvalidSecurityToken.Expired</c>), per the emulator's clock.</summary>
    /// <value>Default <see langword="null"/>: never.</value>
    public DateTimeOffset? Expiration { get; set; }

    /// <summary>The agent (<c>loginName@instanceId</c>) this key acts as when an agent action omits <c>UserId</c>, as the cloud maps a RAM user to its agent.</summary>
    /// <value>Default <see langword="null"/>: such actions need an explicit <c>UserId</c>.</value>
    public string? UserId { get; set; }

    /// <summary>Set on the STS credentials the OAuth2 server issues: scope, revocation and owner of the token.</summary>
    internal OAuth.OAuthAccessToken? OAuthToken { get; set; }
}

/// <summary>An OAuth2 client (a CRM) registered with the emulator's OAuth2 server.</summary>
public sealed class CccEmulatorOAuthClient
{
    /// <summary>The client_id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client_secret (client_secret_post or client_secret_basic). Never printed or logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The redirect URIs the client may use; a request's <c>redirect_uri</c> must equal one of them exactly.</summary>
    public IList<string> RedirectUris { get; set; } = [];
}

/// <summary>Test mode of the event push (<see cref="CccEmulatorOptions.WebhookChaos"/>); each rate is a probability 0..1.</summary>
public sealed class CccEmulatorWebhookChaos
{
    /// <summary>Chance that a delivered event is delivered once more (same <c>webhook-id</c>).</summary>
    public double Duplicate { get; set; }

    /// <summary>Chance that an event waiting to be sent is overtaken by the next one.</summary>
    public double Reorder { get; set; }

    /// <summary>Chance that an event is never delivered, its retries and late re-push included (for reconciliation tests).</summary>
    public double Drop { get; set; }

    /// <summary>Seed of the random choices, so a test run is repeatable.</summary>
    public int Seed { get; set; }

    internal void Validate()
    {
        foreach (var (name, rate) in new[] { (nameof(Duplicate), Duplicate), (nameof(Reorder), Reorder), (nameof(Drop), Drop) })
        {
            if (double.IsNaN(rate) || rate < 0 || rate > 1)
            {
                throw new ArgumentException($"WebhookChaos.{name} must be between 0 and 1.", name);
            }
        }
    }
}
