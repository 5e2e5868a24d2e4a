namespace Ccc.Sdk.Cli;

/// <summary>
/// The tool's exit codes (docs/cli.md, "Exit codes"): a script can tell "the service said no" from "you called me
/// wrong" from "nothing answered".
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The service (cloud or emulator) answered with an error code (<c>CccException</c>).</summary>
    public const int ServiceError = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing or malformed value.</summary>
    public const int UsageError = 2;

    /// <summary>Something the command needs is not configured: credentials, the instance id, a usable endpoint.</summary>
    public const int ConfigurationError = 3;

    /// <summary>Nothing answered at the endpoint (connection refused, DNS, time-out), or a receiver could not be reached.</summary>
    public const int Unreachable = 4;

    /// <summary>The command ran, but some of its items failed (e.g. some recordings were not downloaded).</summary>
    public const int PartialFailure = 5;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
