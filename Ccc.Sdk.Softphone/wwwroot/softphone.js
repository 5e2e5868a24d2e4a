// Ccc.Sdk.Softphone, the .NET bridge: loads the cloud's Workbench SDK script, constructs the SDK through the adapter of
// its generation (generations.js), sends every callback to the .NET receiver (SoftphoneCallbacks) as a JSON-safe copy,
// and returns a handle whose methods .NET calls. The tab election and relay are in tabs.js.

import {
    ADAPTERS, GENERATIONS, UNSUPPORTED_GENERATION, GENERATION_MISMATCH, scriptGeneration, generationRefusal, generationMismatch,
    configuredGeneration, expectedAdapter, loadedAdapter, shown, statusCode, statusChange, callDetail, hangUpType, beforeHangUp,
    beforeDialing, errorNotify,
} from './generations.js';
import {
    DIALING, connectBridge, newId, recall, remember, markCheckedOut, post, decide, elect, leave,
} from './tabs.js';

// What tests and integrations imported from softphone.js before it was split.
export {
    ADAPTERS, GENERATIONS, UNSUPPORTED_GENERATION, GENERATION_MISMATCH, scriptGeneration, generationRefusal, generationMismatch,
    configuredGeneration, statusCode, statusChange, callDetail, hangUpType, beforeHangUp, beforeDialing, errorNotify,
};

const loading = new Map();
// The globals of the generations the bridge runs: a script whose address says nothing is skipped when one exists.
const GLOBALS = Object.values(ADAPTERS).map(a => a.global);

// Loads the script once per page. Skipped when the page already has the global the expected generation needs (its
// <script> is in the host page): a 3.x script is loaded even when window.WorkbenchSdk exists, and the other way round.
function loadScript(url, expected) {
    const globals = expected ? [expected.global] : GLOBALS;
    if (globals.some(g => typeof window[g] === 'function')) {
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
                reject(new Error(`Ccc.Sdk.Softphone: could not load the Workbench SDK script ${shown(url)}`));
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

// ---- to .NET ----------------------------------------------------------------------------------------------------
//
// The page keeps one session per instance and container, so a second create() for them (a new Blazor circuit after a
// dropped one: the module survives, the DotNetObjectReference does not) rebinds the session to the new .NET object
// instead of constructing a second SDK, and keeps the owner lock.

const sessions = new Map();
// How long, after onInit, the owner waits for its .NET Initialized handlers before registering again by itself.
const REREGISTER_WAIT_MS = 3000;
// How long onBeforeCallHangup waits for .NET's decision before the hang-up goes ahead (options.hangUpWaitMs overrides).
const HANGUP_WAIT_MS = 12000;

function delay(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
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
        s.lastStatus = statusCode(args[0] && args[0].code);
    }
    trackCall(s, method, args);
    post(s, { type: 'event', method, args });
    return tell(s, method, ...args);
}

// ---- the SDK ----------------------------------------------------------------------------------------------------

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
    const result = s.adapter.invoke(s.sdk, method, args);
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

// Constructs the SDK through the session's adapter, its events going to .NET.
function construct(s) {
    const options = s.options;
    let sdk = null;
    const events = {
        init: () => {
            // After a reload or a takeover the agent is registered again, unless .NET registered while handling onInit.
            s.registeredSinceInit = false;
            Promise.race([publish(s, 'OnInit', []), delay(REREGISTER_WAIT_MS)]).then(() => reRegister(s, sdk));
        },
        register: config => { publish(s, 'OnRegister', [config]); },
        logIn: () => { publish(s, 'OnLogIn', []); },
        logOut: () => {
            markCheckedOut(s);
            publish(s, 'OnLogOut', []);
        },
        ready: () => { publish(s, 'OnReady', []); },
        break: () => { publish(s, 'OnBreak', []); },
        callComing: detail => { publish(s, 'OnCallComing', [detail]); },
        callDialing: detail => { publish(s, 'OnCallDialing', [detail]); },
        callEstablish: detail => { publish(s, 'OnCallEstablish', [detail]); },
        callRelease: detail => { publish(s, 'OnCallRelease', [detail]); },
        hangUp: type => { publish(s, 'OnHangUp', [type]); },
        statusChange: change => { publish(s, 'OnStatusChange', [change]); },
        errorNotify: error => { publish(s, 'OnErrorNotify', [error]); },
        beforeCallDialing: (request, callback) => {
            const from = s.dialFrom;
            s.dialFrom = null;
            decide(s, from, 'OnBeforeCallDialing', request).then(decision => {
                // Nothing is dialed unless .NET allows it (a failed call to .NET refuses too).
                if (decision && decision.allow && callback) {
                    callback(decision.callee || request.callee);
                }
            });
        },
        beforeCallHangup: (request, callback) => {
            // The hang-up happens only when callback() is called (the reference): .NET may refuse it (DecideHangUp answers
            // {allow: false}). A failed call to .NET, or no answer within hangUpWaitMs, lets it go ahead.
            const from = s.hangUpFrom;
            s.hangUpFrom = null;
            publish(s, 'OnBeforeCallHangup', [request]); // every tab's HangingUp event
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
    };
    sdk = s.adapter.construct(options, events);
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

connectBridge({ tell, execute, becomeOwner, trackCall, replayCall });

function close(s) {
    if (s.closed) return;
    leave(s);
    if (sessions.get(s.key) === s) {
        sessions.delete(s.key);
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
        // The 2.x name; the 3.x adapter runs unmuteAgent.
        umMuteAgent: () => run('umMuteAgent'),
        changeVisible: visible => run('changeVisible', visible),
        // The owner reads its SDK (the last status it reported when the SDK cannot be read); a follower answers from
        // the last status the owner broadcast.
        getStatusCode: () => {
            if (s.role === 'owner' && s.sdk) {
                const status = s.adapter.status(s.sdk);
                return status === undefined ? s.lastStatus : status;
            }
            return s.lastStatus;
        },
        isOwner: () => s.role === 'owner' && !s.closed,
        // The adapter in use: '2.x' or '3.x'.
        generation: () => s.adapter.generation,
        dispose: () => {
            // A handle a later create() has replaced leaves the session to the newer one.
            binding.disposed = true;
            if (s.binding === binding) {
                close(s);
            }
        },
    };
}

// Loads the Workbench SDK script (once per page), chooses the adapter of its generation (options.generation: 'auto',
// the default, '2.x' or '3.x'), takes part in the tab election and returns the handle .NET calls.
export async function create(dotNetRef, options) {
    if (!options || !options.scriptUrl) {
        throw new Error('Ccc.Sdk.Softphone: options.scriptUrl is required.');
    }
    configuredGeneration(options); // a bad value is an Error before anything is loaded
    const refusal = generationRefusal(options.scriptUrl) || generationMismatch(options);
    if (refusal) {
        throw refusal;
    }
    loadCss(options.cssUrl);
    await loadScript(options.scriptUrl, expectedAdapter(options));
    const adapter = loadedAdapter(options);

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
        adapter,
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

