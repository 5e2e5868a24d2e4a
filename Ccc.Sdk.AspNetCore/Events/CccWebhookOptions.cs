using Ccc.Sdk.Webhooks;

namespace Ccc.Sdk.AspNetCore.Events;

/// <summary>Options of the webhook receiver registered by <c>services.AddCccWebhooks(…)</c> and mapped by <c>app.MapCccWebhooks(…)</c>.</summary>
public sealed class CccWebhookOptions
{
    /// <summary>The Standard Webhooks signing secrets (<c>whsec_</c> + base64 of a key of at least 24 bytes, e.g. from
    /// <c>CccWebhookSigner.NewSecret()</c>) of the sender: the emulator, or a relay of yours. During a rotation list both
    /// the old and the new one: a delivery is accepted when any of them signed it. At least one is required with the
    /// default authentication (<see cref="UseStandardWebhooks"/>); a shorter or malformed one fails the start.</summary>
    /// <value>Empty.</value>
    public IList<string> Secrets { get; } = [];

    /// <summary>How far (either way) a delivery's <c>webhook-timestamp</c> may lie from now; older or newer gets 401.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body accepted, in bytes; a larger one gets 413.</summary>
    /// <value>262,144 bytes (256 KB).</value>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How long handled (<see cref="InboxItemState.Done"/>) items are kept — and their keys remembered for
    /// deduplication. Keep it longer than the sender's retry window (the emulator's: 17.5 hours).</summary>
    /// <value>7 days.</value>
    public TimeSpan DoneRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long dead-lettered items are kept for inspection and replay.</summary>
    /// <value>30 days.</value>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the retention clean-up runs (the first run is one interval after start).</summary>
    /// <value>1 hour.</value>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The authentication chosen with <see cref="UseSharedToken"/> or <see cref="UseAuthenticator"/>;
    /// <see langword="null"/>: a keyed <see cref="ICccWebhookAuthenticator"/> of the receiver's name if one is
    /// registered, else Standard Webhooks with <see cref="Secrets"/>.</summary>
    internal Func<IServiceProvider, ICccWebhookAuthenticator>? AuthenticatorFactory { get; private set; }

    /// <summary>Whether Standard Webhooks was chosen explicitly (<see cref="UseStandardWebhooks"/>), over a keyed service.</summary>
    internal bool StandardWebhooksChosen { get; private set; }

    /// <summary>Authenticates deliveries by their Standard Webhooks signature and timestamp, with <see cref="Secrets"/>
    /// and <see cref="Tolerance"/> (<see cref="CccStandardWebhooksAuthenticator"/>). The default: the emulator signs
    /// this way, and so should a relay you run (e.g. a RocketMQ consumer that forwards the cloud's events). It is
    /// <em>not</em> a signature the cloud is documented to send (docs/events.md).</summary>
    /// <returns>These options.</returns>
    public CccWebhookOptions UseStandardWebhooks()
    {
        AuthenticatorFactory = null;
        StandardWebhooksChosen = true;
        return this;
    }

    /// <summary>Authenticates deliveries by a secret token of ours in the webhook address (<c>?token=…</c>) or a header,
    /// optionally from allowed networks only (<see cref="CccSharedTokenAuthenticator"/>): for the cloud's HTTP push, whose
    /// signing is not published. <see cref="Secrets"/> and <see cref="Tolerance"/> are then not used.</summary>
    /// <param name="configure">Sets the tokens (at least one, 32+ characters; <c>CccSharedTokenAuthenticator.NewToken()</c>),
    /// where they travel and the allowed networks.</param>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public CccWebhookOptions UseSharedToken(Action<CccSharedTokenOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var token = new CccSharedTokenOptions();
        configure(token);
        return UseAuthenticator(_ => new CccSharedTokenAuthenticator(token));
    }

    /// <summary>Authenticates deliveries with an authenticator of your own (created once, when the endpoint is mapped).
    /// <see cref="Secrets"/> and <see cref="Tolerance"/> are then not used.</summary>
    /// <param name="factory">Creates the authenticator.</param>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public CccWebhookOptions UseAuthenticator(Func<IServiceProvider, ICccWebhookAuthenticator> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        AuthenticatorFactory = factory;
        StandardWebhooksChosen = false;
        return this;
    }

    /// <summary>The store that was chosen; <see langword="null"/> until one of the <c>Use…</c> methods is called (a
    /// receiver without a store fails its validation at start).</summary>
    internal Func<IServiceProvider, ICccEventInbox>? InboxFactory { get; private set; }

    /// <summary>The store named by configuration (<c>Store</c>: <c>Sqlite</c> or <c>Postgres</c>), which its own package
    /// provides; used only to say what to add when no store was chosen.</summary>
    internal string? ConfiguredStore { get; set; }

    /// <summary>What the configuration section could not be read for (reported by the validation at start).</summary>
    internal List<string> ConfigurationErrors { get; } = [];

    /// <summary>Keeps events in memory: tests and development only (a restart loses whatever was answered 2xx).</summary>
    /// <returns>These options.</returns>
    public CccWebhookOptions UseInMemory()
    {
        InboxFactory = _ => new InMemoryCccEventInbox();
        return this;
    }

    /// <summary>Uses a store of your own (it must keep the <see cref="ICccEventInbox"/> contract, durability included);
    /// the store packages' <c>UseSqlite</c> (Ccc.Sdk.AspNetCore.Sqlite) and <c>UsePostgres</c> (Ccc.Sdk.AspNetCore.PostgreSql)
    /// call this.</summary>
    /// <param name="factory">Creates the store, once.</param>
    /// <returns>These options.</returns>
    public CccWebhookOptions UseInbox(Func<IServiceProvider, ICccEventInbox> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        InboxFactory = factory;
        return this;
    }

    /// <summary>Every rule these options break, each message naming its property (never a secret's value); the secrets
    /// are required only when Standard Webhooks authenticates.</summary>
    internal IEnumerable<string> Failures(bool standardWebhooks)
    {
        if (standardWebhooks && (Secrets.Count == 0 || Secrets.Any(string.IsNullOrWhiteSpace)))
        {
            yield return "CccWebhookOptions.Secrets needs the sender's Standard Webhooks signing secret(s), e.g. whsec_… (both old and new while rotating), or choose another authentication (UseSharedToken, UseAuthenticator).";
        }
        else if (!Secrets.Any(string.IsNullOrWhiteSpace))
        {
            for (int i = 0; i < Secrets.Count; i++)
            {
                if (SecretFailure(Secrets[i]) is { } reason)
                {
                    yield return $"CccWebhookOptions.Secrets[{i}] {reason}";
                }
            }
        }

        if (Tolerance <= TimeSpan.Zero)
        {
            yield return "CccWebhookOptions.Tolerance must be positive.";
        }

        if (MaxBodyBytes <= 0)
        {
            yield return "CccWebhookOptions.MaxBodyBytes must be positive.";
        }

        foreach (var (name, value) in new[] { (nameof(DoneRetention), DoneRetention), (nameof(DeadLetterRetention), DeadLetterRetention), (nameof(RetentionInterval), RetentionInterval) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"CccWebhookOptions.{name} must be positive.";
            }
        }

        if (InboxFactory is null)
        {
            yield return ConfiguredStore switch
            {
                "Sqlite" => "CccWebhookOptions has no inbox store: the configuration's Store is Sqlite; add the Ccc.Sdk.AspNetCore.Sqlite package and call options.UseSqlite(section.GetSection(\"Sqlite\")).",
                "Postgres" => "CccWebhookOptions has no inbox store: the configuration's Store is Postgres; add the Ccc.Sdk.AspNetCore.PostgreSql package and call options.UsePostgres(section.GetSection(\"Postgres\")).",
                _ => "CccWebhookOptions has no inbox store: choose one with UseInMemory() (tests), UseSqlite(…) (package Ccc.Sdk.AspNetCore.Sqlite), UsePostgres(…) (package Ccc.Sdk.AspNetCore.PostgreSql) or UseInbox(…).",
            };
        }
    }

    /// <summary>Why a secret is refused (malformed, too short), never its value; <see langword="null"/> when it is fine.</summary>
    private static string? SecretFailure(string secret)
    {
        const string Subject = "The webhook secret at position 0 ";
        try
        {
            _ = new CccWebhookVerifier([secret], TimeSpan.FromMinutes(1));
            return null;
        }
        catch (ArgumentException ex)
        {
            // The verifier's message names the secret by position ("The webhook secret at position 0 is too short: …").
            string reason = ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            return reason.StartsWith(Subject, StringComparison.Ordinal) ? reason[Subject.Length..] : reason;
        }
    }
}
