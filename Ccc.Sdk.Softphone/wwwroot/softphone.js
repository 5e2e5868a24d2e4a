// Bridge between the CCC Workbench SDK (window.WorkbenchSdk) and Ccc.Sdk.Softphone: the SDK's callbacks go to the .NET
// Softphone object as JSON-safe copies; the returned handle maps the SDK's methods for .NET to call.

const loading = new Map();

function loadScript(url) {
    if (window.WorkbenchSdk) {
        return Promise.resolve();
    }
    if (!loading.has(url)) {
        loading.set(url, new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = url;
            script.async = false;
            script.onload = () => resolve();
            script.onerror = () => {
                loading.delete(url); // let a later create() try again
                script.remove();
                reject(new Error(`Ccc.Sdk.Softphone: could not load the Workbench SDK script ${url}`));
            };
            document.head.appendChild(script);
        }));
    }
    return loading.get(url);
}

function loadCss(url) {
    if (!url || document.querySelector(`link[data-ccc-softphone="${CSS.escape(url)}"]`)) {
        return;
    }
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = url;
    link.dataset.cccSoftphone = url;
    document.head.appendChild(link);
}

// A copy without functions, cycles or SDK objects, so it survives JSON serialisation to .NET.
function plain(value) {
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

function text(value) {
    return value === undefined || value === null ? null : String(value);
}

// ---- generations: which Workbench SDK a script address is -----------------------------------------------------------
//
// The cloud's browser SDK comes in three generations. 1.x and 2.x both define window.WorkbenchSdk and their version
// numbers overlap (both had 1.1.x builds), so the generation is told by the script's address, never its version
// (docs/softphone.md, "Supported generations"). Each row: the generation, and a pattern matched against the address's
// path (case-insensitive; the host is not checked, so a self-hosted copy that keeps the CDN's path is still recognised).
// The first matching row wins; an address no row matches is 'unknown' and is loaded as today. To correct a pattern,
// change its row here and its case in Ccc.Sdk.Tests/Browser/SoftphoneGenerationTests.cs.
export const GENERATIONS = [
    // 1.x, CCC 1.0 (API 2017-07-05): //g.alicdn.com/acca/workbench-sdk/{v}/workbenchSdk.min.js
    { generation: '1.x', pattern: /\/acca\/workbench-sdk\// },
    // 1.x, the 2018 pages' scripts: //g.alicdn.com/crm/acc-phone/{v}/index.js
    { generation: '1.x', pattern: /\/crm\/acc-phone\// },
    // 2.x, CCC 2.0 (API 2020-07-01): //g.alicdn.com/cloudcallcenter/web-workbench-sdk/{v}/workbenchSdk(.min).js
    { generation: '2.x', pattern: /\/cloudcallcenter\/web-workbench-sdk\/[^/]+\/workbenchsdk(\.min)?\.js$/ },
    // 3.x: //g.alicdn.com/cloudcallcenter/web-workbench-sdk/{v}/ui.min.js or core.min.js
    { generation: '3.x', pattern: /\/cloudcallcenter\/web-workbench-sdk\/[^/]+\/(ui|core)(\.min)?\.js$/ },
    // The emulator's 2.x stand-in: {emulator}/workbench/workbenchSdk.js
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

// The code .NET reads from the refusal's message (Softphone.StartAsync turns it into a SoftphoneStartException).
export const UNSUPPORTED_GENERATION = 'UnsupportedGeneration';

// An Error refusing a 1.x script, or null when neither the configured address nor a script already in the page is 1.x.
// The address in the message has no query or fragment (they could carry a token).
export function generationRefusal(scriptUrl) {
    const pageScripts = typeof document === 'undefined' ? [] : Array.from(document.querySelectorAll('script[src]'), e => e.src);
    const refused = [scriptUrl, ...pageScripts].find(u => scriptGeneration(u) === '1.x');
    if (refused === undefined) {
        return null;
    }
    const shown = String(refused).split(/[?#]/)[0];
    const error = new Error(`Ccc.Sdk.Softphone [${UNSUPPORTED_GENERATION}]: ${shown} is the Workbench SDK 1.x, which belongs to the `
        + 'old CCC 1.0 product (API 2017-07-05) and is not supported. Ccc.Sdk.Softphone supports CCC 2.0 (API 2020-07-01): '
        + 'load the 2.x script //g.alicdn.com/cloudcallcenter/web-workbench-sdk/{version}/workbenchSdk.min.js '
        + "(or the emulator's /workbench/workbenchSdk.js) instead.");
    error.code = UNSUPPORTED_GENERATION;
    return error;
}

// ---- payload shapes -------------------------------------------------------------------------------------------------
//
// One function per payload kind turns what the SDK passed into the one shape .NET binds. 2.x passes one object per
// call, status and error event; 1.x-style positional arguments (onStatusChange(code, lastCode, context),
// onCallComing(connid, caller, callee, ...), onCallEstablish(connid, caller, privateData)) are still read, since builds
// and integrations disagree (docs/softphone.md, "Payload shapes").

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

function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
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

// onErrorNotify({errorCode, errorMsg, errorMsgTip, requestId}).
export function errorNotify(args) {
    const e = isObject(args[0]) ? args[0] : {};
    return { errorCode: text(e.errorCode), errorMsg: text(e.errorMsg), errorMsgTip: text(e.errorMsgTip), requestId: text(e.requestId) };
}

// ---- tabs: one SDK per browser (origin) and instance ---------------------------------------------------------------
//
// The Workbench SDK registers one WebRTC softphone per agent, so only one tab of a browser may run it. The tabs elect an
// owner with the Web Locks API (lock 'ccc-softphone:' + instanceId, held for the tab's life and released by the browser
// when the tab closes); the others are followers: they construct no SDK, post their commands to the owner on
// BroadcastChannel('ccc-softphone:' + instanceId), and receive every callback the owner's SDK makes. When the owner
// closes, the next tab in the lock's queue constructs the SDK and registers again with the remembered arguments.
// Without Web Locks or BroadcastChannel every tab owns its own SDK.
//
// The page keeps one session per instance and container, so a second create() for them (a new Blazor circuit after a
// dropped one: the module survives, the DotNetObjectReference does not) rebinds the session to the new .NET object
// instead of constructing a second SDK, and keeps the owner lock.

const PREFIX = 'ccc-softphone:';
const sessions = new Map();
// Commands that make the SDK ask onBeforeCallDialing: the tab that sent one decides the call.
const DIALING = new Set(['call', 'thirdCallTransfer', 'initiateAttendedTransfer']);
// The commands a follower may relay to the owner.
const COMMANDS = ['register', 'logIn', 'logOut', 'ready', 'applyForBreak', 'call', 'answer', 'hangUp', 'callHold', 'callRetrieve',
    'sendDtmf', 'thirdCallTransfer', 'initiateAttendedTransfer', 'thirdCallRetrieve', 'thirdCallTransferFinished', 'muteAgent',
    'umMuteAgent', 'changeVisible'];
// How long, after onInit, the owner waits for its .NET Initialized handlers before registering again by itself.
const REREGISTER_WAIT_MS = 3000;
// How long onBeforeCallHangup waits for .NET's decision before the hang-up goes ahead (options.hangUpWaitMs overrides).
const HANGUP_WAIT_MS = 12000;
// How often an owner waiting for a follower's dialing decision checks that the follower's tab is still open.
const TAB_CHECK_MS = 1000;

function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
        return window.crypto.randomUUID();
    }
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function canShareTabs() {
    return typeof navigator !== 'undefined' && !!navigator.locks && typeof navigator.locks.request === 'function'
        && typeof BroadcastChannel === 'function';
}

function delay(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
}

// The last register() arguments, and whether the agent is still checked in, per instance (shared by the tabs).
function registrationKey(s) {
    return `${PREFIX}${s.instanceId}:register`;
}

function recall(s) {
    try {
        const value = JSON.parse(window.localStorage.getItem(registrationKey(s)) || 'null');
        return value && Array.isArray(value.skillGroups) ? value : null;
    } catch {
        return null;
    }
}

function remember(s, registration) {
    try {
        window.localStorage.setItem(registrationKey(s), JSON.stringify(registration));
    } catch {
        // storage disabled or full: the agent registers again by hand after a reload
    }
}

function markCheckedOut(s) {
    const last = recall(s);
    if (last && last.active) {
        remember(s, { ...last, active: false });
    }
}

// To the .NET object bound to this tab's session only.
function tell(s, method, ...args) {
    const binding = s.binding;
    if (s.closed || !binding || binding.disposed) return Promise.resolve(undefined);
    try {
        return Promise.resolve(binding.dotNetRef.invokeMethodAsync(method, ...args)).catch(error => {
            console.error(`Ccc.Sdk.Softphone: ${method} failed in .NET`, error);
            return undefined;
        });
    } catch (error) {
        console.error(`Ccc.Sdk.Softphone: ${method} failed in .NET`, error);
        return Promise.resolve(undefined);
    }
}

function post(s, message) {
    if (s.channel && !s.closed) {
        s.channel.postMessage(message);
    }
}

// The call in progress as the callbacks told it (offer, then establish; gone at release), so a new .NET object
// (a new circuit in this page) or a tab that joins starts from it.
function trackCall(s, method, args) {
    if (method === 'OnCallComing' || method === 'OnCallDialing') {
        s.call = { offer: { method, args }, established: null };
    } else if (method === 'OnCallEstablish' && s.call) {
        s.call.established = args;
    } else if (method === 'OnCallRelease' || method === 'OnHangUp') {
        s.call = null;
    }
}

function replayCall(s, call) {
    if (!call || !call.offer) return;
    tell(s, call.offer.method, ...call.offer.args);
    if (call.established) {
        tell(s, 'OnCallEstablish', ...call.established);
    }
}

// An SDK callback in the owner: to every tab's .NET object; resolves with this tab's answer.
function publish(s, method, args) {
    if (s.closed) return Promise.resolve(undefined);
    if (method === 'OnStatusChange') {
        s.lastChange = args[0];
    }
    trackCall(s, method, args);
    post(s, { type: 'event', method, args });
    return tell(s, method, ...args);
}

function tabLockName(s, id) {
    return `${PREFIX}${s.instanceId}:tab:${id}`;
}

function tabIsOpen(s, id) {
    return navigator.locks.query()
        .then(state => (state.held || []).some(lock => lock.name === tabLockName(s, id)))
        .catch(() => true);
}

// The .NET methods that decide a before-hook (onBeforeCallDialing, onBeforeCallHangup) and answer a decision.
const DECIDERS = new Set(['OnBeforeCallDialing', 'DecideHangUp']);

// A before-hook: decided by the tab whose command started it (from); by the owner when that tab is gone or when the
// SDK's own panel started it (no from).
function decide(s, from, method, request) {
    if (!from || from === s.id || !s.channel) {
        return tell(s, method, request);
    }
    return tabIsOpen(s, from).then(open => {
        if (!open) return tell(s, method, request);
        return new Promise(resolve => {
            const id = newId();
            const pending = {
                from,
                finish: decision => {
                    clearInterval(pending.timer);
                    s.dials.delete(id);
                    resolve(decision);
                },
                fallBack: () => pending.finish(tell(s, method, request)),
            };
            pending.timer = setInterval(() => {
                tabIsOpen(s, from).then(stillOpen => {
                    if (!stillOpen && s.dials.has(id)) pending.fallBack();
                });
            }, TAB_CHECK_MS);
            s.dials.set(id, pending);
            post(s, { type: 'dial', id, to: from, method, request });
        });
    });
}

// Runs a command on the owner's SDK, for this tab (from === s.id) or for a follower.
function execute(s, method, args, from) {
    if (method === 'register') {
        remember(s, { skillGroups: args[0] || [], accessPoint: args[1] === undefined ? 'default' : args[1], active: true });
        s.registeredSinceInit = true;
    } else if (method === 'logIn') {
        const last = recall(s);
        if (last) remember(s, { ...last, skillGroups: args[0] || last.skillGroups, active: true });
    } else if (method === 'logOut') {
        markCheckedOut(s);
    }
    if (DIALING.has(method)) {
        s.dialFrom = from;
    } else if (method === 'hangUp') {
        s.hangUpFrom = from;
    }
    // The SDK reports outcomes through onStatusChange/onErrorNotify; a rejected promise is logged, not returned to .NET.
    const result = s.sdk[method](...args);
    if (result && typeof result.then === 'function') {
        result.then(undefined, error => console.error(`Ccc.Sdk.Softphone: ${method} failed`, error));
    }
}

function reRegister(s, sdk) {
    if (s.closed || s.sdk !== sdk || s.registeredSinceInit) return;
    const last = recall(s);
    if (!last || !last.active) return;
    try {
        execute(s, 'register', [last.skillGroups, last.accessPoint], s.id);
    } catch (error) {
        console.error('Ccc.Sdk.Softphone: registering again failed', error);
    }
}

function construct(s) {
    const options = s.options;
    let sdk = null;
    const notify = (method, ...args) => {
        if (method === 'OnBeforeCallDialing') {
            const from = s.dialFrom;
            s.dialFrom = null;
            return decide(s, from, method, args[0]);
        }
        return publish(s, method, args);
    };

    const config = {
        dom: options.dom,
        instanceId: options.instanceId,
        regionId: options.regionId,
        defaultVisible: options.defaultVisible === true,
    };
    for (const key of ['ajaxOrigin', 'ajaxPath', 'ajaxMethod', 'ajaxHeaders', 'ajaxOtherParams', 'withCredentials',
        'afterCallRule', 'autoAnswerCall', 'exportErrorOfApi']) {
        if (options[key] !== undefined && options[key] !== null) {
            config[key] = options[key];
        }
    }

    Object.assign(config, {
        onInit: () => {
            // After a reload or a takeover the agent is registered again, unless .NET registered while handling onInit.
            s.registeredSinceInit = false;
            Promise.race([notify('OnInit'), delay(REREGISTER_WAIT_MS)]).then(() => reRegister(s, sdk));
        },
        onRegister: registerConfig => { notify('OnRegister', plain(registerConfig)); },
        onLogIn: () => { notify('OnLogIn'); },
        onLogOut: () => {
            markCheckedOut(s);
            notify('OnLogOut');
        },
        onReady: () => { notify('OnReady'); },
        onBreak: () => { notify('OnBreak'); },
        onCallComing: (...args) => { notify('OnCallComing', callDetail(args)); },
        onCallDialing: (...args) => { notify('OnCallDialing', callDetail(args)); },
        onCallEstablish: (...args) => { notify('OnCallEstablish', callDetail(args)); },
        onCallRelease: (...args) => { notify('OnCallRelease', callDetail(args)); },
        onHangUp: (...args) => { notify('OnHangUp', hangUpType(args)); },
        onBeforeCallDialing: payload => {
            const p = payload || {};
            notify('OnBeforeCallDialing', { callee: text(p.callee), userId: text(p.userId) }).then(decision => {
                // Nothing is dialed unless .NET allows it (a failed call to .NET refuses too).
                if (decision && decision.allow && typeof p.callback === 'function') {
                    p.callback(decision.callee || p.callee);
                }
            });
        },
        onBeforeCallHangup: (...args) => {
            // The hang-up happens only when callback() is called (the reference): .NET may refuse it (DecideHangUp answers
            // {allow: false}). A failed call to .NET, or no answer within hangUpWaitMs, lets it go ahead.
            const callback = isObject(args[0]) && typeof args[0].callback === 'function' ? args[0].callback : null;
            const request = beforeHangUp(args);
            const from = s.hangUpFrom;
            s.hangUpFrom = null;
            notify('OnBeforeCallHangup', request); // every tab's HangingUp event
            const wait = Number.isFinite(options.hangUpWaitMs) && options.hangUpWaitMs > 0 ? options.hangUpWaitMs : HANGUP_WAIT_MS;
            let timer = null;
            const timedOut = new Promise(resolve => { timer = setTimeout(() => resolve(undefined), wait); });
            Promise.race([decide(s, from, 'DecideHangUp', request), timedOut]).then(decision => {
                clearTimeout(timer);
                if (callback && !(decision && decision.allow === false)) {
                    callback();
                }
            });
        },
        onStatusChange: (...args) => { notify('OnStatusChange', statusChange(args)); },
        onErrorNotify: (...args) => { notify('OnErrorNotify', errorNotify(args)); },
    });

    sdk = new window.WorkbenchSdk(config);
    return sdk;
}

function becomeOwner(s) {
    if (s.closed) return;
    s.role = 'owner';
    tell(s, 'OnRoleChanged', true);
    s.container = document.getElementById(s.options.dom);
    s.sdk = construct(s);
    if (!window.workbench) {
        window.workbench = s.sdk; // the documented global; some SDK builds look it up
    }
}

function becomeFollower(s) {
    s.role = 'follower';
    tell(s, 'OnRoleChanged', false);
    post(s, { type: 'hello', from: s.id });
}

function receive(s, message) {
    if (s.closed || !message || typeof message !== 'object') return;
    switch (message.type) {
        case 'event':
            if (s.role === 'follower' && typeof message.method === 'string' && Array.isArray(message.args)) {
                if (message.method === 'OnStatusChange' && message.args[0]) {
                    s.lastChange = message.args[0];
                    s.lastStatus = statusCode(message.args[0].code);
                }
                trackCall(s, message.method, message.args);
                tell(s, message.method, ...message.args);
            }
            break;
        case 'hello':
            if (s.role === 'owner' && s.sdk) {
                post(s, { type: 'state', to: message.from, status: statusCode(s.sdk.getStatusCode()), change: s.lastChange || null, call: s.call || null });
            }
            break;
        case 'state':
            if (s.role === 'follower' && message.to === s.id) {
                s.lastStatus = statusCode(message.status);
                if (message.change) {
                    // the status this tab missed, so its UI starts from the agent's current state
                    s.lastChange = message.change;
                    tell(s, 'OnStatusChange', message.change);
                }
                if (message.call) {
                    s.call = message.call;
                    replayCall(s, message.call);
                }
            }
            break;
        case 'command':
            if (s.role === 'owner' && s.sdk && typeof s.sdk[message.method] === 'function' && COMMANDS.includes(message.method)) {
                try {
                    execute(s, message.method, Array.isArray(message.args) ? message.args : [], message.from);
                } catch (error) {
                    console.error(`Ccc.Sdk.Softphone: ${message.method} from another tab failed`, error);
                }
            }
            break;
        case 'dial':
            if (message.to === s.id) {
                const method = DECIDERS.has(message.method) ? message.method : 'OnBeforeCallDialing';
                tell(s, method, message.request).then(decision => {
                    post(s, { type: 'decision', id: message.id, decision: decision ? { allow: !!decision.allow, callee: decision.callee ?? null } : null });
                });
            }
            break;
        case 'decision': {
            const pending = s.dials.get(message.id);
            if (pending) pending.finish(message.decision);
            break;
        }
        case 'bye':
            for (const pending of [...s.dials.values()]) {
                if (pending.from === message.from) pending.fallBack();
            }
            break;
        default:
            break;
    }
}


// Requests the lock and holds it until the session closes (or the tab does: the browser then releases it).
function holdLock(s, name, onGranted) {
    return navigator.locks.request(name, { signal: s.abort.signal }, () => {
        if (s.closed) return undefined;
        return new Promise(release => {
            s.releases.push(release);
            try {
                onGranted();
            } catch (error) {
                console.error('Ccc.Sdk.Softphone: taking over the softphone failed', error);
            }
        });
    });
}

async function elect(s) {
    if (!canShareTabs()) {
        becomeOwner(s);
        return;
    }
    s.channel = new BroadcastChannel(PREFIX + s.instanceId);
    s.channel.onmessage = event => receive(s, event.data);
    s.abort = new AbortController();
    // This tab's own lock tells an owner waiting for this tab's dialing decision that the tab is still open.
    holdLock(s, tabLockName(s, s.id), () => {}).catch(() => {});

    const owner = await new Promise(resolve => {
        navigator.locks.request(PREFIX + s.instanceId, { ifAvailable: true }, lock => {
            if (!lock || s.closed) {
                resolve(false);
                return undefined;
            }
            return new Promise(release => {
                s.releases.push(release);
                resolve(true);
            });
        }).catch(() => resolve(false));
    });
    if (owner) {
        becomeOwner(s);
        return;
    }
    becomeFollower(s);
    // Queue for the lock: granted when the owner's tab closes (or its softphone is disposed).
    holdLock(s, PREFIX + s.instanceId, () => becomeOwner(s)).catch(() => {
        // aborted: this tab's softphone was disposed before it became the owner
    });
}

function close(s) {
    if (s.closed) return;
    post(s, { type: 'bye', from: s.id });
    s.closed = true;
    if (sessions.get(s.key) === s) {
        sessions.delete(s.key);
    }
    for (const pending of s.dials.values()) {
        clearInterval(pending.timer);
    }
    s.dials.clear();
    if (s.channel) {
        s.channel.close();
    }
    if (s.abort) {
        s.abort.abort();
    }
    for (const release of s.releases) {
        release();
    }
    // Alibaba's SDK documents no teardown: stop calling .NET, drop the global and empty the container. A script that
    // has one (the emulator's workbenchSdk.js: destroy() closes its gateway connection and media) gets it called.
    if (s.sdk && typeof s.sdk.destroy === 'function') {
        try {
            s.sdk.destroy();
        } catch (error) {
            console.error('Ccc.Sdk.Softphone: the SDK failed to tear down', error);
        }
    }
    if (s.sdk && window.workbench === s.sdk) {
        window.workbench = undefined;
    }
    const container = document.getElementById(s.options.dom);
    if (container) {
        container.replaceChildren();
    }
}

// A new .NET object for a session that already runs in this page (a new circuit after a dropped one).
function rebind(s, dotNetRef) {
    s.binding = { dotNetRef, disposed: false };
    // The new circuit may have rendered a new container element: move the SDK's elements into it.
    const container = document.getElementById(s.options.dom);
    if (s.container && container && s.container !== container && !s.container.isConnected) {
        container.replaceChildren(...s.container.childNodes);
        s.container = container;
    }
    if (s.role !== 'pending') {
        tell(s, 'OnRoleChanged', s.role === 'owner');
        if (s.lastChange) {
            tell(s, 'OnStatusChange', s.lastChange);
        }
        replayCall(s, s.call);
    }
    return s.binding;
}

function handle(s, binding) {
    const run = (method, ...args) => {
        if (binding.disposed || s.closed) throw new Error('Ccc.Sdk.Softphone: the softphone was disposed.');
        if (s.role === 'owner' && s.sdk) {
            execute(s, method, args, s.id);
        } else if (s.channel) {
            // a follower: the owner's SDK runs it
            post(s, { type: 'command', from: s.id, method, args });
        } else {
            throw new Error('Ccc.Sdk.Softphone: the softphone is not ready yet.');
        }
    };

    return {
        register: (skillGroups, accessPoint) => run('register', skillGroups, accessPoint),
        logIn: skillGroups => run('logIn', skillGroups),
        logOut: () => run('logOut'),
        ready: () => run('ready'),
        applyForBreak: reason => run('applyForBreak', reason),
        call: (callee, caller) => run('call', callee, caller),
        answer: () => run('answer'),
        hangUp: () => run('hangUp'),
        callHold: () => run('callHold'),
        callRetrieve: () => run('callRetrieve'),
        sendDtmf: digits => run('sendDtmf', digits),
        thirdCallTransfer: (callee, caller) => run('thirdCallTransfer', callee, caller),
        initiateAttendedTransfer: (callee, caller) => run('initiateAttendedTransfer', callee, caller),
        thirdCallRetrieve: () => run('thirdCallRetrieve'),
        thirdCallTransferFinished: () => run('thirdCallTransferFinished'),
        muteAgent: () => run('muteAgent'),
        umMuteAgent: () => run('umMuteAgent'),
        changeVisible: visible => run('changeVisible', visible),
        // A follower answers from the last status the owner broadcast.
        getStatusCode: () => (s.role === 'owner' && s.sdk ? statusCode(s.sdk.getStatusCode()) : s.lastStatus),
        isOwner: () => s.role === 'owner' && !s.closed,
        dispose: () => {
            // A handle a later create() has replaced leaves the session to the newer one.
            binding.disposed = true;
            if (s.binding === binding) {
                close(s);
            }
        },
    };
}

export async function create(dotNetRef, options) {
    if (!options || !options.scriptUrl) {
        throw new Error('Ccc.Sdk.Softphone: options.scriptUrl is required.');
    }
    const refusal = generationRefusal(options.scriptUrl);
    if (refusal) {
        throw refusal;
    }
    loadCss(options.cssUrl);
    await loadScript(options.scriptUrl);
    if (typeof window.WorkbenchSdk !== 'function') {
        throw new Error(`Ccc.Sdk.Softphone: ${options.scriptUrl} did not define window.WorkbenchSdk.`);
    }

    const key = `${options.instanceId}\n${options.dom}`;
    const existing = sessions.get(key);
    if (existing) {
        const binding = rebind(existing, dotNetRef);
        await existing.elected;
        return handle(existing, binding);
    }

    const s = {
        key,
        id: newId(),
        instanceId: String(options.instanceId),
        options,
        role: 'pending',
        binding: { dotNetRef, disposed: false },
        sdk: null,
        container: null,
        channel: null,
        abort: null,
        releases: [],
        dials: new Map(),
        dialFrom: null,
        hangUpFrom: null,
        lastChange: null,
        call: null,
        lastStatus: -1,
        registeredSinceInit: false,
        closed: false,
    };
    sessions.set(key, s);
    const binding = s.binding;
    s.elected = elect(s);
    try {
        await s.elected;
    } catch (error) {
        close(s);
        throw error;
    }
    return handle(s, binding);
}
