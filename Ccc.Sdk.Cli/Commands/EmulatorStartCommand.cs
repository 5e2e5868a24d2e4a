using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// <c>ccc emulator start [--port N] [--https-port N] [--seed FILE] [--clock TIME] [--verbose]</c>: runs the emulator in
/// the tool's own process through its public entry (<see cref="Ccc.Sdk.Emulator.EmulatorProgram.RunAsync"/>): the same
/// banner and log lines as <c>dotnet run --project Ccc.Sdk.Emulator</c>; a port in use is one line naming
/// <c>--port</c>/<c>--https-port</c> and exit 2; Ctrl+C or SIGTERM stops it cleanly with exit 0.
/// </summary>
internal sealed class EmulatorStartCommand : AsyncCommand<EmulatorStartCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("The HTTP port (OpenAPI, control API) on 127.0.0.1. Default: 8090.")]
        public int Port { get; set; } = 8090;

        [CommandOption("--https-port <PORT>")]
        [Description("The HTTPS port (OpenAPI, OAuth2 server) on 127.0.0.1. Default: 8443.")]
        public int HttpsPort { get; set; } = 8443;

        [CommandOption("--seed <FILE>")]
        [Description("A JSON seed file that replaces or extends the built-in ccc-local instance (docs/emulator.md).")]
        public string? Seed { get; set; }

        [CommandOption("--clock <TIME>")]
        [Description("Start the emulator's clock at this time, e.g. 2026-12-07T09:00+08:00; it runs at normal speed from there.")]
        public string? Clock { get; set; }

        [CommandOption("--verbose")]
        [Description("The framework's request lines and the emulator's debug lines too.")]
        public bool Verbose { get; set; }

        public DateTimeOffset? ClockStart =>
            Clock is null ? null
            : DateTimeOffset.TryParse(Clock, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

        public override ValidationResult Validate()
        {
            foreach (var (name, port) in new[] { ("--port", Port), ("--https-port", HttpsPort) })
            {
                if (port is < 0 or > 65535)
                {
                    return ValidationResult.Error($"{name} must be a port from 0 to 65535 (0: any free one), not {port}.");
                }
            }

            if (Port == HttpsPort && Port != 0)
            {
                return ValidationResult.Error("--port and --https-port must differ.");
            }

            if (Clock is not null && ClockStart is null)
            {
                return ValidationResult.Error($"--clock must be a date and time like 2026-12-07T09:00+08:00, not '{Clock}'.");
            }

            return Seed is not null && !File.Exists(Seed)
                ? ValidationResult.Error($"--seed: no file '{Seed}'.")
                : ValidationResult.Success();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:" + settings.Port.ToString(CultureInfo.InvariantCulture),
            "--Emulator:HttpsUrls=https://127.0.0.1:" + settings.HttpsPort.ToString(CultureInfo.InvariantCulture),
        };
        if (settings.Seed is { } seed)
        {
            args.Add("--Emulator:SeedFile=" + Path.GetFullPath(seed));
        }

        if (settings.ClockStart is { } clock)
        {
            args.Add("--Emulator:ClockStart=" + clock.ToString("O", CultureInfo.InvariantCulture));
        }

        if (settings.Verbose)
        {
            args.Add("--verbose");
        }

        return Ccc.Sdk.Emulator.EmulatorProgram.RunAsync([.. args], "--port", "--https-port", cancellationToken);
    }
}
