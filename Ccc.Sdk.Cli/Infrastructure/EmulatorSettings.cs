using System.Globalization;
using Spectre.Console;

namespace Ccc.Sdk.Cli;

/// <summary>
/// The options of the commands that need an emulator (<c>listen</c>, <c>trigger</c>, <c>events</c>, <c>phones</c>): those of
/// <see cref="CccSettings"/>, with two defaults of their own: the endpoint is the emulator's default
/// (<c>http://127.0.0.1:8090</c>) when neither <c>--endpoint</c> nor <c>CCC_ENDPOINT</c> names one, and the instance
/// <c>ccc-local</c>.
/// </summary>
internal class EmulatorSettings : CccSettings
{
    /// <summary>The emulator's address: the option, the environment, else <see cref="Ccc.Sdk.Emulator.EmulatorProgram.DefaultRunUrls"/>.</summary>
    public Uri ResolveEmulatorEndpoint() => ResolveEndpoint() ?? new Uri(Ccc.Sdk.Emulator.EmulatorProgram.DefaultRunUrls);

    /// <summary>The instance: the option, the environment, else <c>ccc-local</c>.</summary>
    public string ResolveInstance() =>
        new[] { Instance, Environment.GetEnvironmentVariable(InstanceVariable) }.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v))
        ?? Ccc.Sdk.Emulator.CccEmulator.DefaultInstanceId;

    /// <summary>A <see cref="CccClient"/> for the same emulator (the OpenAPI: UpdateSubscription, MakeCall, …).</summary>
    public (CccClient Client, string CredentialSource) CreateClient(Uri endpoint, TextWriter notes)
    {
        Endpoint = endpoint.ToString();
        Instance = ResolveInstance();
        return ClientFactory.Create(this, notes);
    }
}

/// <summary>Durations on the command line: <c>500ms</c>, <c>2s</c>, <c>1.5s</c>, <c>3m</c>, <c>1h</c>; a bare number is seconds.</summary>
internal static class Durations
{
    /// <summary>Parses <paramref name="text"/>; null when it is not a duration from 0 to 24 h.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : text.EndsWith('h') ? (text[..^1], 3_600_000.0)
            : (text, 1000.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var ms = value * unit;
        return ms is >= 0 and <= 24 * 3_600_000.0 ? TimeSpan.FromMilliseconds(Math.Round(ms)) : null;
    }

    /// <summary>A Spectre validation error for an option that is not a duration, or success.</summary>
    public static ValidationResult Check(string option, string? text) =>
        text is null || Parse(text) is not null
            ? ValidationResult.Success()
            : ValidationResult.Error($"{option} must be a duration like 500ms, 2s, 1.5s or 3m (at most 24h), not '{text}'.");
}
