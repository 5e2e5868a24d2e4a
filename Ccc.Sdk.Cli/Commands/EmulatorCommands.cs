using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli.Commands;

/// <summary>
/// Commands for the local emulator: starting one, and those that use its control API (<c>/_emulator/…</c>), which the
/// cloud does not have.
/// </summary>
internal static class EmulatorCommands
{
    public static void Register(IConfigurator config)
    {
        _ = config;
    }
}
