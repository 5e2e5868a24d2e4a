namespace Ccc.Sdk.Samples.Crm;

/// <summary>How the sample runs.</summary>
/// <param name="UsesEmbeddedEmulator">Whether the CRM talks to the emulator it started itself (the default), with
/// simulated customer phones, rather than to the cloud.</param>
public sealed record CrmMode(bool UsesEmbeddedEmulator);
