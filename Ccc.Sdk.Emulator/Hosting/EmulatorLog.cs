namespace Ccc.Sdk.Emulator.Hosting;

/// <summary>
/// The emulator's own log categories (docs/emulator.md#seeing-into-the-emulator) and the clean-up of values a caller
/// chose (an action name, a key id) before they reach a log line.
/// </summary>
internal static class EmulatorLog
{
    /// <summary>One line per OpenAPI request: action, AccessKeyId, result code, HTTP status, milliseconds.</summary>
    public const string ApiCategory = "Ccc.Sdk.Emulator.Api";

    /// <summary>One line per webhook push attempt: event type, target host and path, attempt, answer, milliseconds.</summary>
    public const string PushCategory = "Ccc.Sdk.Emulator.Push";

    private const int MaxValueLength = 64;

    /// <summary>
    /// A caller-chosen value fit for one log line: control characters replaced by '?', at most 64 characters, "-" when
    /// absent, so a request cannot forge extra lines.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        var text = value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value;
        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
