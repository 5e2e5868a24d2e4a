using Spectre.Console;

namespace Ccc.Sdk.Cli;

/// <summary>Entry point of the <c>ccc</c> tool.</summary>
internal static class Program
{
    /// <summary>Runs one command; Ctrl+C cancels it (exit code <see cref="ExitCodes.Cancelled"/>).</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C asks the command to stop cleanly; a second one ends the process.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            return await CliApp.RunAsync(args, AnsiConsole.Console, Console.Error, cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
