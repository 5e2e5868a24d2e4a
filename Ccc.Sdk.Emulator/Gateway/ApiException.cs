namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>
/// A request the emulator refuses, as the cloud would: carries the envelope's <c>Code</c>, HTTP status,
/// message and the <c>%s</c> placeholder values that the cloud returns in <c>Params</c>.
/// Create these only through <see cref="ApiErrors"/> so every code lives in one place.
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(int httpStatusCode, string code, string message, IReadOnlyList<string>? messageParams = null)
        : base(message)
    {
        HttpStatusCode = httpStatusCode;
        Code = code;
        MessageParams = messageParams ?? [];
    }

    public int HttpStatusCode { get; }

    public string Code { get; }

    public IReadOnlyList<string> MessageParams { get; }
}
