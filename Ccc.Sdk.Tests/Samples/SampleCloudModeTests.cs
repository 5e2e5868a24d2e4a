using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Ccc.Sdk.Tests.Samples;

/// <summary>
/// The sample CRM against the cloud (<c>Crm:UseEmbeddedEmulator=false</c>), as its own process: the startup check names
/// every missing or invalid setting at once and never a value, and a complete configuration — here pointing at an
/// emulator this test starts as "the cloud", over HTTPS with its certificate pinned (a Development-only setting) —
/// starts with "Sign in with Alibaba Cloud" only: no agent picker, and agents act with their own STS keys.
/// </summary>
public sealed class SampleCloudModeTests
{
    /// <summary>Every setting the check names when nothing is set (docs/sample-crm.md, "Against the cloud").</summary>
    private static readonly string[] AllSettings =
    [
        "Ccc:Endpoint or Ccc:RegionId", "Ccc:InstanceId", "Ccc:AccessKeyId and Ccc:AccessKeySecret", "Ccc:OAuth:ClientId",
        "Ccc:OAuth:ClientSecret", "Ccc:OAuth:Issuer", "Crm:PublicUrl", "Crm:Events:Secrets or Crm:Events:Tokens", "Crm:Softphone:ScriptUrl",
    ];

    [Fact]
    public async Task With_nothing_set_the_sample_exits_1_naming_every_missing_setting_in_one_list()
    {
        using var home = new TemporaryDirectory();
        var (exitCode, output) = await SampleProcess.RunToExitAsync(CloudEnvironment(home.Path));

        Assert.Equal(1, exitCode);
        foreach (string setting in AllSettings)
        {
            Assert.Contains("  - " + setting + ":", output, StringComparison.Ordinal);
        }

        Assert.Contains("cannot start against the cloud", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), line => line.Contains("cannot start against the cloud", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_given_are_never_printed_and_only_the_missing_or_invalid_settings_are_named()
    {
        using var home = new TemporaryDirectory();
        string keySecret = "KeySecret" + Guid.NewGuid().ToString("N");
        string clientSecret = "ClientSecret" + Guid.NewGuid().ToString("N");
        string eventToken = "EventToken" + Guid.NewGuid().ToString("N");
        var environment = CloudEnvironment(home.Path);
        environment["Ccc__RegionId"] = "cn-shanghai";
        environment["Ccc__AccessKeyId"] = "LTAI5tSomeKeyOfTheCrm";
        environment["Ccc__AccessKeySecret"] = keySecret;
        environment["Ccc__OAuth__ClientId"] = "4071151845732613353";
        environment["Ccc__OAuth__ClientSecret"] = clientSecret;
        environment["Ccc__OAuth__Issuer"] = "http://oauth.aliyun.com"; // not https: invalid
        environment["Crm__Events__Tokens"] = eventToken;
        environment["Crm__Softphone__ScriptUrl"] = "https://g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.7.0/workbenchSdk.js";

        var (exitCode, output) = await SampleProcess.RunToExitAsync(environment);

        Assert.Equal(1, exitCode);
        foreach (string secret in new[] { keySecret, clientSecret, eventToken })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        Assert.Contains("  - Ccc:OAuth:Issuer: not an absolute https URL", output, StringComparison.Ordinal);
        Assert.Contains("  - Ccc:InstanceId: missing", output, StringComparison.Ordinal);
        Assert.Contains("  - Crm:PublicUrl: missing", output, StringComparison.Ordinal);
        foreach (string given in new[] { "Ccc:Endpoint or Ccc:RegionId", "Ccc:AccessKeyId", "Ccc:OAuth:ClientId", "Ccc:OAuth:ClientSecret", "Crm:Events", "Crm:Softphone:ScriptUrl" })
        {
            Assert.DoesNotContain("  - " + given, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_complete_configuration_starts_with_the_OAuth2_sign_in_only_and_agents_act_with_their_own_keys()
    {
        using var home = new TemporaryDirectory();
        // "The cloud" logs one line per OpenAPI call with the key that signed it.
        var calls = FakeLogCollector.Create(new FakeLogCollectorOptions());
        await using var cloud = await CccEmulator.StartAsync(new CccEmulatorOptions { ConfigureLogging = l => l.AddProvider(new FakeLoggerProvider(calls)) });
        string certificate = Path.Combine(home.Path, "cloud.pem");
        await File.WriteAllTextAsync(certificate, cloud.HttpsCertificate.ExportCertificatePem());
        // The address the cloud redirects to; the sign-in below carries the code to the sample's real address (cookies
        // are per host, not per port).
        var publicUrl = FreePort.NextHttpAddress();
        string eventToken = "EventToken" + Guid.NewGuid().ToString("N");
        var environment = CloudEnvironment(home.Path);
        environment["Ccc__Endpoint"] = cloud.HttpsEndpoint.ToString();
        environment["Ccc__InstanceId"] = cloud.InstanceId;
        environment["Ccc__AccessKeyId"] = CccEmulator.DevAccessKeyId;
        environment["Ccc__AccessKeySecret"] = CccEmulator.DevAccessKeySecret;
        environment["Ccc__OAuth__ClientId"] = CccEmulator.DevOAuthClientId;
        environment["Ccc__OAuth__ClientSecret"] = CccEmulator.DevOAuthClientSecret;
        environment["Ccc__OAuth__Issuer"] = cloud.OAuthIssuer.ToString();
        environment["Crm__PublicUrl"] = publicUrl.ToString();
        environment["Crm__Events__Tokens"] = eventToken;
        environment["Crm__Softphone__ScriptUrl"] = cloud.WorkbenchScriptUrl;
        environment["Crm__Dev__PinnedCertificate"] = certificate;

        await using var sample = await SampleProcess.StartAsync(environment: environment);

        // The sign-in page has the OAuth2 button and no agent picker; the picker's endpoint does not exist.
        using var anonymous = sample.NewClient(followRedirects: false);
        string page = await anonymous.GetStringAsync("/sign-in");
        Assert.Contains("id=\"oauth-sign-in\"", page, StringComparison.Ordinal);
        Assert.Contains("Sign in with Alibaba Cloud", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"sign-in\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-in-agent", page, StringComparison.Ordinal);

        // The button's endpoint sends the browser to the configured issuer with the redirect URI made from Crm:PublicUrl.
        using var login = await anonymous.GetAsync("/ccc/oauth/login?returnUrl=%2Fcustomers&login_hint=agent1%40ccc-local");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorize = login.Headers.Location!;
        Assert.StartsWith(cloud.OAuthIssuer + "/v1/auth?", authorize.ToString(), StringComparison.Ordinal);
        Assert.Equal(new Uri(publicUrl, "/ccc/oauth/callback").ToString(), HttpUtility.ParseQueryString(authorize.Query)["redirect_uri"]);

        // "The cloud" signs agent1 in at once (login_hint: the emulator's test shortcut) and redirects with a code.
        using var pinned = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.RawData.AsSpan().SequenceEqual(cloud.HttpsCertificate.RawData),
        });
        using var issued = await pinned.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var callback = issued.Headers.Location!;
        Assert.Equal(publicUrl.Authority, callback.Authority);
        using var signedIn = await anonymous.GetAsync(new Uri(sample.Address, callback.PathAndQuery));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/customers", signedIn.Headers.Location!.OriginalString);

        // Signed in as agent1 (anonymous, any unknown address only leads to the sign-in page): the picker's endpoint
        // does not exist against the cloud.
        string customers = await anonymous.GetStringAsync("/customers");
        Assert.Contains("data-role=\"agent\"", customers, StringComparison.Ordinal);
        string token = await SampleProcess.AntiforgeryTokenAsync(anonymous, "/customers");
        using (var picker = await anonymous.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = "agent2@ccc-local",
            ["returnUrl"] = "/customers",
            ["__RequestVerificationToken"] = token,
        })))
        {
            // No such endpoint (routing answers 404 or 405), and agent1 is still agent1.
            Assert.True(picker.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"POST /account/sign-in: {(int)picker.StatusCode}");
        }

        Assert.Matches("id=\"sign-out\"[^>]*>Sign out Alice Wang<", await anonymous.GetStringAsync("/customers"));

        // Click-to-call goes out with agent1's own STS keys from "the cloud".
        using var placed = await anonymous.PostAsJsonAsync("/api/calls", new { customerId = "c-1002" });
        string body = await placed.Content.ReadAsStringAsync();
        Assert.True(placed.StatusCode == HttpStatusCode.OK, body);
        string jobId = JsonDocument.Parse(body).RootElement.GetProperty("jobId").GetString()!;
        Assert.StartsWith("job-", jobId, StringComparison.Ordinal);
        var lines = calls.GetSnapshot().Where(r => r.Category == "Ccc.Sdk.Emulator.Api").Select(r => r.Message).ToList();
        Assert.Contains(lines, l => l.StartsWith("MakeCall key=STS.", StringComparison.Ordinal) && l.Contains(" OK 200", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("MakeCall key=" + CccEmulator.DevAccessKeyId, StringComparison.Ordinal));
        // The CRM's own AccessKey is for the back office: the listing of agents at sign-in.
        Assert.Contains(lines, l => l.StartsWith("ListUsers key=" + CccEmulator.DevAccessKeyId, StringComparison.Ordinal));

        // A supervisor has the supervisor view, but no link to the demo, which plays on the embedded emulator only.
        using var supervisor = sample.NewClient(followRedirects: false);
        using (var start = await supervisor.GetAsync("/ccc/oauth/login?returnUrl=%2Fsupervisor&login_hint=supervisor%40ccc-local"))
        using (var code = await pinned.GetAsync(start.Headers.Location!))
        using (var back = await supervisor.GetAsync(new Uri(sample.Address, code.Headers.Location!.PathAndQuery)))
        {
            Assert.Equal("/supervisor", back.Headers.Location!.OriginalString);
        }

        string wallboard = await supervisor.GetStringAsync("/supervisor");
        Assert.Contains("data-role=\"supervisor\"", wallboard, StringComparison.Ordinal);
        Assert.Contains("id=\"nav-supervisor\"", wallboard, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"nav-demo\"", wallboard, StringComparison.Ordinal);
        Assert.Contains("id=\"demo-unavailable\"", await supervisor.GetStringAsync("/demo"), StringComparison.Ordinal);

        // Nothing the sample wrote shows a secret.
        Assert.DoesNotContain(eventToken, string.Join('\n', sample.Output), StringComparison.Ordinal);
        Assert.DoesNotContain(CccEmulator.DevOAuthClientSecret, string.Join('\n', sample.Output), StringComparison.Ordinal);
    }

    /// <summary>Cloud mode with nothing else: no keys from this machine's environment or credentials file (HOME is empty).</summary>
    private static Dictionary<string, string> CloudEnvironment(string home) => new()
    {
        ["Crm__UseEmbeddedEmulator"] = "false",
        ["HOME"] = home,
        ["ALIBABA_CLOUD_ACCESS_KEY_ID"] = "",
        ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = "",
        ["ALIBABA_CLOUD_SECURITY_TOKEN"] = "",
        ["ALIBABA_CLOUD_PROFILE"] = "",
    };

    /// <summary>A temporary directory, deleted on dispose.</summary>
    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ccc-sample-cloud-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a process that is going away.
            }
        }
    }
}
