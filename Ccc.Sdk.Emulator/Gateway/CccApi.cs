namespace Ccc.Sdk.Emulator.Gateway;

/// <summary>Constants of the wire protocol the emulator serves.</summary>
internal static class CccApi
{
    /// <summary>The only OpenAPI version served.</summary>
    public const string Version = "2020-07-01";

    /// <summary>Envelope <c>Code</c> of a successful call.</summary>
    public const string Ok = "OK";
}
