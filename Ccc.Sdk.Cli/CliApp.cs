using Ccc.Sdk.Auth;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ccc.Sdk.Cli;

/// <summary>
/// The command tree of <c>ccc</c> and how a failure becomes an exit code and one line on stderr. Commands for the
/// cloud and the emulator alike are registered by <see cref="Commands.CloudCommands"/>; those that need an emulator by
/// <see cref="Commands.EmulatorCommands"/>.
/// </summary>
internal static class CliApp
{
    /// <summary>Runs <paramref name="args"/>; returns one of <see cref="ExitCodes"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where tables, progress and live lines go (stdout).</param>
    /// <param name="errors">Where the one-line failure message goes (stderr).</param>
    /// <param name="cancellationToken">Ctrl+C / SIGTERM.</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter errors, CancellationToken cancellationToken)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("ccc");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(console);
            config.UseStrictParsing();
            config.CancellationExitCode(ExitCodes.Cancelled);
            config.SetExceptionHandler((exception, _) => Fail(exception, errors, cancellationToken));
            Commands.CloudCommands.Register(config);
            Commands.EmulatorCommands.Register(config);
        });
        return await app.RunAsync(args, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tool's version (<c>ccc --version</c>): the package version, without the build's commit.</summary>
    internal static string Version =>
        (typeof(CliApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>Maps a failure to its exit code and writes one line, never a stack trace nor a secret.</summary>
    internal static int Fail(Exception exception, TextWriter errors, CancellationToken cancellationToken)
    {
        var (code, message) = Describe(exception, cancellationToken);
        errors.WriteLine("ccc: " + message);
        return code;
    }

    internal static (int ExitCode, string Message) Describe(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        CliException e => (e.ExitCode, e.Message),
        OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Cancelled, "cancelled."),
        CommandAppException e => (ExitCodes.UsageError, e.Message + " (see ccc --help)"),
        CccCredentialException e => (ExitCodes.ConfigurationError, e.Message),
        CccException { HttpStatusCode: 0 } e => (ExitCodes.Unreachable, $"{e.Code}: {e.Message}"),
        CccException e => (ExitCodes.ServiceError, $"{e.Code}: {e.ServiceMessage ?? e.Message}{(e.RequestId is null ? "" : $" (RequestId {e.RequestId})")}"),
        HttpRequestException e => (ExitCodes.Unreachable, "nothing answered: " + Describe(e)),
        _ => (ExitCodes.ServiceError, $"unexpected failure ({exception.GetType().Name}): {exception.Message}"),
    };

    private static string Describe(HttpRequestException e) =>
        e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "the connection was refused or dropped",
            HttpRequestError.NameResolutionError => "the host name could not be resolved",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            _ => e.StatusCode is { } status ? $"HTTP {(int)status}" : "the request failed",
        };
}
