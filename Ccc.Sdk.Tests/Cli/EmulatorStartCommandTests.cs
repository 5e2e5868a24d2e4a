using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Ccc.Sdk.TestSupport;

namespace Ccc.Sdk.Tests.Cli;

/// <summary><c>ccc emulator start</c> as a child process on free ports: banner, health, clock, SIGTERM, a taken port.</summary>
public sealed class EmulatorStartCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Starts_with_the_banner_on_the_given_ports_and_clock_and_stops_cleanly_on_SIGTERM()
    {
        var port = FreePort.Next();
        await using var emulator = ChildProcess.StartDotnet(CliRunner.Dll,
            ["emulator", "start", "--port", Num(port), "--https-port", Num(FreePort.Next()), "--clock", "2026-12-07T09:00+08:00"]);
        await emulator.WaitForLineAsync(l => l.Contains("/_emulator/health", StringComparison.Ordinal), Patience);
        Assert.Contains(emulator.Output, l => l.Contains($"listening on http://127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.Contains(emulator.Output, l => l.Contains("AccessKeyId:", StringComparison.Ordinal));
        Assert.Contains(emulator.Output, l => l.Contains("Clock:", StringComparison.Ordinal) && l.Contains("2026-12-07T09:00:00+08:00", StringComparison.Ordinal));

        using (var http = new HttpClient())
        {
            var health = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/_emulator/health");
            Assert.Equal("ok", health.GetProperty("status").GetString());
            Assert.StartsWith("2026-12-07T01:0", health.GetProperty("time").GetString(), StringComparison.Ordinal);
        }

        using (var kill = Process.Start("kill", ["-TERM", Num(emulator.Id)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.Equal(0, await emulator.WaitForExitAsync(Patience));
        Assert.Equal("CCC emulator stopped.", emulator.Output.Last(l => l.Trim().Length > 0));
        Assert.DoesNotContain(emulator.Output, l => l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_taken_port_is_one_line_naming_the_tools_port_option_and_exit_2()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        var result = await CliRunner.RunAsync(["emulator", "start", "--port", Num(taken), "--https-port", Num(FreePort.Next())]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Stderr.Split('\n'), l => l.Trim().Length > 0);
        Assert.Contains($"port {taken}", line, StringComparison.Ordinal);
        Assert.Contains("--port OTHERPORT", line, StringComparison.Ordinal);
        Assert.DoesNotContain("--urls", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_clock_or_a_missing_seed_file_is_a_usage_error()
    {
        var clock = await CliRunner.RunAsync(["emulator", "start", "--clock", "next monday"]);
        Assert.Equal(2, clock.ExitCode);
        Assert.Contains("--clock", clock.Stderr, StringComparison.Ordinal);

        var seed = await CliRunner.RunAsync(["emulator", "start", "--seed", "/nonexistent/seed.json"]);
        Assert.Equal(2, seed.ExitCode);
        Assert.Contains("--seed", seed.Stderr, StringComparison.Ordinal);
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
