using Ccc.Sdk.Auth;

namespace Ccc.Sdk.Tests.Auth;

public sealed class DefaultCredentialChainTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("ccc-home-").FullName;
    private readonly Dictionary<string, string?> _env = [];

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private DefaultCredentialChain Chain(CccClientOptions? options = null) =>
        new(options, name => _env.GetValueOrDefault(name), _home);

    private void WriteCredentialsFile(string text)
    {
        Directory.CreateDirectory(Path.Combine(_home, ".alibabacloud"));
        File.WriteAllText(Path.Combine(_home, ".alibabacloud", "credentials"), text);
    }

    private static async Task<CccCredentials> Keys(CccCredential credential) => await credential.GetCredentialsAsync();

    [Fact]
    public async Task Keys_in_the_options_come_first_and_are_trimmed()
    {
        _env[DefaultCredentialChain.AccessKeyIdVariable] = "LTAI5tFromEnv";
        _env[DefaultCredentialChain.AccessKeySecretVariable] = "env-secret";

        var chain = Chain(new CccClientOptions { AccessKeyId = "  LTAI5tFromOptions ", AccessKeySecret = " options-secret\n" });
        var keys = await Keys(chain);

        Assert.Equal("options", chain.Source);
        Assert.Equal("LTAI5tFromOptions", keys.AccessKeyId);
        Assert.Equal("options-secret", keys.AccessKeySecret);
        Assert.Null(keys.SecurityToken);
    }

    [Fact]
    public async Task A_security_token_in_the_options_makes_STS_credentials()
    {
        var keys = await Keys(Chain(new CccClientOptions { AccessKeyId = "STS.abc", AccessKeySecret = "s", SecurityToken = "tok" }));

        Assert.Equal("tok", keys.SecurityToken);
    }

    [Fact]
    public async Task Environment_variables_come_next()
    {
        _env[DefaultCredentialChain.AccessKeyIdVariable] = "STS.FromEnv";
        _env[DefaultCredentialChain.AccessKeySecretVariable] = "env-secret";
        _env[DefaultCredentialChain.SecurityTokenVariable] = "env-token";
        WriteCredentialsFile("[default]\naccess_key_id = LTAI5tFile\naccess_key_secret = file-secret\n");

        var chain = Chain(new CccClientOptions());
        var keys = await Keys(chain);

        Assert.Equal("environment", chain.Source);
        Assert.Equal("STS.FromEnv", keys.AccessKeyId);
        Assert.Equal("env-token", keys.SecurityToken);
    }

    [Fact]
    public async Task The_credentials_file_default_profile_comes_last()
    {
        WriteCredentialsFile("""
            # comment
            [other]
            access_key_id = LTAI5tOther
            access_key_secret = other-secret

            [default]
            type = access_key
            access_key_id = LTAI5tFile
            access_key_secret = file-secret
            """);

        var chain = Chain();
        var keys = await Keys(chain);

        Assert.StartsWith("credentials file", chain.Source, StringComparison.Ordinal);
        Assert.Equal("LTAI5tFile", keys.AccessKeyId);
        Assert.Equal("file-secret", keys.AccessKeySecret);
    }

    [Fact]
    public async Task ALIBABA_CLOUD_PROFILE_picks_an_sts_profile_of_the_file()
    {
        _env[DefaultCredentialChain.ProfileVariable] = "crm";
        WriteCredentialsFile("""
            [default]
            access_key_id = LTAI5tDefault
            access_key_secret = default-secret
            [crm]
            type = sts
            access_key_id = STS.Crm
            access_key_secret = crm-secret
            security_token = crm-token
            """);

        var keys = await Keys(Chain());

        Assert.Equal("STS.Crm", keys.AccessKeyId);
        Assert.Equal("crm-token", keys.SecurityToken);
    }

    [Fact]
    public void When_nothing_works_one_exception_lists_every_source_and_why_without_secrets()
    {
        _env[DefaultCredentialChain.AccessKeySecretVariable] = "orphan-secret-value";
        _env[DefaultCredentialChain.ProfileVariable] = "crm";
        WriteCredentialsFile("[crm]\ntype = ecs_ram_role\nrole_name = r\n");

        var ex = Assert.Throws<CccCredentialException>(() => Chain(new CccClientOptions { AccessKeyId = "LTAI5tHalf" }));

        Assert.Contains("CccClientOptions: AccessKeyId is set but AccessKeySecret is not", ex.Message, StringComparison.Ordinal);
        Assert.Contains("environment variables: ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[crm]: type 'ecs_ram_role' is not supported", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("orphan-secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_empty_environment_are_reported()
    {
        var ex = Assert.Throws<CccCredentialException>(() => Chain());

        Assert.Contains("CccClientOptions: no options given", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("file not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_with_inner_white_space_is_rejected_at_start_up_without_showing_it()
    {
        _env[DefaultCredentialChain.AccessKeyIdVariable] = "LTAI5t Broken";
        _env[DefaultCredentialChain.AccessKeySecretVariable] = "secret with space";

        var ex = Assert.Throws<CccCredentialException>(() => Chain());

        Assert.Contains("white space", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret with space", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_sts_profile_without_a_token_is_reported()
    {
        WriteCredentialsFile("[default]\ntype = sts\naccess_key_id = STS.x\naccess_key_secret = y\n");

        var ex = Assert.Throws<CccCredentialException>(() => Chain());

        Assert.Contains("type is sts but security_token is not set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        var chain = Chain(new CccClientOptions { AccessKeyId = "LTAI5tVisible", AccessKeySecret = "hidden-secret-123" });

        Assert.DoesNotContain("hidden-secret-123", chain.ToString(), StringComparison.Ordinal);
        Assert.Contains("LTAI***", chain.ToString(), StringComparison.Ordinal);
    }
}
