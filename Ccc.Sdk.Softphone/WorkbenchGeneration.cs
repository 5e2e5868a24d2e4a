using System.Diagnostics.CodeAnalysis;

namespace Ccc.Sdk.Softphone;

/// <summary>Which generation of the cloud's browser softphone (the Workbench SDK) the bridge talks to
/// (<see cref="SoftphoneOptions.Generation"/>, <see cref="Softphone.Generation"/>).</summary>
/// <remarks>The bridge has one small adapter per generation in <c>_content/Ccc.Sdk.Softphone/generations.js</c>; the
/// .NET API is the same for both. The Workbench SDK 1.x (CCC 1.0, API 2017-07-05) is not supported and is refused
/// (<see cref="SoftphoneErrorCodes.UnsupportedGeneration"/>).</remarks>
public enum WorkbenchGeneration
{
    /// <summary>Told by the script's address (<see cref="SoftphoneOptions.ScriptUrl"/>): <c>…/web-workbench-sdk/{v}/workbenchSdk(.min).js</c>
    /// and the emulator's <c>/workbench/workbenchSdk.js</c> are 2.x, <c>…/web-workbench-sdk/{v}/ui.min.js</c> or
    /// <c>core.min.js</c> and the emulator's <c>/workbench/v3/…</c> are 3.x; for any other address, by the global the loaded
    /// script defined (<c>CCCWorkbenchSDK</c>: 3.x, <c>WorkbenchSdk</c>: 2.x).</summary>
    Auto = 0,

    /// <summary>The Workbench SDK 2.x (<c>new WorkbenchSdk(config)</c>, last release 2.16.0, frozen by Alibaba), as its
    /// documentation describes it.</summary>
    V2 = 2,

    /// <summary>The Workbench SDK 3.x (<c>new CCCWorkbenchSDK(config)</c>, <c>ui.min.js</c> or <c>core.min.js</c>).</summary>
    /// <remarks>Experimental (diagnostic <c>CCCSOFTPHONE001</c>): only the scripts, the constructor and the config keys
    /// <c>dom</c>, <c>instanceId</c>, <c>ajaxOrigin</c> and <c>ajaxPath</c> are confirmed by public sources. The rest —
    /// callbacks as 2.x config functions with 2.x payloads, the 2.x method names (except <c>unmuteAgent</c>), the status
    /// codes and the shape of <c>getStatusCode()</c> — is assumed, and may change in a minor release once confirmed
    /// (docs/decisions/0019-workbench-3x-adapter.md). Using this member is a compile error until the diagnostic is
    /// suppressed (<c>#pragma warning disable CCCSOFTPHONE001</c> or <c>&lt;NoWarn&gt;CCCSOFTPHONE001&lt;/NoWarn&gt;</c>),
    /// which acknowledges that. <see cref="Auto"/> picks the 3.x adapter for a 3.x address without it.</remarks>
    [Experimental("CCCSOFTPHONE001")]
    V3 = 3,
}
