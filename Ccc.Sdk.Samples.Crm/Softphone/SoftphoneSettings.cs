namespace Ccc.Sdk.Samples.Crm.Softphone;

/// <summary>Where the agents' browser softphone comes from, and the proxy it calls.</summary>
/// <param name="ScriptUrl">The Workbench SDK script: the embedded emulator's <c>/workbench/workbenchSdk.js</c>, or the
/// cloud's published script (<c>Crm:Softphone:ScriptUrl</c>).</param>
/// <param name="InstanceId">The call center instance.</param>
/// <param name="RegionId">Its region.</param>
/// <param name="PhonePageUrl">Embedded emulator only: its simulated customer phone page, linked from the customers list.</param>
public sealed record SoftphoneSettings(string ScriptUrl, string InstanceId, string RegionId, Uri? PhonePageUrl)
{
    /// <summary>The path <c>MapCccWorkbenchProxy</c> is mapped on; the softphone's <c>ajaxPath</c>.</summary>
    public const string ProxyPath = "/ccc/workbench-api";
}
