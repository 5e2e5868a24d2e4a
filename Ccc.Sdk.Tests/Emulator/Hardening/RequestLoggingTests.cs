using System.Globalization;
using Ccc.Sdk.Emulator;
using Ccc.Sdk.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Ccc.Sdk.Tests.Emulator.Hardening;

/// <summary>
/// <c>dotnet Ccc.Sdk.Emulator.dll</c> reads its settings from its own folder, and no log line carries a request's
/// query — where RPC <c>Signature</c>, <c>SecurityToken</c> and <c>BearerToken</c> travel — even at Information.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Neither_an_RPC_signature_nor_a_bearer_token_reaches_any_log_line()
    {
        using var logs = new FakeLoggerProvider();
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Emulator:HttpsUrls=https://127.0.0.1:0",
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft.AspNetCore=Information",
        ];
        await using var app = EmulatorProgram.CreateApp(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        var endpoint = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
        using var http = new HttpClient { BaseAddress = endpoint };

        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Action", "ListUsers"),
            new("Version", "2020-07-01"),
            new("InstanceId", "ccc-local"),
            new("PageNumber", "1"),
            new("PageSize", "10"),
            new("AccessKeyId", CccEmulator.DevAccessKeyId),
            new("SignatureMethod", RpcHmacSha1Signer.SignatureMethod),
            new("SignatureVersion", RpcHmacSha1Signer.SignatureVersion),
            new("SignatureNonce", Guid.NewGuid().ToString("N")),
            new("Timestamp", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        };
        var signature = RpcHmacSha1Signer.ComputeSignature("GET", parameters, CccEmulator.DevAccessKeySecret);
        parameters.Add(new("Signature", signature));
        using (var signed = await http.GetAsync("/?" + TestSigner.QueryString(parameters)))
        {
            Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());
        }

        const string bearer = "BearerTokenValueThatMustNeverBeLogged";
        using (await http.GetAsync($"/?Action=GetLoginDetails&Version=2020-07-01&InstanceId=ccc-local&SignatureType=BEARERTOKEN&BearerToken={bearer}"))
        {
        }

        const string forged = "ForgedSignatureValueMustNotBeLoggedEither";
        using (await http.GetAsync("/?" + TestSigner.QueryString(parameters.Take(parameters.Count - 1).Append(new("Signature", forged)))))
        {
        }

        await app.StopAsync();

        var lines = logs.Collector.GetSnapshot();
        Assert.Contains(lines, l => l.Category == "Microsoft.Hosting.Lifetime"); // the provider does see Information
        foreach (var line in lines)
        {
            var text = line.Message + " " + line.Exception;
            foreach (var secret in (string[])[signature, Uri.EscapeDataString(signature), bearer, forged, "Signature=", "BearerToken="])
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_content_root_is_the_app_folder_whatever_the_working_directory()
    {
        var previous = Environment.CurrentDirectory;
        var elsewhere = Directory.CreateTempSubdirectory("ccc-emulator-cwd-");
        try
        {
            Environment.CurrentDirectory = elsewhere.FullName;
            await using var app = EmulatorProgram.CreateApp(["--urls=http://127.0.0.1:0", "--Emulator:HttpsUrls=https://127.0.0.1:0"]);

            Assert.Equal(
                Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory),
                Path.TrimEndingDirectorySeparator(app.Environment.ContentRootPath));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            elsewhere.Delete(recursive: true);
        }
    }
}

/// <summary>Tests that change the process's working directory run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingDirectoryCollection
{
    public const string Name = "Process working directory";
}
