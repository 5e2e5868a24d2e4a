using System.ComponentModel.DataAnnotations;
using Ccc.Sdk.Signing;

namespace Ccc.Sdk;

/// <summary>Options of a <see cref="CccClient"/>: where it connects, how it signs, how long it waits and how it retries.</summary>
/// <remarks>Bind it from configuration (the <c>Ccc</c> section by convention) or set it in code; it is validated with
/// data annotations (<see cref="Validate"/>) when the client is created or, with dependency injection, at start-up.</remarks>
public sealed class CccClientOptions : IValidatableObject
{
    /// <summary>The region of the CCC instance.</summary>
    /// <value>Default: <c>cn-shanghai</c>.</value>
    public string RegionId { get; set; } = "cn-shanghai";

    /// <summary>An explicit endpoint (e.g. the emulator's <c>http://127.0.0.1:5080</c>); overrides <see cref="RegionId"/>.</summary>
    /// <value>Default: <see langword="null"/>, the endpoint is derived from the region (<see cref="ResolveEndpoint"/>).</value>
    public Uri? Endpoint { get; set; }

    /// <summary>The CCC instance id used by requests that do not name one (e.g. <c>ccc-test</c>).</summary>
    /// <value>Default: <see langword="null"/>; every request must then carry its own <c>InstanceId</c>.</value>
    public string? InstanceId { get; set; }

    /// <summary>The AccessKey id tried first by <see cref="Auth.DefaultCredentialChain"/>.</summary>
    /// <value>Default: <see langword="null"/> (the chain falls through to environment variables and the credentials file).</value>
    public string? AccessKeyId { get; set; }

    /// <summary>The AccessKey secret that goes with <see cref="AccessKeyId"/>. Never logged.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? AccessKeySecret { get; set; }

    /// <summary>An STS security token that goes with <see cref="AccessKeyId"/> when the keys are temporary. Never logged.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? SecurityToken { get; set; }

    /// <summary>How requests are signed.</summary>
    /// <value>Default: <see cref="SignatureAlgorithm.Acs3HmacSha256"/>, as in the official SDKs.</value>
    public SignatureAlgorithm SignatureAlgorithm { get; set; } = SignatureAlgorithm.Acs3HmacSha256;

    /// <summary>How long one attempt may take, from sending to the end of the response body.</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How failed attempts are retried (see <c>docs/errors-and-retries.md</c>).</summary>
    /// <value>Default: 3 retries, 500 ms base delay, 30 s maximum delay.</value>
    public CccRetryOptions Retry { get; set; } = new();

    /// <summary>A product token appended to the <c>User-Agent</c> header, e.g. <c>MyCrm/2.1</c>.</summary>
    /// <value>Default: <see langword="null"/> (only <c>Ccc.Sdk/{version}</c> is sent).</value>
    public string? UserAgent { get; set; }

    /// <summary>
    /// The endpoint for <paramref name="regionId"/>: <paramref name="endpoint"/> when given; <c>https://ccc.aliyuncs.com</c>
    /// for the regions the official SDK maps to the central host; otherwise <c>https://ccc.{regionId}.aliyuncs.com</c>.
    /// </summary>
    /// <param name="regionId">The region id, e.g. <c>cn-shanghai</c>.</param>
    /// <param name="endpoint">An explicit endpoint, which wins when not <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="regionId"/> is empty and no endpoint is given, or the endpoint is not absolute.</exception>
    public static Uri ResolveEndpoint(string? regionId, Uri? endpoint = null)
    {
        if (endpoint is not null)
        {
            if (!endpoint.IsAbsoluteUri)
            {
                throw new ArgumentException("The endpoint must be an absolute URI such as https://ccc.cn-shanghai.aliyuncs.com.", nameof(endpoint));
            }

            return endpoint;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(regionId);
        string region = regionId.Trim().ToLowerInvariant();
        return CentralRegions.Contains(region)
            ? new Uri("https://ccc.aliyuncs.com")
            : new Uri($"https://ccc.{region}.aliyuncs.com");
    }

    /// <summary>The endpoint these options resolve to (<see cref="ResolveEndpoint"/>).</summary>
    public Uri GetEndpoint() => ResolveEndpoint(RegionId, Endpoint);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        GetValidationErrors().Select(e => new ValidationResult(e.Message, [e.Member]));

    /// <summary>Every rule of these options, checked without reflection (so it is trim-safe): used by <see cref="CccClient"/>
    /// and, through <see cref="IValidatableObject"/>, by data-annotation validation.</summary>
    internal IEnumerable<(string Member, string Message)> GetValidationErrors()
    {
        if (Endpoint is null && (string.IsNullOrWhiteSpace(RegionId) || !RegionId.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')))
        {
            yield return (nameof(RegionId), "RegionId must look like 'cn-shanghai' (or set Endpoint).");
        }

        if (Endpoint is { IsAbsoluteUri: false } || Endpoint is { IsAbsoluteUri: true, Scheme: not ("http" or "https") })
        {
            yield return (nameof(Endpoint), "Endpoint must be an absolute http(s) URI.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(1))
        {
            yield return (nameof(Timeout), "Timeout must be more than 0 and at most 1 hour.");
        }

        if (Retry is null)
        {
            yield return (nameof(Retry), "Retry is required.");
        }
        else
        {
            if (Retry.MaxRetries is < 0 or > 10)
            {
                yield return ("Retry.MaxRetries", "Retry.MaxRetries must be between 0 and 10.");
            }

            if (Retry.BaseDelay < TimeSpan.Zero || Retry.MaxDelay < TimeSpan.Zero || Retry.MaxDelay > TimeSpan.FromHours(1))
            {
                yield return ("Retry.BaseDelay", "Retry delays must be between 0 and 1 hour.");
            }

            if (Retry.BaseDelay > Retry.MaxDelay)
            {
                yield return ("Retry.BaseDelay", "Retry.BaseDelay must not exceed Retry.MaxDelay.");
            }
        }

        if (!string.IsNullOrEmpty(AccessKeySecret) && string.IsNullOrEmpty(AccessKeyId))
        {
            yield return (nameof(AccessKeyId), "AccessKeySecret is set without AccessKeyId.");
        }

        foreach (var (member, value) in new[] { (nameof(AccessKeyId), AccessKeyId), (nameof(AccessKeySecret), AccessKeySecret), (nameof(SecurityToken), SecurityToken) })
        {
            // Checked at start-up so a pasted key with a line break fails early; the message never shows the value.
            if (value is not null && value.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                yield return (member, $"{member} contains white space or a control character.");
            }
        }

        if (UserAgent is { Length: > 256 })
        {
            yield return (nameof(UserAgent), "UserAgent must be at most 256 characters.");
        }
    }

    // The official SDK's _endpointMap (docs/reference/api-conventions.md#endpoints-and-regions): these regions use the central host.
    private static readonly HashSet<string> CentralRegions = new(StringComparer.Ordinal)
    {
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-5",
        "cn-beijing", "cn-chengdu", "cn-hongkong", "cn-huhehaote", "cn-qingdao", "cn-shenzhen", "cn-zhangjiakou",
        "eu-central-1", "eu-west-1", "me-east-1", "us-east-1", "us-west-1", "cn-hangzhou-finance",
        "cn-shenzhen-finance-1", "cn-shanghai-finance-1", "cn-north-2-gov-1",
    };
}
