using System.Globalization;
using System.Text;

namespace Ccc.Sdk.AspNetCore.Diagnostics;

/// <summary>Makes text a caller sent (headers, query values) safe to put in a log line.</summary>
internal static class UntrustedText
{
    /// <summary>The longest value logged, in characters; longer ones are cut and end with <c>…</c>.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// <paramref name="value"/> without control, format (bidi overrides, zero-width) or line/paragraph separator
    /// characters — so it cannot forge or hide log lines — and cut to <paramref name="maxLength"/> characters.
    /// </summary>
    public static string? ForLog(string? value, int maxLength = MaxLength)
    {
        if (value is null)
        {
            return null;
        }

        var text = new StringBuilder(Math.Min(value.Length, maxLength + 1));
        foreach (char c in value)
        {
            if (IsUnsafe(c))
            {
                continue;
            }

            if (text.Length == maxLength)
            {
                // Never end on half a surrogate pair.
                if (char.IsHighSurrogate(text[^1]))
                {
                    text.Length--;
                }

                return text.Append('…').ToString();
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
