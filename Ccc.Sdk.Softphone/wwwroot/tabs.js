// Ccc.Sdk.Softphone, the tabs: one SDK per browser (origin) and instance.
//
// The Workbench SDK registers one WebRTC softphone per agent, so only one tab of a browser may run it. The tabs elect an
// owner with the Web Locks API (lock 'ccc-softphone:' + instanceId, held for the tab's life and released by the browser
// when the tab closes); the others are followers: they construct no SDK, post their commands to the owner on
// BroadcastChannel('ccc-softphone:' + instanceId), and receive every callback the owner's SDK makes. When the owner
// closes, the next tab in the lock's queue constructs the SDK and registers again with the remembered arguments.
// Without Web Locks or BroadcastChannel every tab owns its own SDK. Nothing here depends on the SDK's generation.

import { statusCode } from './generations.js';

export const PREFIX = 'ccc-softphone:';
// Commands that make the SDK ask onBeforeCallDialing: the tab that sent one decides the call.
export const DIALING = new Set(['call', 'thirdCallTransfer', 'initiateAttendedTransfer']);
// The commands a follower may relay to the owner (the handle's names; the adapter maps them to the SDK's).
export const COMMANDS = ['register', 'logIn', 'logOut', 'ready', 'applyForBreak', 'call', 'answer', 'hangUp', 'callHold', 'callRetrieve',
    'sendDtmf', 'thirdCallTransfer', 'initiateAttendedTransfer', 'thirdCallRetrieve', 'thirdCallTransferFinished', 'muteAgent',
    'umMuteAgent', 'changeVisible'];
// The .NET methods that decide a before-hook (onBeforeCallDialing, onBeforeCallHangup) and answer a decision.
const DECIDERS = new Set(['OnBeforeCallDialing', 'DecideHangUp']);
// How often an owner waiting for a follower's decision checks that the follower's tab is still open.
const TAB_CHECK_MS = 1000;

// The .NET bridge (softphone.js connects it): tell(s, method, ...args) → Promise of this tab's .NET answer;
// execute(s, method, args, from) runs a command on the owner's SDK; becomeOwner(s) constructs the SDK; trackCall and
// replayCall keep the call in progress.
let bridge = null;

export function connectBridge(b) {
    bridge = b;
}

export function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
        return window.crypto.randomUUID();
    }
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function canShareTabs() {
    return typeof navigator !== 'undefined' && !!navigator.locks && typeof navigator.locks.request === 'function'
        && typeof BroadcastChannel === 'function';
}

// ---- what is remembered: the last register() arguments, and whether the agent is still checked in, per instance ----

function registrationKey(s) {
    return `${PREFIX}${s.instanceId}:register`;
}

export function recall(s) {
    try {
        const value = JSON.parse(window.localStorage.getItem(registrationKey(s)) || 'null');
        return value && Array.isArray(value.skillGroups) ? value : null;
    } catch {
        return null;
    }
}

export function remember(s, registration) {
    try {
        window.localStorage.setItem(registrationKey(s), JSON.stringify(registration));
    } catch {
        // storage disabled or full: the agent registers again by hand after a reload
    }
}

export function markCheckedOut(s) {
    const last = recall(s);
    if (last && last.active) {
        remember(s, { ...last, active: false });
    }
}

// ---- the channel ------------------------------------------------------------------------------------------------

export function post(s, message) {
    if (s.channel && !s.closed) {
        s.channel.postMessage(message);
    }
}

function tabLockName(s, id) {
    return `${PREFIX}${s.instanceId}:tab:${id}`;
}

function tabIsOpen(s, id) {
    return navigator.locks.query()
        .then(state => (state.held || []).some(lock => lock.name === tabLockName(s, id)))
        .catch(() => true);
}

// A before-hook: decided by the tab whose command started it (from); by the owner when that tab is gone or when the
// SDK's own panel started it (no from).
export function decide(s, from, method, request) {
    if (!from || from === s.id || !s.channel) {
        return bridge.tell(s, method, request);
    }
    return tabIsOpen(s, from).then(open => {
        if (!open) return bridge.tell(s, method, request);
        return new Promise(resolve => {
            const id = newId();
            const pending = {
                from,
                finish: decision => {
                    clearInterval(pending.timer);
                    s.dials.delete(id);
                    resolve(decision);
                },
                fallBack: () => pending.finish(bridge.tell(s, method, request)),
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

function becomeFollower(s) {
    s.role = 'follower';
    bridge.tell(s, 'OnRoleChanged', false);
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
                bridge.trackCall(s, message.method, message.args);
                bridge.tell(s, message.method, ...message.args);
            }
            break;
        case 'hello':
            if (s.role === 'owner' && s.sdk) {
                const status = s.adapter.status(s.sdk);
                post(s, { type: 'state', to: message.from, status: status === undefined ? s.lastStatus : status, change: s.lastChange || null, call: s.call || null });
            }
            break;
        case 'state':
            if (s.role === 'follower' && message.to === s.id) {
                s.lastStatus = statusCode(message.status);
                if (message.change) {
                    // the status this tab missed, so its UI starts from the agent's current state
                    s.lastChange = message.change;
                    bridge.tell(s, 'OnStatusChange', message.change);
                }
                if (message.call) {
                    s.call = message.call;
                    bridge.replayCall(s, message.call);
                }
            }
            break;
        case 'command':
            if (s.role === 'owner' && s.sdk && COMMANDS.includes(message.method)) {
                try {
                    bridge.execute(s, message.method, Array.isArray(message.args) ? message.args : [], message.from);
                } catch (error) {
                    console.error(`Ccc.Sdk.Softphone: ${message.method} from another tab failed`, error);
                }
            }
            break;
        case 'dial':
            if (message.to === s.id) {
                const method = DECIDERS.has(message.method) ? message.method : 'OnBeforeCallDialing';
                bridge.tell(s, method, message.request).then(decision => {
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

// Makes this tab the owner (it constructs the SDK) or a follower that takes over when the owner goes.
export async function elect(s) {
    if (!canShareTabs()) {
        bridge.becomeOwner(s);
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
        bridge.becomeOwner(s);
        return;
    }
    becomeFollower(s);
    // Queue for the lock: granted when the owner's tab closes (or its softphone is disposed).
    holdLock(s, PREFIX + s.instanceId, () => bridge.becomeOwner(s)).catch(() => {
        // aborted: this tab's softphone was disposed before it became the owner
    });
}

// Leaves the tabs: tells the others, stops waiting for decisions, closes the channel and releases the locks.
export function leave(s) {
    post(s, { type: 'bye', from: s.id });
    s.closed = true;
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
}
