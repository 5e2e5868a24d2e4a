using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli;

/// <summary>
/// The options every command that talks to the cloud or an emulator takes. Each falls back to an environment variable
/// (docs/cli.md, "Where the tool looks"), so a script sets them once.
/// </summary>
internal class CccSettings : CommandSettings
{
    /// <summary>Environment variable of the endpoint.</summary>
    public const string EndpointVariable = "CCC_ENDPOINT";

    /// <summary>Environment variable of the instance id.</summary>
    public const string InstanceVariable = "CCC_INSTANCE_ID";

    /// <summary>Environment variable of the region id.</summary>
    public const string RegionVariable = "CCC_REGION_ID";

    [CommandOption("--endpoint <URL>")]
    [Description("The API address: an emulator (e.g. http://127.0.0.1:8090) or a cloud endpoint. Default: $CCC_ENDPOINT, else the region's cloud endpoint.")]
    public string? Endpoint { get; set; }

    [CommandOption("--region <REGION>")]
    [Description("The cloud region (e.g. cn-shanghai). Default: $CCC_REGION_ID, else cn-shanghai.")]
    public string? Region { get; set; }

    [CommandOption("--instance <ID>")]
    [Description("The CCC instance id. Default: $CCC_INSTANCE_ID; against an emulator on loopback, ccc-local.")]
    public string? Instance { get; set; }

    [CommandOption("--profile <NAME>")]
    [Description("The profile of ~/.alibabacloud/credentials to use (as $ALIBABA_CLOUD_PROFILE does).")]
    public string? Profile { get; set; }

    [CommandOption("--json")]
    [Description("Write the result as JSON on stdout (for scripts) instead of a table.")]
    public bool Json { get; set; }

    /// <summary>The endpoint this command uses (option, then environment), or <see langword="null"/> for the region's.</summary>
    public Uri? ResolveEndpoint()
    {
        var text = Endpoint ?? Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"--endpoint must be an absolute http:// or https:// address, not '{text}'.");
        }

        return uri;
    }

    public override ValidationResult Validate()
    {
        var text = Endpoint;
        if (text is not null && (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            return ValidationResult.Error($"--endpoint must be an absolute http:// or https:// address, not '{text}'.");
        }

        return base.Validate();
    }
}
