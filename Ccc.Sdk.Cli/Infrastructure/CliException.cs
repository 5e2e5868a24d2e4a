namespace Ccc.Sdk.Cli;

/// <summary>A failure the tool reports as one line on stderr with its own exit code (never a stack trace).</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>One of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; }

    public static CliException Usage(string message) => new(ExitCodes.UsageError, message);

    public static CliException Configuration(string message) => new(ExitCodes.ConfigurationError, message);
}
