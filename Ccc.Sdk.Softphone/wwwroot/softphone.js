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

function callDetail(detail) {
    const d = detail || {};
    return {
        caller: text(d.caller),
        callee: text(d.callee),
        callType: text(d.callType),
        jobId: text(d.jobId),
        callContext: plain(d.callContext),
    };
}

function statusCode(value) {
    const n = Number(value);
    return Number.isFinite(n) ? n : -1;
}

export async function create(dotNetRef, options) {
    if (!options || !options.scriptUrl) {
        throw new Error('Ccc.Sdk.Softphone: options.scriptUrl is required.');
    }
    loadCss(options.cssUrl);
    await loadScript(options.scriptUrl);
    if (typeof window.WorkbenchSdk !== 'function') {
        throw new Error(`Ccc.Sdk.Softphone: ${options.scriptUrl} did not define window.WorkbenchSdk.`);
    }

    let disposed = false;
    const notify = (method, ...args) => {
        if (disposed) return Promise.resolve(undefined);
        return dotNetRef.invokeMethodAsync(method, ...args).catch(error => {
            console.error(`Ccc.Sdk.Softphone: ${method} failed in .NET`, error);
            return undefined;
        });
    };

    const config = {
        dom: options.dom,
        instanceId: options.instanceId,
        regionId: options.regionId,
        defaultVisible: options.defaultVisible === true,
    };
    for (const key of ['ajaxOrigin', 'ajaxPath', 'ajaxMethod', 'afterCallRule', 'autoAnswerCall', 'exportErrorOfApi']) {
        if (options[key] !== undefined && options[key] !== null) {
            config[key] = options[key];
        }
    }

    Object.assign(config, {
        onInit: () => { notify('OnInit'); },
        onRegister: registerConfig => { notify('OnRegister', plain(registerConfig)); },
        onLogIn: () => { notify('OnLogIn'); },
        onLogOut: () => { notify('OnLogOut'); },
        onReady: () => { notify('OnReady'); },
        onBreak: () => { notify('OnBreak'); },
        onCallComing: detail => { notify('OnCallComing', callDetail(detail)); },
        onCallDialing: detail => { notify('OnCallDialing', callDetail(detail)); },
        onCallEstablish: detail => { notify('OnCallEstablish', callDetail(detail)); },
        onCallRelease: detail => { notify('OnCallRelease', callDetail(detail)); },
        onHangUp: type => {
            // 2.x documents a string; accept an object carrying it too.
            const value = typeof type === 'string' ? type : (type && type.type);
            notify('OnHangUp', text(value));
        },
        onBeforeCallDialing: payload => {
            const p = payload || {};
            notify('OnBeforeCallDialing', { callee: text(p.callee), userId: text(p.userId) }).then(decision => {
                // Nothing is dialed unless .NET allows it (a failed call to .NET refuses too).
                if (decision && decision.allow && typeof p.callback === 'function') {
                    p.callback(decision.callee || p.callee);
                }
            });
        },
        onBeforeCallHangup: payload => {
            const p = payload || {};
            if (typeof p.callback === 'function') {
                p.callback();
            }
            notify('OnBeforeCallHangup', { jobId: text(p.jobId), channelId: text(p.channelId), userId: text(p.userId) });
        },
        onStatusChange: change => {
            const c = change || {};
            notify('OnStatusChange', { code: statusCode(c.code), lastCode: statusCode(c.lastCode), context: plain(c.context) });
        },
        onErrorNotify: error => {
            const e = error || {};
            notify('OnErrorNotify', {
                errorCode: text(e.errorCode),
                errorMsg: text(e.errorMsg),
                errorMsgTip: text(e.errorMsgTip),
                requestId: text(e.requestId),
            });
        },
    });

    const sdk = new window.WorkbenchSdk(config);
    if (!window.workbench) {
        window.workbench = sdk; // the documented global; some SDK builds look it up
    }

    // The SDK reports outcomes through onStatusChange/onErrorNotify; a rejected promise is logged, not returned to .NET.
    const run = (method, ...args) => {
        if (disposed) throw new Error('Ccc.Sdk.Softphone: the softphone was disposed.');
        const result = sdk[method](...args);
        if (result && typeof result.then === 'function') {
            result.then(undefined, error => console.error(`Ccc.Sdk.Softphone: ${method} failed`, error));
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
        getStatusCode: () => statusCode(sdk.getStatusCode()),
        dispose: () => {
            // The SDK documents no teardown: stop calling .NET, drop the global and empty the container.
            disposed = true;
            if (window.workbench === sdk) {
                window.workbench = undefined;
            }
            const container = document.getElementById(options.dom);
            if (container) {
                container.replaceChildren();
            }
        },
    };
}
