using System.Globalization;

namespace Ccc.Sdk.TestSupport.Live;

/// <summary>
/// Where the live-capable tests (<c>Ccc.Sdk.Tests/Live</c>) send their calls: a real CCC instance (or an emulator
/// out of process, as CI does) configured through <c>CCC_LIVE_*</c> environment variables, and nothing else — no
/// file of the repository is read for it. Without any of those variables the tests start an emulator of their own.
/// </summary>
/// <remarks>
/// Secrets (<see cref="AccessKeySecret"/>, <see cref="SecurityToken"/>) never appear in <see cref="ToString"/>,
/// <see cref="Describe"/> or any exception message.
/// </remarks>
public sealed class LiveTarget
{
    /// <summary>The explicit endpoint, e.g. <c>https://ccc.cn-shanghai.aliyuncs.com</c> (or an emulator's address).</summary>
    public const string EndpointVariable = "CCC_LIVE_ENDPOINT";

    /// <summary>The region, used when <see cref="EndpointVariable"/> is not set (the SDK resolves the endpoint).</summary>
    public const string RegionVariable = "CCC_LIVE_REGION";

    /// <summary>The CCC instance id the tests read.</summary>
    public const string InstanceIdVariable = "CCC_LIVE_INSTANCE_ID";

    /// <summary>The AccessKey id.</summary>
    public const string AccessKeyIdVariable = "CCC_LIVE_ACCESS_KEY_ID";

    /// <summary>The AccessKey secret (never printed).</summary>
    public const string AccessKeySecretVariable = "CCC_LIVE_ACCESS_KEY_SECRET";

    /// <summary>An STS security token, when the keys are temporary (optional; never printed).</summary>
    public const string SecurityTokenVariable = "CCC_LIVE_SECURITY_TOKEN";

    /// <summary>The second, explicit switch: <c>1</c> lets the tests call state-changing actions.</summary>
    public const string AllowWritesVariable = "CCC_LIVE_ALLOW_WRITES";

    /// <summary>With writes allowed: the agent (user id) whose state the write scenarios may change.</summary>
    public const string AgentIdVariable = "CCC_LIVE_AGENT_ID";

    /// <summary>
    /// With writes allowed, optional: a device id the write scenarios sign <see cref="AgentIdVariable"/> in with
    /// (SignInGroup) and sign out of at the end; without it the agent must already be signed in (its Workbench open).
    /// </summary>
    public const string AgentDeviceIdVariable = "CCC_LIVE_AGENT_DEVICE_ID";

    /// <summary>
    /// With writes allowed, optional: the break code the write scenarios take a break with (break codes are the
    /// instance's own); <see cref="DefaultBreakCode"/> when not set.
    /// </summary>
    public const string BreakCodeVariable = "CCC_LIVE_BREAK_CODE";

    /// <summary>The break code used when <see cref="BreakCodeVariable"/> is not set: <c>default</c>, every instance's own.</summary>
    public const string DefaultBreakCode = "default";

    /// <summary>Every variable that turns live mode on (any one of them set means "configured", fully or half).</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        EndpointVariable, RegionVariable, InstanceIdVariable, AccessKeyIdVariable, AccessKeySecretVariable,
        SecurityTokenVariable, AllowWritesVariable, AgentIdVariable, AgentDeviceIdVariable, BreakCodeVariable,
    ];

    private LiveTarget(
        LiveTargetKind kind, Uri? endpoint, string? regionId, string instanceId, string accessKeyId, string accessKeySecret,
        string? securityToken, bool allowWrites, string? agentId, string? agentDeviceId, string? breakCode)
    {
        BreakCode = breakCode ?? DefaultBreakCode;
        Kind = kind;
        Endpoint = endpoint;
        RegionId = regionId;
        InstanceId = instanceId;
        AccessKeyId = accessKeyId;
        AccessKeySecret = accessKeySecret;
        SecurityToken = securityToken;
        AllowWrites = allowWrites;
        AgentId = agentId;
        AgentDeviceId = agentDeviceId;
    }

    /// <summary>Whether this is a configured (live) target or the tests' own embedded emulator.</summary>
    public LiveTargetKind Kind { get; }

    /// <summary>The explicit endpoint; <see langword="null"/> when only <see cref="RegionId"/> is set.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The region; <see langword="null"/> when <see cref="Endpoint"/> is set alone.</summary>
    public string? RegionId { get; }

    /// <summary>The CCC instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The AccessKey id (not secret; printed by <see cref="Describe"/> only as its first characters).</summary>
    public string AccessKeyId { get; }

    /// <summary>The AccessKey secret. Never printed.</summary>
    public string AccessKeySecret { get; }

    /// <summary>The STS token, or <see langword="null"/>. Never printed.</summary>
    public string? SecurityToken { get; }

    /// <summary>
    /// Whether state-changing actions may be sent: always for the embedded emulator; for a live target only when
    /// <see cref="AllowWritesVariable"/> is <c>1</c>.
    /// </summary>
    public bool AllowWrites { get; }

    /// <summary>The agent the write scenarios move (set whenever <see cref="AllowWrites"/> is).</summary>
    public string? AgentId { get; }

    /// <summary>The device the write scenarios sign <see cref="AgentId"/> in with, or <see langword="null"/>.</summary>
    public string? AgentDeviceId { get; }

    /// <summary>The break code the write scenarios use.</summary>
    public string BreakCode { get; }

    /// <summary>Whether the calls go to a configured target (<see cref="LiveTargetKind.Live"/>).</summary>
    public bool IsLive => Kind == LiveTargetKind.Live;

    /// <summary>
    /// Reads the <c>CCC_LIVE_*</c> variables. Returns <see langword="null"/> when none is set (the tests then use their
    /// embedded emulator).
    /// </summary>
    /// <param name="read">Reads one variable; <see cref="Environment.GetEnvironmentVariable(string)"/> by default (a test seam).</param>
    /// <exception cref="LiveConfigurationException">
    /// Some variables are set but not all those needed (the message names each missing or invalid variable, never a value
    /// of a secret one).
    /// </exception>
    public static LiveTarget? FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => read(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        if (Variables.All(v => Get(v) is null))
        {
            return null;
        }

        var problems = new List<string>();
        string? endpointText = Get(EndpointVariable);
        string? region = Get(RegionVariable);
        Uri? endpoint = null;
        if (endpointText is not null)
        {
            if (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                // The endpoint is not secret: naming the variable is enough, and the value is not echoed anyway.
                problems.Add($"{EndpointVariable} is not an absolute http(s) URL");
                endpoint = null;
            }
        }
        else if (region is null)
        {
            problems.Add($"{EndpointVariable} or {RegionVariable} is not set");
        }

        string? instanceId = Get(InstanceIdVariable);
        string? keyId = Get(AccessKeyIdVariable);
        string? secret = Get(AccessKeySecretVariable);
        if (instanceId is null)
        {
            problems.Add($"{InstanceIdVariable} is not set");
        }

        if (keyId is null)
        {
            problems.Add($"{AccessKeyIdVariable} is not set");
        }

        if (secret is null)
        {
            problems.Add($"{AccessKeySecretVariable} is not set");
        }

        bool allowWrites = false;
        if (Get(AllowWritesVariable) is { } writes)
        {
            if (writes is "1")
            {
                allowWrites = true;
            }
            else if (writes is not "0")
            {
                problems.Add($"{AllowWritesVariable} must be 1 (allow state-changing actions) or 0");
            }
        }

        string? agentId = Get(AgentIdVariable);
        if (allowWrites && agentId is null)
        {
            problems.Add($"{AgentIdVariable} is not set (with {AllowWritesVariable}=1 the write scenarios need the agent they may move)");
        }

        if (problems.Count > 0)
        {
            throw new LiveConfigurationException(
                "Live mode is half configured: " + string.Join("; ", problems) + ". Set every variable (see CONTRIBUTING.md, "
                + "section \"Live mode\"), or unset all the CCC_LIVE_* variables to run against the embedded emulator.");
        }

        return new LiveTarget(LiveTargetKind.Live, endpoint, region, instanceId!, keyId!, secret!, Get(SecurityTokenVariable),
            allowWrites, agentId, Get(AgentDeviceIdVariable), Get(BreakCodeVariable));
    }

    /// <summary>The tests' own emulator (not live): every action may be sent, writes included.</summary>
    /// <param name="endpoint">The emulator's address.</param>
    /// <param name="instanceId">Its seeded instance.</param>
    /// <param name="accessKeyId">Its AccessKey id.</param>
    /// <param name="accessKeySecret">Its AccessKey secret.</param>
    /// <param name="agentId">A seeded agent the write scenarios move.</param>
    /// <param name="agentDeviceId">The device they sign it in with.</param>
    public static LiveTarget Embedded(Uri endpoint, string instanceId, string accessKeyId, string accessKeySecret, string agentId, string agentDeviceId)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new LiveTarget(LiveTargetKind.Embedded, endpoint, null, instanceId, accessKeyId, accessKeySecret, null, true, agentId, agentDeviceId, null);
    }

    /// <summary>
    /// One line saying where the tests run and whether writes are allowed, for the test output — the endpoint (or
    /// region), the instance, the first characters of the key id; never a secret.
    /// </summary>
    public string Describe()
    {
        string where = Endpoint is not null ? Endpoint.GetLeftPart(UriPartial.Authority) : "region " + RegionId;
        string key = AccessKeyId.Length <= 8 ? AccessKeyId : AccessKeyId[..8] + "…";
        string writes = Kind == LiveTargetKind.Embedded
            ? "writes allowed (embedded emulator)"
            : AllowWrites
                ? string.Create(CultureInfo.InvariantCulture, $"writes ALLOWED ({AllowWritesVariable}=1; agent {AgentId})")
                : $"read-only (state-changing actions refused; {AllowWritesVariable}=1 allows them)";
        string kind = Kind == LiveTargetKind.Embedded ? "embedded emulator" : "LIVE target";
        return $"{kind} {where}, instance {InstanceId}, key {key}{(SecurityToken is null ? "" : " (STS)")}: {writes}";
    }

    /// <inheritdoc cref="Describe"/>
    public override string ToString() => Describe();
}

/// <summary>What a <see cref="LiveTarget"/> is.</summary>
public enum LiveTargetKind
{
    /// <summary>The emulator the tests start in-process when no <c>CCC_LIVE_*</c> variable is set.</summary>
    Embedded,

    /// <summary>A configured target: a real instance, or (in CI) an emulator out of process.</summary>
    Live,
}

/// <summary>The <c>CCC_LIVE_*</c> variables are set, but not completely or not validly. The message names them, never a secret.</summary>
public sealed class LiveConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LiveConfigurationException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">Names the missing or invalid variables.</param>
    public LiveConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">Names the missing or invalid variables.</param>
    /// <param name="innerException">The cause.</param>
    public LiveConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
