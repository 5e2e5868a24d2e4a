namespace Ccc.Sdk.Softphone;

/// <summary>How the browser softphone (the CCC Workbench SDK) is loaded and configured.</summary>
/// <remarks>The names follow the Workbench SDK's own config (<c>new WorkbenchSdk({...})</c>; the 3.x adapter passes the
/// same names to <c>new CCCWorkbenchSDK({...})</c>, of which <c>dom</c>, <c>instanceId</c>, <c>ajaxOrigin</c> and
/// <c>ajaxPath</c> are confirmed for 3.x, and sends <c>regionId</c> only when set); an unset optional value
/// is not sent, so the SDK's own default applies.</remarks>
public sealed class SoftphoneOptions
{
    /// <summary>The address of the Workbench SDK script (e.g. <c>//g.alicdn.com/cloudcallcenter/web-workbench-sdk/2.16.0/workbenchSdk.min.js</c>
    /// or the emulator's workbench script; 3.x: <c>…/web-workbench-sdk/{version}/ui.min.js</c> or <c>core.min.js</c>). Loaded once
/// per page; skipped when the global of its generation (<c>window.WorkbenchSdk</c>, <c>window.CCCWorkbenchSDK</c>) already exists.</summary>
    /// <value>Required.</value>
    public string ScriptUrl { get; set; } = "";

    /// <summary>Which generation of the Workbench SDK <see cref="ScriptUrl"/> is, i.e. which adapter of the bridge runs it.</summary>
    /// <value><see cref="WorkbenchGeneration.Auto"/>: told by the script's address, else by the global the loaded script
    /// defined. A generation the address contradicts (3.x with a <c>workbenchSdk.min.js</c> address, 2.x with a
    /// <c>ui.min.js</c>/<c>core.min.js</c> one) is refused at start (<see cref="SoftphoneErrorCodes.GenerationMismatch"/>);
    /// set it for a self-hosted copy whose address tells nothing.</value>
    public WorkbenchGeneration Generation { get; set; }

    /// <summary>The address of the SDK's style sheet, loaded once per page; only needed when the SDK's own panel is shown.</summary>
    /// <value><see langword="null"/>: no style sheet.</value>
    public string? CssUrl { get; set; }

    /// <summary>The CCC instance (<c>instanceId</c>).</summary>
    /// <value>Required.</value>
    public string InstanceId { get; set; } = "";

    /// <summary>The region of the instance (<c>regionId</c>).</summary>
    /// <value><c>cn-shanghai</c>.</value>
    public string RegionId { get; set; } = "cn-shanghai";

    /// <summary>The origin of the CRM backend that proxies the SDK's API calls (<c>ajaxOrigin</c>).</summary>
    /// <value><see langword="null"/>: the SDK uses <c>location.origin</c>.</value>
    public string? AjaxOrigin { get; set; }

    /// <summary>The path of the backend proxy (<c>ajaxPath</c>).</summary>
    /// <value><see langword="null"/>: the SDK uses <c>/data/api.json</c>.</value>
    public string? AjaxPath { get; set; }

    /// <summary>The HTTP method of the proxy calls (<c>ajaxMethod</c>): <c>post</c> or <c>get</c>.</summary>
    /// <value><see langword="null"/>: the SDK uses <c>post</c>.</value>
    public string? AjaxMethod { get; set; }

    /// <summary>Extra HTTP headers on every proxy call (<c>ajaxHeaders</c>), e.g. the anti-forgery request token that
    /// <c>MapCccWorkbenchProxy</c> requires, under <c>RequestVerificationToken</c>. The token belongs to the signed-in user:
    /// set it on options built for the user's page (<see cref="SoftphoneHost.Options"/>), not on the application-wide ones.</summary>
    /// <value><see langword="null"/>: no extra headers.</value>
    public IDictionary<string, string>? AjaxHeaders { get; set; }

    /// <summary>Whether the proxy calls carry cookies to another origin (<c>withCredentials</c>); only needed when
    /// <see cref="AjaxOrigin"/> is not the page's origin.</summary>
    /// <value><see langword="null"/>: the SDK's default (off).</value>
    public bool? WithCredentials { get; set; }

    /// <summary>Extra form fields on every proxy call, sent next to <c>request</c> (<c>ajaxOtherParams</c>).</summary>
    /// <value><see langword="null"/>: none.</value>
    public IDictionary<string, string>? AjaxOtherParams { get; set; }

    /// <summary>Whether the SDK shows its own panel (<c>defaultVisible</c>). Off here, unlike the SDK: the CRM builds its own
    /// call UI and drives the softphone through <see cref="Softphone"/> (headless mode).</summary>
    /// <value><see langword="false"/>.</value>
    public bool DefaultVisible { get; set; }

    /// <summary>After-call work (<c>afterCallRule</c>): a whole number of seconds (e.g. <c>"15"</c>) or <c>"manual"</c>.</summary>
    /// <value><see langword="null"/>: the SDK's default, 15 seconds.</value>
    public string? AfterCallRule { get; set; }

    /// <summary>Answer incoming calls automatically after this many seconds (<c>autoAnswerCall</c>).</summary>
    /// <value><see langword="null"/>: the agent answers.</value>
    public int? AutoAnswerCallSeconds { get; set; }

    /// <summary>Whether the SDK toasts the API name, error code and request id of failed API calls (<c>exportErrorOfApi</c>).</summary>
    /// <value><see langword="null"/>: the SDK's default (off).</value>
    public bool? ExportErrorOfApi { get; set; }

    /// <summary>Whether customer numbers in <see cref="Softphone.CallComing"/> and <see cref="Softphone.CallDialing"/> are masked
    /// (<c>13800000001</c> → <c>138****0001</c>), as the cloud's console does when the instance hides customer numbers.</summary>
    /// <value><see langword="false"/>.</value>
    public bool MaskCustomerNumbers { get; set; }

    /// <summary>How long <see cref="Softphone.BeforeHangUp"/> may take to decide a hang-up; when it takes longer the hang-up
    /// goes ahead (the failure is logged).</summary>
    /// <value>10 seconds.</value>
    public TimeSpan BeforeHangUpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the softphone registers by itself (<c>register</c>) when the SDK is initialised (<c>onInit</c>) in the
    /// tab that owns it: after the application's own <see cref="Softphone.Initialized"/> handlers, and only when none of
    /// them called <see cref="Softphone.RegisterAsync"/> since that <c>onInit</c> and the SDK still reports
    /// <see cref="SoftphoneStatus.Unregistered"/> (a handler that registered first always wins). Followers never register.
    /// Meant for a CRM whose agents are on duty whenever the page is open; leave it off to register from a button.</summary>
    /// <value><see langword="false"/>.</value>
    public bool AutoRegister { get; set; }

    /// <summary>The skill groups <see cref="AutoRegister"/> checks in to. Empty sends <c>register([])</c>: the emulator's
    /// script then signs the agent in to all of the agent's skill groups; what the cloud's SDK does with an empty list is
    /// not documented, so in production list the groups (e.g. from <c>ListSkillLevelsOfUser</c>).</summary>
    /// <value>Empty.</value>
    public IList<SkillGroupLogin> AutoRegisterSkillGroups { get; } = [];

    /// <summary>The media access point <see cref="AutoRegister"/> registers with: a <c>region</c> from
    /// <c>GetTurnServerList</c>, or <c>default</c> (the SDK picks the nearest).</summary>
    /// <value><c>default</c>.</value>
    public string AutoRegisterAccessPoint { get; set; } = "default";
}
