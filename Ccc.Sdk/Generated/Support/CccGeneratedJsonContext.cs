using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>
/// The options of the generated types' serializer (its types are listed in CccGeneratedJsonContext.cs in Ccc.Sdk/Generated). Property names
/// are matched exactly as the description spells them (two fields of one model may differ only in case, e.g.
/// <c>LastCheckOutTime</c> and <c>LastCheckoutTime</c>); values are read tolerantly, like the hand-written models: a
/// number or boolean where a string is described reads as its text, a numeric or boolean string where a number or
/// boolean is described reads as its value, an empty string as <see langword="null"/>.
/// </summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [
        typeof(TolerantStringConverter),
        typeof(TolerantInt32Converter),
        typeof(TolerantInt64Converter),
        typeof(TolerantDoubleConverter),
        typeof(TolerantBooleanConverter)])]
internal sealed partial class CccGeneratedJsonContext
{
    /// <summary>For JSON text sent in parameters: compact, non-ASCII characters as themselves (not <c>\uXXXX</c>).</summary>
    public static CccGeneratedJsonContext Wire { get; } = new(CreateWireOptions());

    private static JsonSerializerOptions CreateWireOptions()
    {
        var options = new JsonSerializerOptions
        {
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new TolerantStringConverter());
        options.Converters.Add(new TolerantInt32Converter());
        options.Converters.Add(new TolerantInt64Converter());
        options.Converters.Add(new TolerantDoubleConverter());
        options.Converters.Add(new TolerantBooleanConverter());
        return options;
    }
}
