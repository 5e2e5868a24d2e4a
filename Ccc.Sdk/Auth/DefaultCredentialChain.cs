namespace Ccc.Sdk.Auth;

/// <summary>
/// Finds credentials the way the Alibaba Cloud SDKs do, in order: the keys in <see cref="CccClientOptions"/>
/// (<c>AccessKeyId</c>, <c>AccessKeySecret</c>, optional <c>SecurityToken</c>); the environment variables
/// <c>ALIBABA_CLOUD_ACCESS_KEY_ID</c>, <c>ALIBABA_CLOUD_ACCESS_KEY_SECRET</c>, <c>ALIBABA_CLOUD_SECURITY_TOKEN</c>; the
/// INI file <c>~/.alibabacloud/credentials</c> (profile <c>default</c>, or the one named by <c>ALIBABA_CLOUD_PROFILE</c>;
/// keys <c>type</c> = <c>access_key</c>|<c>sts</c>, <c>access_key_id</c>, <c>access_key_secret</c>, <c>security_token</c>).
/// </summary>
/// <remarks>The chain is resolved once, when it is created: keys are trimmed and validated then, so a bad configuration
/// fails at start-up with one <see cref="CccCredentialException"/> listing every source tried and why it was not used
/// (never a secret). Keys that are only partly set in a source make that source fail; the chain goes on to the next.</remarks>
public sealed class DefaultCredentialChain : CccCredential
{
    /// <summary>Environment variable of the AccessKey id.</summary>
    public const string AccessKeyIdVariable = "ALIBABA_CLOUD_ACCESS_KEY_ID";

    /// <summary>Environment variable of the AccessKey secret.</summary>
    public const string AccessKeySecretVariable = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";

    /// <summary>Environment variable of the STS security token.</summary>
    public const string SecurityTokenVariable = "ALIBABA_CLOUD_SECURITY_TOKEN";

    /// <summary>Environment variable naming the profile of the credentials file.</summary>
    public const string ProfileVariable = "ALIBABA_CLOUD_PROFILE";

    private readonly CccCredentials _credentials;

    /// <summary>Resolves the chain for <paramref name="options"/> (which may be <see langword="null"/>: environment and file only).</summary>
    /// <exception cref="CccCredentialException">No source has usable credentials; the message lists each source and why.</exception>
    public DefaultCredentialChain(CccClientOptions? options = null)
        : this(options, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
    {
    }

    /// <summary>The seam for tests: environment lookup and home directory.</summary>
    internal DefaultCredentialChain(CccClientOptions? options, Func<string, string?> environment, string? homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var failures = new List<string>(3);

        if (TryOptions(options, out var fromOptions, out string? why))
        {
            (_credentials, Source) = (fromOptions!, "options");
            return;
        }

        failures.Add("CccClientOptions: " + why);

        if (TryKeys(environment(AccessKeyIdVariable), environment(AccessKeySecretVariable), environment(SecurityTokenVariable),
                AccessKeyIdVariable, AccessKeySecretVariable, SecurityTokenVariable, out var fromEnvironment, out why))
        {
            (_credentials, Source) = (fromEnvironment!, "environment");
            return;
        }

        failures.Add("environment variables: " + why);

        string profile = environment(ProfileVariable) is { Length: > 0 } p ? p.Trim() : "default";
        if (TryFile(homeDirectory, profile, out var fromFile, out why, out string path))
        {
            (_credentials, Source) = (fromFile!, $"credentials file {path} [{profile}]");
            return;
        }

        failures.Add($"credentials file {path} [{profile}]: " + why);
        throw new CccCredentialException(
            "No CCC credentials found. Tried, in order: " + string.Join("; ", failures) +
            ". Set CccClientOptions.AccessKeyId/AccessKeySecret, the ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variables, or ~/.alibabacloud/credentials.");
    }

    /// <summary>Which source the credentials came from: <c>options</c>, <c>environment</c> or <c>credentials file …</c>.</summary>
    public string Source { get; } = string.Empty;

    /// <inheritdoc />
    public override ValueTask<CccCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => new(_credentials);

    /// <inheritdoc />
    public override string ToString() => $"DefaultCredentialChain({Source}: {_credentials})";

    private static bool TryOptions(CccClientOptions? options, out CccCredentials? credentials, out string? why)
    {
        if (options is null)
        {
            (credentials, why) = (null, "no options given");
            return false;
        }

        return TryKeys(options.AccessKeyId, options.AccessKeySecret, options.SecurityToken,
            nameof(options.AccessKeyId), nameof(options.AccessKeySecret), nameof(options.SecurityToken), out credentials, out why);
    }

    private static bool TryKeys(string? id, string? secret, string? token, string idName, string secretName, string tokenName, out CccCredentials? credentials, out string? why)
    {
        credentials = null;
        bool hasId = !string.IsNullOrWhiteSpace(id);
        bool hasSecret = !string.IsNullOrWhiteSpace(secret);
        if (!hasId && !hasSecret)
        {
            why = string.IsNullOrWhiteSpace(token) ? $"{idName} and {secretName} are not set" : $"{tokenName} is set but {idName} and {secretName} are not";
            return false;
        }

        if (!hasId || !hasSecret)
        {
            why = hasId ? $"{idName} is set but {secretName} is not" : $"{secretName} is set but {idName} is not";
            return false;
        }

        try
        {
            credentials = string.IsNullOrWhiteSpace(token)
                ? CccCredentials.FromAccessKey(id!, secret!)
                : CccCredentials.FromSts(id!, secret!, token);
            why = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            // CccCredentials' messages name the part, never its value.
            why = ex.Message.Split(" (Parameter", 2)[0];
            return false;
        }
    }

    private static bool TryFile(string? home, string profile, out CccCredentials? credentials, out string? why, out string path)
    {
        credentials = null;
        if (string.IsNullOrWhiteSpace(home))
        {
            path = "~/.alibabacloud/credentials";
            why = "no home directory";
            return false;
        }

        path = Path.Combine(home, ".alibabacloud", "credentials");
        if (!File.Exists(path))
        {
            why = "file not found";
            return false;
        }

        Dictionary<string, string>? section;
        try
        {
            section = ReadIniSection(File.ReadAllLines(path), profile);
        }
        catch (IOException ex)
        {
            why = $"cannot be read ({ex.GetType().Name})";
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            why = "cannot be read (access denied)";
            return false;
        }

        if (section is null)
        {
            why = $"profile '{profile}' not found";
            return false;
        }

        string type = section.TryGetValue("type", out var t) ? t.Trim().ToLowerInvariant() : "access_key";
        section.TryGetValue("access_key_id", out var id);
        section.TryGetValue("access_key_secret", out var secret);
        section.TryGetValue("security_token", out var token);
        switch (type)
        {
            case "access_key":
                return TryKeys(id, secret, null, "access_key_id", "access_key_secret", "security_token", out credentials, out why);
            case "sts":
                if (string.IsNullOrWhiteSpace(token))
                {
                    why = "type is sts but security_token is not set";
                    return false;
                }

                return TryKeys(id, secret, token, "access_key_id", "access_key_secret", "security_token", out credentials, out why);
            default:
                why = $"type '{type}' is not supported (use access_key or sts)";
                return false;
        }
    }

    /// <summary>Reads one <c>[profile]</c> of an INI file: <c>key = value</c> lines, <c>#</c>/<c>;</c> comments.</summary>
    internal static Dictionary<string, string>? ReadIniSection(IEnumerable<string> lines, string profile)
    {
        Dictionary<string, string>? found = null;
        bool inSection = false;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                inSection = string.Equals(line[1..^1].Trim(), profile, StringComparison.Ordinal);
                if (inSection)
                {
                    found ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                continue;
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (inSection && eq > 0)
            {
                found![line[..eq].Trim()] = line[(eq + 1)..].Trim().Trim('"');
            }
        }

        return found;
    }
}
