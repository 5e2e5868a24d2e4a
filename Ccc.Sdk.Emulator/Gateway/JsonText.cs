using System.Text.Json;

namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// JSON text the emulator accepts from callers (JSON-valued OpenAPI parameters, control-API bodies). JSON allows an
/// escaped lone surrogate (<c>"\ud800"</c>) that is not Unicode text; <see cref="JsonElement.GetString"/> throws on
/// one. Parsing here checks every string and property name once, so no handler ever meets one.
/// </summary>
internal static class JsonText
{
    /// <summary>Parses <paramref name="text"/>; null when it is not JSON or holds a string that is not valid Unicode.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="maxDepth">Deepest nesting accepted.</param>
    public static JsonDocument? TryParse(string text, int maxDepth = 16)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException)
        {
            return null;
        }

        if (!IsValidText(document.RootElement))
        {
            document.Dispose();
            return null;
        }

        return document;
    }

    /// <summary>Every string and property name below <paramref name="element"/> decodes to valid UTF-16.</summary>
    public static bool IsValidText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(IsValidText);
                case JsonValueKind.Object:
                    return element.EnumerateObject().All(p => p.Name is not null && IsValidText(p.Value));
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
