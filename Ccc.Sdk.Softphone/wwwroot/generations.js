// Ccc.Sdk.Softphone, the Workbench SDK's generations: which generation a script address is, the payload-shape functions
// that turn what the SDK passes into the one shape .NET binds, and one adapter per supported generation (2.x
// window.WorkbenchSdk, 3.x window.CCCWorkbenchSDK). Everything generation-specific lives in this file; softphone.js (the
// .NET bridge) and tabs.js (the tab election) only talk to an adapter (docs/softphone.md, "Supported generations";
// docs/decisions/0019-workbench-3x-adapter.md).

// ---- generations: which Workbench SDK a script address is -----------------------------------------------------------
//
// The cloud's browser SDK comes in three generations. 1.x and 2.x both define window.WorkbenchSdk and their version
// numbers overlap (both had 1.1.x builds), so the generation is told by the script's address, never its version
// (docs/softphone.md, "Supported generations"). Each row: the generation, and a pattern matched against the address's
// path (case-insensitive; the host is not checked, so a self-hosted copy that keeps the CDN's path is still recognised).
// The first matching row wins; an address no row matches is 'unknown', and the generation is then read from the global
// the loaded script defined. To correct a pattern, change its row here and its case in
// Ccc.Sdk.Tests/Browser/SoftphoneGenerationTests.cs.
export const GENERATIONS = [
    // 1.x, CCC 1.0 (API 2017-07-05): //g.alicdn.com/acca/workbench-sdk/{v}/workbenchSdk.min.js
    { generation: '1.x', pattern: /\/acca\/workbench-sdk\// },
    // 1.x, the 2018 pages' scripts: //g.alicdn.com/crm/acc-phone/{v}/index.js
    { generation: '1.x', pattern: /\/crm\/acc-phone\// },
    // 2.x, CCC 2.0 (API 2020-07-01): //g.alicdn.com/cloudcallcenter/web-workbench-sdk/{v}/workbenchSdk(.min).js
    { generation: '2.x', pattern: /\/cloudcallcenter\/web-workbench-sdk\/[^/]+\/workbenchsdk(\.min)?\.js$/ },
    // 3.x: //g.alicdn.com/cloudcallcenter/web-workbench-sdk/{v}/ui.min.js or core.min.js
    { generation: '3.x', pattern: /\/cloudcallcenter\/web-workbench-sdk\/[^/]+\/(ui|core)(\.min)?\.js$/ },
    // The emulator's 3.x surface: {emulator}/workbench/v3/core.min.js or ui.min.js
    { generation: '3.x', pattern: /\/workbench\/v3\/(ui|core)(\.min)?\.js$/ },
    // The emulator's 2.x stand-in: {emulator}/workbench/workbenchSdk.js (run by the 2.x adapter)
    { generation: 'emulator', pattern: /\/workbench\/workbenchsdk\.js$/ },
];

function addressPath(url) {
    try {
        return new URL(String(url), document.baseURI).pathname.toLowerCase();
    } catch {
        return String(url).split(/[?#]/)[0].toLowerCase();
    }
}

// The generation of the Workbench SDK script at url: '1.x', '2.x', '3.x', 'emulator' or 'unknown'.
export function scriptGeneration(url) {
    if (url === undefined || url === null || String(url).trim() === '') {
        return 'unknown';
    }
    const path = addressPath(url);
    const row = GENERATIONS.find(r => r.pattern.test(path));
    return row ? row.generation : 'unknown';
}

// The codes .NET reads from a refusal's message (Softphone.StartAsync turns it into a SoftphoneStartException).
export const UNSUPPORTED_GENERATION = 'UnsupportedGeneration';
export const GENERATION_MISMATCH = 'GenerationMismatch';

// An address without its query or fragment (they could carry a token), for messages.
export function shown(url) {
    return String(url).split(/[?#]/)[0];
}

function refusal(code, message) {
    const error = new Error(`Ccc.Sdk.Softphone [${code}]: ${message}`);
    error.code = code;
    return error;
}

// An Error refusing a 1.x script, or null when neither the configured address nor a script already in the page is 1.x.
export function generationRefusal(scriptUrl) {
    const pageScripts = typeof document === 'undefined' ? [] : Array.from(document.querySelectorAll('script[src]'), e => e.src);
    const refused = [scriptUrl, ...pageScripts].find(u => scriptGeneration(u) === '1.x');
    if (refused === undefined) {
        return null;
    }
    return refusal(UNSUPPORTED_GENERATION, `${shown(refused)} is the Workbench SDK 1.x, which belongs to the `
        + 'old CCC 1.0 product (API 2017-07-05) and is not supported. Ccc.Sdk.Softphone supports CCC 2.0 (API 2020-07-01): '
        + 'load the 2.x script //g.alicdn.com/cloudcallcenter/web-workbench-sdk/{version}/workbenchSdk.min.js '
        + "(or the emulator's /workbench/workbenchSdk.js) instead.");
}

// The generation options.generation asks for: 'auto' (the default), '2.x' or '3.x'.
export function configuredGeneration(options) {
    const value = options && options.generation !== undefined && options.generation !== null ? String(options.generation) : 'auto';
    if (value !== 'auto' && value !== '2.x' && value !== '3.x') {
        throw new Error(`Ccc.Sdk.Softphone: options.generation must be 'auto', '2.x' or '3.x', not '${value}'.`);
    }
    return value;
}

// The adapter an address asks for: '2.x' (the cloud's 2.x or the emulator's stand-in), '3.x', or null when the address
// says nothing (1.x is refused before this is asked).
export function addressAdapter(url) {
    const generation = scriptGeneration(url);
    if (generation === '3.x') return '3.x';
    if (generation === '2.x' || generation === 'emulator') return '2.x';
    return null;
}

// An Error refusing a configured generation the script's address contradicts (generation '3.x' with a 2.x address, or
// the other way round), or null.
export function generationMismatch(options) {
    const configured = configuredGeneration(options);
    const byAddress = addressAdapter(options.scriptUrl);
    if (configured === 'auto' || byAddress === null || byAddress === configured) {
        return null;
    }
    return refusal(GENERATION_MISMATCH, `the generation is configured as ${configured}, but ${shown(options.scriptUrl)} is the `
        + `address of a Workbench SDK ${byAddress} script. Set the generation to ${byAddress} (or auto), or load the `
        + `${configured} script instead.`);
}

// The adapter known before the script is loaded (forced, or told by the address), or null.
export function expectedAdapter(options) {
    const configured = configuredGeneration(options);
    const name = configured === 'auto' ? addressAdapter(options.scriptUrl) : configured;
    return name ? ADAPTERS[name] : null;
}

// The adapter to run once the script is loaded: the expected one, else the one whose global the script defined
// (CCCWorkbenchSDK before WorkbenchSdk). Throws when the script did not define the global the adapter needs.
export function loadedAdapter(options) {
    const expected = expectedAdapter(options);
    if (expected) {
        if (!expected.available()) {
            throw new Error(`Ccc.Sdk.Softphone: ${shown(options.scriptUrl)} did not define window.${expected.global}, which the `
                + `Workbench SDK ${expected.generation} defines.`);
        }
        return expected;
    }
    const found = [ADAPTERS['3.x'], ADAPTERS['2.x']].find(a => a.available());
    if (!found) {
        throw new Error(`Ccc.Sdk.Softphone: ${shown(options.scriptUrl)} did not define window.WorkbenchSdk (2.x) or `
            + 'window.CCCWorkbenchSDK (3.x).');
    }
    return found;
}

// ---- payload shapes -------------------------------------------------------------------------------------------------
//
// One function per payload kind turns what the SDK passed into the one shape .NET binds. 2.x passes one object per
// call, status and error event; 1.x-style positional arguments (onStatusChange(code, lastCode, context),
// onCallComing(connid, caller, callee, ...), onCallEstablish(connid, caller, privateData)) are still read, since builds
// and integrations disagree (docs/softphone.md, "Payload shapes").

// A copy without functions, cycles or SDK objects, so it survives JSON serialisation to .NET.
export function plain(value) {
    if (value === undefined || value === null) {
        return null;
    }
    const withoutFunctions = (key, v) => (typeof v === 'function' ? undefined : v);
    try {
        return JSON.parse(JSON.stringify(value, withoutFunctions));
    } catch {
        // a cycle: fall back to dropping objects already seen
    }
    try {
        const seen = new WeakSet();
        return JSON.parse(JSON.stringify(value, (key, v) => {
            if (typeof v === 'function') return undefined;
            if (typeof v === 'object' && v !== null) {
                if (seen.has(v)) return undefined;
                seen.add(v);
            }
            return v;
        }));
    } catch {
        return null;
    }
}

export function text(value) {
    return value === undefined || value === null ? null : String(value);
}

export function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// A status code as a number: a number, a numeric string or an object {code, lastCode} (what getStatusCode() returns in
// the cloud's SDK); -1 when none can be read.
export function statusCode(value) {
    const v = value !== null && typeof value === 'object' ? value.code : value;
    if (v === undefined || v === null || typeof v === 'boolean' || (typeof v === 'string' && v.trim() === '')) {
        return -1;
    }
    const n = Number(v);
    return Number.isInteger(n) ? n : -1;
}

// onStatusChange({code, lastCode, context}) or onStatusChange(code, lastCode, context).
export function statusChange(args) {
    const [first, second, third] = args;
    if (isObject(first)) {
        return { code: statusCode(first.code), lastCode: statusCode(first.lastCode), context: plain(first.context) };
    }
    return { code: statusCode(first), lastCode: statusCode(second), context: plain(third) };
}

// The call's job id: at the top level, else inside callContext (the cloud's onCallEstablish/onCallRelease carry only
// {callContext}; the key's casing there is not documented, so both are read).
function jobIdOf(detail) {
    const top = text(detail.jobId);
    if (top) return top;
    const context = detail.callContext;
    return isObject(context) ? text(context.jobId ?? context.JobId) : null;
}

// onCallComing/onCallDialing({caller, callee, callType, jobId, callContext}), onCallEstablish/onCallRelease({callContext}),
// or positional (connid, caller, callee, ...) / (connid, caller, privateData): connid is a call-leg id, not a job id.
export function callDetail(args) {
    const [first] = args;
    if (isObject(first)) {
        return {
            caller: text(first.caller),
            callee: text(first.callee),
            callType: text(first.callType),
            jobId: jobIdOf(first),
            callContext: plain(first.callContext),
        };
    }
    const positional = first !== undefined && first !== null;
    return {
        caller: positional ? text(args[1]) : null,
        callee: positional && !isObject(args[2]) ? text(args[2]) : null,
        callType: null,
        jobId: null,
        callContext: null,
    };
}

// onHangUp('ringing' | 'dialing' | 'inbound' | 'outbound'); an object carrying {type} is read too.
export function hangUpType(args) {
    const [first] = args;
    return text(typeof first === 'string' ? first : (isObject(first) ? first.type : null));
}

// onBeforeCallHangup({callback, jobId, channelId, userId}); the job id may sit only in a callContext.
export function beforeHangUp(args) {
    const p = isObject(args[0]) ? args[0] : {};
    return { jobId: jobIdOf(p), channelId: text(p.channelId), userId: text(p.userId) };
}

// onBeforeCallDialing({callee, userId, callback}).
export function beforeDialing(args) {
    const p = isObject(args[0]) ? args[0] : {};
    return { callee: text(p.callee), userId: text(p.userId) };
}

// onErrorNotify({errorCode, errorMsg, errorMsgTip, requestId}).
export function errorNotify(args) {
    const e = isObject(args[0]) ? args[0] : {};
    return { errorCode: text(e.errorCode), errorMsg: text(e.errorMsg), errorMsgTip: text(e.errorMsgTip), requestId: text(e.requestId) };
}

// The callback function a before-hook's payload carries, or null.
function callbackOf(args) {
    return isObject(args[0]) && typeof args[0].callback === 'function' ? args[0].callback : null;
}

// ---- adapters: one per supported generation -------------------------------------------------------------------------
//
// An adapter knows the global its SDK defines, how to build the config from the bridge's options, how to wire the SDK's
// callbacks to the bridge's events, which SDK method runs each of the handle's commands, and how to read the status.
// The bridge gives wire() one function per event, each taking the normalised payload:
//   init(), register(config), logIn(), logOut(), ready(), break(), callComing(detail), callDialing(detail),
//   callEstablish(detail), callRelease(detail), hangUp(type), statusChange(change), errorNotify(error),
//   beforeCallDialing(request, callback), beforeCallHangup(request, callback)
// where callback is the SDK's own (null when the payload has none): the bridge calls it when .NET allows.

// The config options the bridge copies when set (unset ones are not sent, so the SDK's own default applies).
const OPTIONAL = ['ajaxMethod', 'ajaxHeaders', 'ajaxOtherParams', 'withCredentials', 'afterCallRule', 'autoAnswerCall', 'exportErrorOfApi'];

function copySet(config, options, keys) {
    for (const key of keys) {
        if (options[key] !== undefined && options[key] !== null) {
            config[key] = options[key];
        }
    }
    return config;
}

// The callbacks as config functions `on…` with the 2.x payloads (the 2.x doc, section 4; positional forms read too).
function wireConfigFunctions(config, events) {
    return Object.assign(config, {
        onInit: () => { events.init(); },
        onRegister: registerConfig => { events.register(plain(registerConfig)); },
        onLogIn: () => { events.logIn(); },
        onLogOut: () => { events.logOut(); },
        onReady: () => { events.ready(); },
        onBreak: () => { events.break(); },
        onCallComing: (...args) => { events.callComing(callDetail(args)); },
        onCallDialing: (...args) => { events.callDialing(callDetail(args)); },
        onCallEstablish: (...args) => { events.callEstablish(callDetail(args)); },
        onCallRelease: (...args) => { events.callRelease(callDetail(args)); },
        onHangUp: (...args) => { events.hangUp(hangUpType(args)); },
        onBeforeCallDialing: (...args) => { events.beforeCallDialing(beforeDialing(args), callbackOf(args)); },
        onBeforeCallHangup: (...args) => { events.beforeCallHangup(beforeHangUp(args), callbackOf(args)); },
        onStatusChange: (...args) => { events.statusChange(statusChange(args)); },
        onErrorNotify: (...args) => { events.errorNotify(errorNotify(args)); },
    });
}

function makeAdapter(spec) {
    return Object.freeze({
        generation: spec.generation,
        global: spec.global,
        // Whether the page has the SDK's constructor.
        available: () => typeof window[spec.global] === 'function',
        // Constructs the SDK in options.dom with its callbacks wired to events.
        construct(options, events) {
            const config = spec.config(options);
            spec.wire(config, events);
            return new window[spec.global](config);
        },
        // The SDK's name for one of the handle's commands.
        method: command => spec.methods[command] || command,
        // Runs one of the handle's commands; a method the loaded SDK lacks is a clear Error, not a TypeError.
        invoke(sdk, command, args) {
            const name = spec.methods[command] || command;
            if (!sdk || typeof sdk[name] !== 'function') {
                throw new Error(`Ccc.Sdk.Softphone: the Workbench SDK ${spec.generation} loaded in this page has no method `
                    + `${name}()${name === command ? '' : ` (the ${spec.generation} name of ${command})`}.`);
            }
            return sdk[name](...args);
        },
        // The current status code, or undefined when the SDK has no way to read it (the bridge then answers from the
        // last onStatusChange).
        status(sdk) {
            return sdk && typeof sdk.getStatusCode === 'function' ? statusCode(spec.status(sdk)) : undefined;
        },
    });
}

// 2.x (window.WorkbenchSdk), as its doc describes it (docs/reference/workbench-sdk.md).
const V2 = makeAdapter({
    generation: '2.x',
    global: 'WorkbenchSdk',
    config: options => copySet({
        dom: options.dom,
        instanceId: options.instanceId,
        regionId: options.regionId,
        defaultVisible: options.defaultVisible === true,
    }, options, ['ajaxOrigin', 'ajaxPath', ...OPTIONAL]),
    wire: wireConfigFunctions,
    // Every command is the SDK method of the same name (umMuteAgent is the 2.x doc's spelling).
    methods: {},
    // getStatusCode(): {code, lastCode} on the cloud (a number on older builds); statusCode() reads both.
    status: sdk => sdk.getStatusCode(),
});

// 3.x (window.CCCWorkbenchSDK). [Experimental] in .NET (WorkbenchGeneration.V3): only the scripts, the constructor and
// the config keys dom, instanceId, ajaxOrigin and ajaxPath are confirmed (the 3.x page's resources section; public
// integrator code constructing `new window.CCCWorkbenchSDK({ajaxOrigin, ajaxPath, dom, instanceId})`). Everything marked
// ASSUMED below is the 2.x contract carried over until the 3.x page's config, event and method sections can be read;
// to correct it, change the function named here (docs/decisions/0019-workbench-3x-adapter.md says how).
const V3 = makeAdapter({
    generation: '3.x',
    global: 'CCCWorkbenchSDK',
    config: options => {
        // Confirmed.
        const config = copySet({ dom: options.dom, instanceId: options.instanceId }, options, ['ajaxOrigin', 'ajaxPath']);
        // ASSUMED: 3.x takes the 2.x options under the same names (regionId is optional here: sent only when set).
        config.defaultVisible = options.defaultVisible === true;
        return copySet(config, options, ['regionId', ...OPTIONAL]);
    },
    // ASSUMED: the callbacks are still config functions `on…` with the 2.x names and payloads. If 3.x turns out to
    // use an emitter (sdk.on(event, fn)) or other payloads, replace this one function (wire3x) and nothing else.
    wire: function wire3x(config, events) {
        return wireConfigFunctions(config, events);
    },
    // ASSUMED: the 2.x method names, except the unmute method, which a third-party summary of the 3.x page spells
    // unmuteAgent (2.x: umMuteAgent).
    methods: { umMuteAgent: 'unmuteAgent' },
    // ASSUMED: getStatusCode() as in 2.x ({code, lastCode} or a number).
    status: sdk => sdk.getStatusCode(),
});

// The adapters by generation.
export const ADAPTERS = Object.freeze({ '2.x': V2, '3.x': V3 });
