namespace Ccc.Sdk.Webhooks;

/// <summary>
/// Settings of <see cref="CccSharedTokenAuthenticator"/>: a secret token of <em>ours</em> that you put in the webhook
/// address you give the cloud (<c>https://crm.example.com/ccc/events?token=…</c>), or that a sender of yours sends in a
/// header; optionally the networks deliveries may come from. This is not a signature of the cloud's: the cloud does not
/// publish how it signs an HTTP delivery, so the address itself carries the proof.
/// </summary>
public sealed class CccSharedTokenOptions
{
    /// <summary>The shortest token accepted, in characters: <see cref="CccSharedTokenAuthenticator.NewToken"/> makes 43
    /// (32 random bytes).</summary>
    public const int MinimumTokenLength = 32;

    /// <summary>The accepted tokens; several while rotating (give the cloud the new address, then drop the old token).
    /// Each at least <see cref="MinimumTokenLength"/> characters, without white space or control characters.</summary>
    /// <value>Empty; at least one is required.</value>
    public IList<string> Tokens { get; } = [];

    /// <summary>The query parameter that carries the token; <see langword="null"/> or empty to accept it only in a header.</summary>
    /// <value><c>token</c>.</value>
    public string? QueryParameter { get; set; } = "token";

    /// <summary>A header that carries the token instead (for a sender that can set headers, e.g. your own relay);
    /// <c>Authorization</c> is read as <c>Bearer &lt;token&gt;</c>. <see langword="null"/>: query only.</summary>
    /// <value><see langword="null"/>.</value>
    public string? HeaderName { get; set; }

    /// <summary>Networks (CIDR, e.g. <c>203.0.113.0/24</c>, or single addresses) deliveries may come from; empty: any.
    /// Checked before the token. Behind a reverse proxy, configure forwarded headers so the sender's address is seen.</summary>
    /// <value>Empty.</value>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>A header whose value identifies the delivery across retries (deduplication key); <see langword="null"/>:
    /// the receiver deduplicates on a digest of the body.</summary>
    /// <value><see langword="null"/>.</value>
    public string? DeliveryIdHeader { get; set; }
}
