using System.Net;
using Ccc.Sdk.Emulator;
using Microsoft.Extensions.Configuration;

namespace Ccc.Sdk.Tests.Emulator;

/// <summary>The in-process host (<see cref="CccEmulator.StartAsync"/>) and the <c>dotnet run</c> configuration.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task StartAsync_with_defaults_listens_on_a_free_loopback_port_with_the_dev_identity()
    {
        await using var emulator = await CccEmulator.StartAsync();

        Assert.Equal("127.0.0.1", emulator.Endpoint.Host);
        Assert.NotEqual(0, emulator.Endpoint.Port);
        Assert.Equal(("ccc-local", "cn-shanghai"), (emulator.InstanceId, emulator.RegionId));
        Assert.Equal(("LTAI5tCccEmulatorDevKey", "CccEmulatorDevSecretDoNotUseInProduction"), (emulator.AccessKeyId, emulator.AccessKeySecret));
        Assert.Single(emulator.State.Instances);
    }

    [Fact]
    public async Task Two_emulators_run_side_by_side_and_disposing_one_stops_only_it()
    {
        await using var a = await CccEmulator.StartAsync();
        var b = await CccEmulator.StartAsync();
        Assert.NotEqual(a.Endpoint.Port, b.Endpoint.Port);

        await b.DisposeAsync();
        await b.DisposeAsync(); // idempotent

        using var http = new HttpClient();
        var alive = await http.GetAsync(a.Endpoint);
        Assert.Equal(HttpStatusCode.BadRequest, alive.StatusCode); // unsigned, but answered
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(b.Endpoint));
    }

    [Fact]
    public async Task StartAsync_refuses_invalid_options()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { MaxRequestBodyBytes = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { ClockSkewTolerance = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentException>(() => CccEmulator.StartAsync(new CccEmulatorOptions
        {
            Credentials = [new CccEmulatorCredential { AccessKeyId = CccEmulator.DevAccessKeyId, AccessKeySecret = "x" }],
        }));
    }

    [Fact]
    public async Task Seed_file_adds_an_instance_and_replaces_a_built_in_one_with_the_same_id()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """
                {
                  // comments and trailing commas are allowed
                  "Instances": [
                    { "InstanceId": "ccc-local", "SkillGroups": [ { "Name": "vip" } ],
                      "Users": [ { "LoginName": "solo", "DisplayName": "Solo", "RoleId": "Agent@ccc-local",
                                   "SkillLevels": [ { "SkillGroupId": "vip@ccc-local", "SkillLevel": 9 } ] } ] },
                    { "InstanceId": "ccc-second", "BreakCodes": ["default"] },
                  ],
                  "NumberLocations": [ { "Prefix": "0571", "Province": "浙江", "City": "杭州" } ]
                }
                """);
            await using var h = await EmulatorHarness.StartAsync(o => o.SeedFile = file);

            var users = await h.CallAsync("ListUsers", ("InstanceId", "ccc-local"), ("PageNumber", "1"), ("PageSize", "10"));
            var second = await h.CallAsync("ListUsers", ("InstanceId", "ccc-second"), ("PageNumber", "1"), ("PageSize", "10"));

            Assert.Equal("solo@ccc-local", Assert.Single(users.Data.GetProperty("List").EnumerateArray()).GetProperty("UserId").GetString());
            Assert.Equal("8001", users.Data.GetProperty("List")[0].GetProperty("Extension").GetString());
            Assert.Equal(0, second.Data.GetProperty("TotalCount").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Inconsistent_seed_file_fails_start_up_with_a_clear_message()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{ "Instances": [ { "InstanceId": "x", "Users": [ { "LoginName": "a", "RoleId": "Nope@x" } ] } ] }""");

            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => CccEmulator.StartAsync(new CccEmulatorOptions { SeedFile = file }));

            Assert.Contains("Nope@x", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Dotnet_run_binds_the_Emulator_section_and_defaults_to_port_8090()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:MaxRequestBodyBytes"] = "2048",
            ["Emulator:ClockSkewTolerance"] = "00:05:00",
            ["Emulator:SeedFile"] = "seed.json",
            ["Emulator:Credentials:0:AccessKeyId"] = "STS.ci",
            ["Emulator:Credentials:0:AccessKeySecret"] = "ci-secret",
            ["Emulator:Credentials:0:SecurityToken"] = "tok",
        }).Build();

        var options = EmulatorProgram.BindOptions(configuration);

        Assert.Equal("http://127.0.0.1:8090", options.Urls);
        Assert.Equal(2048, options.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ClockSkewTolerance);
        Assert.Equal("seed.json", options.SeedFile);
        Assert.Equal(("STS.ci", "tok"), (options.Credentials[0].AccessKeyId, options.Credentials[0].SecurityToken));
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }

    [Fact]
    public void Dotnet_run_lets_urls_override_the_configured_address()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:9999",
            ["Emulator:Urls"] = "http://127.0.0.1:7777",
        }).Build();

        Assert.Equal("http://127.0.0.1:9999", EmulatorProgram.BindOptions(configuration).Urls);
    }
}
