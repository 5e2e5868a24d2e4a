using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ccc.Sdk;

/// <summary>
/// The source-generated serializer for the hand-written models. It reads as tolerantly as the generated layer's
/// (<see cref="CccGeneratedJsonContext"/>, the same converters): a number where a string is described still reads, as
/// does a numeric string where a number is.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [
        typeof(TolerantStringConverter),
        typeof(TolerantInt32Converter),
        typeof(TolerantInt64Converter),
        typeof(TolerantDoubleConverter),
        typeof(TolerantBooleanConverter)])]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<SkillLevelAssignment>))]
[JsonSerializable(typeof(CccUser))]
[JsonSerializable(typeof(CccPagedData<CccUser>))]
[JsonSerializable(typeof(CccPagedData<SkillGroup>))]
[JsonSerializable(typeof(CccPagedData<PhoneNumber>))]
[JsonSerializable(typeof(CccPagedData<RealtimeAgentState>))]
[JsonSerializable(typeof(CccPagedData<OutboundNumber>))]
[JsonSerializable(typeof(UserContext))]
[JsonSerializable(typeof(LoginDetails))]
[JsonSerializable(typeof(UserStatus))]
[JsonSerializable(typeof(NumberLocation))]
[JsonSerializable(typeof(CallControlResult))]
[JsonSerializable(typeof(CallDetailRecordDetails))]
[JsonSerializable(typeof(CccPagedData<CallDetailRecord>))]
[JsonSerializable(typeof(MonoRecording))]
internal sealed partial class CccJsonContext : JsonSerializerContext
{
    /// <summary>For JSON text sent in parameters: non-ASCII characters as themselves (e.g. Chinese skill group names), not <c>\uXXXX</c>.</summary>
    public static CccJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new TolerantStringConverter(), new TolerantInt32Converter(), new TolerantInt64Converter(), new TolerantDoubleConverter(), new TolerantBooleanConverter() },
    });
}
