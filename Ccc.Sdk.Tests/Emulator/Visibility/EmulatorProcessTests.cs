using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ccc.Sdk.Emulator;

namespace Ccc.Sdk.Tests.Emulator.Visibility;

/// <summary>
/// The built emulator program (<c>dotnet Ccc.Sdk.Emulator.dll</c>, as <c>dotnet run</c> starts it) as a child process:
/// a port already in use is one line naming it and the option to change it, with a non-zero exit and no stack trace;
/// SIGTERM and Ctrl-C (SIGINT) stop it cleanly with exit code 0 and a "stopped" line.
/// </summary>
public sealed class EmulatorProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_taken_http_port_is_one_line_naming_the_port_and_the_urls_option()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        await using var emulator = Start($"http://127.0.0.1:{port}", $"https://127.0.0.1:{FreePort.Next()}");
        var exit = await emulator.WaitForExitAsync(Patience);

        Assert.Equal(EmulatorProgram.PortInUseExitCode, exit);
        var line = Assert.Single(emulator.Output, l => l.Trim().Length > 0);
        Assert.Contains($"port {port}", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_https_port_names_the_https_option()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        await using var emulator = Start($"http://127.0.0.1:{FreePort.Next()}", $"https://127.0.0.1:{port}");
        var exit = await emulator.WaitForExitAsync(Patience);

        Assert.Equal(EmulatorProgram.PortInUseExitCode, exit);
        var line = Assert.Single(emulator.Output, l => l.Trim().Length > 0);
        Assert.Contains($"port {port}", line, StringComparison.Ordinal);
        Assert.Contains("--Emulator:HttpsUrls", line, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.Output, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_stops_it_cleanly_with_exit_code_0_and_a_stopped_line(string signal)
    {
        var http = FreePort.NextHttpAddress();
        await using var emulator = Start(http.ToString().TrimEnd('/'), $"https://127.0.0.1:{FreePort.Next()}");
        await emulator.WaitForLineAsync(l => l.Contains("/_emulator/health", StringComparison.Ordinal), Patience); // the banner's last line
        await emulator.WaitForHttpAsync(http, "/_emulator/health", Patience, successOnly: true);

        using (var kill = Process.Start("kill", ["-" + signal, emulator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        Assert.Equal(0, await emulator.WaitForExitAsync(Patience));
        Assert.Equal("CCC emulator stopped.", emulator.Output.Last(l => l.Trim().Length > 0));
        Assert.DoesNotContain(emulator.Output, l => l.Contains("Exception", StringComparison.Ordinal));
    }

    private static ChildProcess Start(string urls, string httpsUrls) =>
        ChildProcess.StartDotnet(Repository.BuiltDll("Ccc.Sdk.Emulator"), ["--urls", urls, "--Emulator:HttpsUrls=" + httpsUrls]);
}
