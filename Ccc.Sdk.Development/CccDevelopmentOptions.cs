using Ccc.Sdk.Emulator;
using Ccc.Sdk.Softphone;

namespace Ccc.Sdk.Development;

/// <summary>Options of <c>AddCccEmulatorAsync</c>: how the embedded emulator starts and what is pointed at it.</summary>
public sealed class CccDevelopmentOptions
{
    /// <summary>The emulator's own options (seed, webhook secret, clock, …). Its listening addresses must be loopback.</summary>
    /// <value>The defaults: a free port on <c>127.0.0.1</c>.</value>
    public CccEmulatorOptions Emulator { get; } = new();

    /// <summary>Whether the emulator may start outside the Development environment (e.g. in an integration-test or demo
    /// environment). The emulator accepts a well-known public key, so never set this on a server anyone else can reach.</summary>
    /// <value><see langword="false"/>: outside Development the call throws.</value>
    public bool AllowOutsideDevelopment { get; set; }

    /// <summary>Whether the softphone loads the emulator's 3.x surface (<see cref="CccEmulator.WorkbenchV3ScriptUrl"/>)
    /// instead of its 2.x stand-in (<see cref="CccEmulator.WorkbenchScriptUrl"/>).</summary>
    /// <value><see langword="false"/>: the 2.x stand-in.</value>
    public bool UseWorkbenchV3Script { get; set; }

    /// <summary>More softphone settings, applied after <c>ScriptUrl</c>, <c>InstanceId</c> and <c>RegionId</c> were pointed
    /// at the emulator (e.g. <c>AutoRegister</c>, <c>MaskCustomerNumbers</c>).</summary>
    /// <value><see langword="null"/>: none.</value>
    public Action<SoftphoneOptions>? Softphone { get; set; }

    /// <summary>More client settings, applied after <c>Endpoint</c>, the keys, <c>InstanceId</c> and <c>RegionId</c> were
    /// pointed at the emulator (e.g. timeouts).</summary>
    /// <value><see langword="null"/>: none.</value>
    public Action<CccClientOptions>? Client { get; set; }
}
