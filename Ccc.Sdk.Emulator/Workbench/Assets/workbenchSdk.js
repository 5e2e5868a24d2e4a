// Ccc.Sdk.Emulator's stand-in for Alibaba Cloud's Workbench SDK 2.x (window.WorkbenchSdk): the same config,
// callbacks and methods (docs/reference/workbench-sdk.md), talking to the emulator's agent gateway WebSocket for signalling
// (and signing in) and to the page's back-end proxy (ajax) for the OpenAPI. Audio is window.CccWorkbenchMedia's business
// (workbenchMedia.js, served in front of this file when present). docs/emulator-calls.md, "The workbench script".
// The same file is served as the 3.x surface (/workbench/v3/core.min.js and ui.min.js, window.CCCWorkbenchSDK):
// WorkbenchAssets turns GENERATION below into '3.x' (docs/decisions/0020-workbench-sign-in-and-3x-surface.md).
(() => {
    'use strict';

    const GENERATION = '2.x'; // the only line WorkbenchAssets rewrites (to '3.x')
    const V3 = GENERATION === '3.x';
    const GLOBAL_NAME = V3 ? 'CCCWorkbenchSDK' : 'WorkbenchSdk';

    if (typeof window[GLOBAL_NAME] === 'function') {
        return; // loaded twice: keep the first definition
    }

    const scriptSrc = document.currentScript && document.currentScript.src ? document.currentScript.src : '';

    const STATUS_TEXT = {
        '-1': 'Unregistered', 0: 'Registering', 1: 'Offline', 2: 'Break', 3: 'Ready', 5: 'After-call work',
        6: 'Ringing', 8: 'Dialing', 9: 'Inbound call', 10: 'Outbound call', 11: 'Internal call', 12: 'On hold',
        16: 'Three-way call', 17: 'Consulting', 20: 'Being helped', 21: 'Monitoring', 22: 'IVR confirm',
        23: 'IVR confirm ended', 24: 'Monitor pending', 25: 'Barge-in', 26: 'Coaching',
    };

    // SDK error codes (docs/reference/workbench-sdk.md#onerrornotify-codes-2x) raised by the script itself.
    const SDK_ERRORS = {
        6001: ['AgentNotRegistered', '坐席未注册，请先调用 register'],
        6007: ['CallExisted', '当前已有通话'],
        6008: ['CallNotExisted', '当前没有通话'],
        8005: ['user request is handling', '请求处理中'],
        8022: ['OnReload', '与服务端的连接已断开，正在重新连接'],
        8023: ['GetConfigError', '获取坐席配置失败'],
        NoAvailableCallee: ['NoAvailableCallee', '被叫号码为空'],
    };

    const CALLBACKS = ['onInit', 'onRegister', 'onLogIn', 'onLogOut', 'onReady', 'onBreak', 'onCallComing',
        'onBeforeCallDialing', 'onCallDialing', 'onCallEstablish', 'onCallRelease', 'onHangUp', 'onBeforeCallHangup',
        'onStatusChange', 'onErrorNotify'];

    const PING_INTERVAL_MS = 20000;
    const GATEWAY_REPLY_TIMEOUT_MS = 15000;
    const RECONNECT_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];

    const isBusyCode = code => code >= 5 && code <= 26;
    const talkCode = callType => (callType === 'OUTBOUND' ? 10 : callType === 'INTERNAL' ? 11 : 9);

    function sdkError(code, detail) {
        const [name, tip] = SDK_ERRORS[code] || [String(code), String(code)];
        const error = new Error(detail ? `${name}: ${detail}` : name);
        error.errorCode = String(code);
        error.errorMsg = detail ? `${name}: ${detail}` : name;
        error.errorMsgTip = tip;
        error.requestId = '';
        return error;
    }

    function formValue(value) {
        if (value === undefined || value === null) return '';
        return typeof value === 'object' ? JSON.stringify(value) : String(value);
    }

    function skillGroupIdOf(item) {
        if (typeof item === 'string') return item;
        if (!item || typeof item !== 'object') return '';
        return String(item.skillGroupId || item.SkillGroupId || '');
    }

    function el(tag, className, text) {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    class WorkbenchSdk {
        #o;
        #container;
        #ui = null;
        #status = -1;
        #lastStatus = -1;         // the code before #status (getStatusCode().lastCode)
        #details = null;          // GetLoginDetails Data
        #ws = null;
        #registered = false;      // welcome received on the current socket
        #registering = null;      // the pending register() promise
        #firstStatus = null;      // resolver waiting for the socket's first statusChange
        #reconnecting = false;    // the current socket replaces a dropped one (no second onRegister)
        #pingTimer = 0;
        #reconnectTimer = 0;
        #reconnectAttempt = 0;
        #destroyed = false;
        #calls = new Map();       // jobId -> { jobId, caller, callee, callType, callContext, outgoing, established, held, muted }
        #codeBeforeHold = 0;
        #volume = 1;
        #toastTimer = 0;
        #skillGroupIds = null;    // the groups the script signed in to
        #monitoredUserId = '';    // the agent monitor() named (the supervisor buttons act on them)
        #keyboard = null;         // setKeyboardValue's {value, display} (3.x)
        #gatewayRequests = new Map(); // id -> {resolve, reject, timer}: signIn sent over the agent channel
        #gatewayRequestId = 0;
        #background = {};         // what the start-up background actions answered (docs/emulator.md, "The softphone script's background actions")

        constructor(config) {
            const c = config || {};
            // 3.x: regionId is optional (only dom, instanceId, ajaxOrigin and ajaxPath are confirmed).
            for (const name of V3 ? ['dom', 'instanceId'] : ['dom', 'instanceId', 'regionId']) {
                if (c[name] === undefined || c[name] === null || c[name] === '') {
                    throw new Error(`${GLOBAL_NAME}: config.${name} is required.`);
                }
            }
            const method = String(c.ajaxMethod || 'post').toLowerCase();
            if (method !== 'post' && method !== 'get') {
                throw new Error(`${GLOBAL_NAME}: config.ajaxMethod must be 'post' or 'get', not '${c.ajaxMethod}'.`);
            }
            this.#o = {
                ...c,
                defaultVisible: c.defaultVisible !== false,
                header: c.header !== false,
                width: c.width || 280,
                height: c.height || 552,
                ajaxOrigin: c.ajaxOrigin || location.origin,
                ajaxPath: c.ajaxPath || '/data/api.json',
                ajaxMethod: method,
                ajaxApiParamName: c.ajaxApiParamName || 'action',
                ajaxOtherParams: c.ajaxOtherParams || {},
                ajaxHeaders: c.ajaxHeaders || {},
                withCredentials: c.withCredentials === true,
                exportErrorOfApi: c.exportErrorOfApi === true,
            };
            this.#container = typeof c.dom === 'string' ? document.getElementById(c.dom) : c.dom;
            if (!this.#container) {
                throw new Error(`${GLOBAL_NAME}: no element with id '${c.dom}' (config.dom).`);
            }
            this.#loadCss();
            this.#render();
            this.changeVisible(this.#o.defaultVisible);
            setTimeout(() => this.#fire('onInit'), 0);
        }

        // ------------------------------------------------------------------ public methods (docs/reference/workbench-sdk.md#methods-2x)

        isAvailBroswer() {
            return typeof RTCPeerConnection === 'function' && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
        }

        checkNetwork() {
            return Promise.resolve({
                online: navigator.onLine !== false,
                gatewayConnected: !!this.#ws && this.#ws.readyState === WebSocket.OPEN && this.#registered,
            });
        }

        changeVisible(visible) {
            const show = visible !== false;
            if (this.#ui) {
                this.#ui.root.hidden = !show;
                this.#ui.root.style.display = show ? '' : 'none';
            }
            return Promise.resolve(show);
        }

        reRender() {
            const visible = this.#ui ? !this.#ui.root.hidden : this.#o.defaultVisible;
            this.#render();
            this.changeVisible(visible);
            return Promise.resolve();
        }

        // The cloud's shape: an object {code, lastCode} (docs/reference/workbench-sdk.md), not a bare number.
        getStatusCode() {
            return { code: this.#status, lastCode: this.#lastStatus };
        }

        changeVolumeInCall(volume) {
            const v = Math.min(1, Math.max(0, Number(volume)));
            this.#volume = Number.isFinite(v) ? v : 1;
            this.#applyVolume();
            return Promise.resolve(this.#volume);
        }

        register(skillGroups, accessPoint) {
            void accessPoint; // one emulator, one "access point"
            if (this.#destroyed) return Promise.reject(new Error(`${GLOBAL_NAME}: destroyed.`));
            if (this.#registering) return this.#registering;
            this.#registering = this.#register(skillGroups).finally(() => { this.#registering = null; });
            return this.#registering;
        }

        logIn(skillGroups) {
            return this.#guard(async () => {
                const result = await this.#signIn(skillGroups);
                this.#fire('onLogIn');
                return result;
            });
        }

        logOut() {
            return this.#guard(async () => {
                const result = await this.#agentApi('SignOutGroup', {});
                this.#fire('onLogOut');
                return result;
            });
        }

        ready() {
            return this.#guard(() => this.#agentApi('ReadyForService', {}));
        }

        applyForBreak(breakReason) {
            return this.#guard(() => this.#agentApi('TakeBreak', { code: breakReason || 'default' }));
        }

        call(callee, caller) {
            return this.#guard(() => {
                if (this.#calls.size > 0) throw sdkError(6007);
                const number = callee === undefined || callee === null ? '' : String(callee).trim();
                if (!number) throw sdkError('NoAvailableCallee');
                const dial = async newCallee => {
                    const params = { callee: newCallee === undefined || newCallee === null || newCallee === '' ? number : String(newCallee) };
                    if (caller !== undefined && caller !== null && caller !== '' && caller !== 'auto') {
                        params.caller = String(caller);
                    }
                    await this.#dialActions(params.callee);
                    const made = await this.#agentApi('MakeCall', params);
                    const jobId = made && made.CallContext && made.CallContext.JobId;
                    if (jobId) {
                        this.#terminalLog(jobId, 'call', 'dialing', { event: 'MakeCall', callee: params.callee });
                    }
                    return made;
                };
                if (typeof this.#o.onBeforeCallDialing !== 'function') {
                    return dial();
                }
                // Nothing is dialed until the page calls payload.callback (docs/reference/workbench-sdk.md#callbacks-2x).
                return new Promise((resolve, reject) => {
                    let used = false;
                    const callback = newCallee => {
                        if (used) return;
                        used = true;
                        dial(newCallee).then(resolve, reject);
                    };
                    this.#fire('onBeforeCallDialing', { callee: number, userId: this.#userId(), callback });
                });
            });
        }

        answer() {
            return this.#guard(() => {
                const ringing = [...this.#calls.values()].find(c => !c.outgoing && !c.established);
                if (!ringing) throw sdkError(6008, 'no ringing call to answer');
                return this.#agentApi('AnswerCall', { jobId: ringing.jobId });
            });
        }

        hangUp() {
            return this.#guard(() => {
                const call = this.#currentCall();
                if (!call) throw sdkError(6008, 'no call to hang up');
                const channelId = this.#agentChannel(call);
                const release = () => {
                    const params = { jobId: call.jobId };
                    if (channelId) params.channelId = channelId;
                    return this.#agentApi('ReleaseCall', params);
                };
                if (typeof this.#o.onBeforeCallHangup !== 'function') {
                    return release();
                }
                return new Promise((resolve, reject) => {
                    let used = false;
                    const callback = () => {
                        if (used) return;
                        used = true;
                        release().then(resolve, reject);
                    };
                    this.#fire('onBeforeCallHangup', { callback, jobId: call.jobId, channelId: channelId || '', userId: this.#userId() });
                });
            });
        }

        callHold() {
            return this.#guard(async () => {
                const call = this.#establishedCall();
                const result = await this.#agentApi('HoldCall', { jobId: call.jobId, channelId: this.#agentChannel(call) });
                if (!call.held) {
                    call.held = true;
                    this.#codeBeforeHold = this.#status;
                    this.#setStatus(12, { userState: 'TALKING', held: true });
                }
                this.#refresh();
                return result;
            });
        }

        callRetrieve() {
            return this.#guard(async () => {
                const call = this.#establishedCall();
                const result = await this.#agentApi('RetrieveCall', { jobId: call.jobId, channelId: this.#agentChannel(call) });
                if (call.held) {
                    call.held = false;
                    if (this.#status === 12) {
                        this.#setStatus(this.#codeBeforeHold || talkCode(call.callType), { userState: 'TALKING', held: false });
                    }
                }
                this.#refresh();
                return result;
            });
        }

        sendDtmf(digit) {
            return this.#guard(() => {
                const call = this.#establishedCall();
                return this.#agentApi('SendDtmfSignaling', { jobId: call.jobId, channelId: this.#customerChannel(call), dtmf: String(digit) });
            });
        }

        thirdCallTransfer(callee, caller) {
            return this.#guard(() => {
                const call = this.#establishedCall();
                return this.#agentApi('BlindTransfer', { jobId: call.jobId, ...this.#transferee(callee, caller) });
            });
        }

        initiateAttendedTransfer(callee, caller) {
            return this.#guard(() => {
                const call = this.#establishedCall();
                return this.#agentApi('InitiateAttendedTransfer', { jobId: call.jobId, ...this.#transferee(callee, caller) });
            });
        }

        thirdCallRetrieve() {
            return this.#guard(() => this.#agentApi('CancelAttendedTransfer', { jobId: this.#establishedCall().jobId }));
        }

        thirdCallTransferFinished() {
            return this.#guard(() => this.#agentApi('CompleteAttendedTransfer', { jobId: this.#establishedCall().jobId }));
        }

        muteAgent() {
            return this.#mute(true);
        }

        // 2.x spells it umMuteAgent (its doc), 3.x unmuteAgent (a third-party summary); each surface has only its own
        // name (renamed after the class).
        unmuteAgent() {
            return this.#mute(false);
        }

        // 2.x: documented monitor(userId), an agent id: MonitorCall. The supervisor's leg then rings like a call
        // (onCallComing, status 24); answer() connects it (status 21).
        monitor(userId) {
            return this.#guard(() => {
                const target = userId === undefined || userId === null ? '' : String(userId).trim();
                if (!target) throw sdkError('NoAvailableCallee');
                if (this.#calls.size > 0) throw sdkError(6007);
                this.#monitoredUserId = target;
                return this.#agentApi('MonitorCall', { monitoredUserId: target });
            });
        }

        // 3.x only (integrator code): fills the panel's dial pad; `display` is shown (e.g. a masked number), `value`
        // is what the Call button dials while the pad still shows it.
        setKeyboardValue(value, display) {
            const real = value === undefined || value === null ? '' : String(value);
            const shown = display === undefined || display === null || display === '' ? real : String(display);
            this.#keyboard = { value: real, display: shown };
            if (this.#ui) this.#ui.number.value = shown;
        }

        /** Not in the 2.x list: closes the gateway socket, stops audio and empties the container. */
        destroy() {
            this.#destroyed = true;
            clearTimeout(this.#reconnectTimer);
            this.#closeSocket();
            this.#calls.clear();
            this.#container.replaceChildren();
            this.#ui = null;
        }

        // ------------------------------------------------------------------ registration and the gateway

        async #register(skillGroups) {
            if (!this.#registered) {
                clearTimeout(this.#reconnectTimer); // an explicit register replaces a pending reconnection
                this.#setStatus(0, {});
                let first;
                try {
                    first = await this.#connect();
                } catch (error) {
                    this.#closeSocket();
                    this.#setStatus(-1, {});
                    throw this.#notify(error);
                }
                if (isBusyCode(first)) {
                    return { recovered: true, code: first }; // a call or after-call work in progress: keep it
                }
            }
            await this.#signIn(skillGroups);
            this.#fire('onLogIn');
            await this.#agentApi('ReadyForService', {});
            return { recovered: false, code: this.#status };
        }

        // GetLoginDetails, open the socket, hello; resolves with the code of the first statusChange after welcome.
        async #connect(reconnecting = false) {
            this.#reconnecting = reconnecting;
            this.#details = await this.#api('GetLoginDetails', { instanceId: this.#o.instanceId });
            const details = this.#details || {};
            if (!details.AgentServerUrl || !details.Signature) {
                throw sdkError(8023, 'GetLoginDetails returned no AgentServerUrl/Signature');
            }
            if (!reconnecting) {
                await this.#startupActions();
            }
            return new Promise((resolve, reject) => {
                let settled = false;
                let refusal = null;
                const ws = new WebSocket(details.AgentServerUrl);
                this.#ws = ws;
                this.#firstStatus = code => {
                    if (settled) return;
                    settled = true;
                    resolve(code);
                };
                ws.onopen = () => {
                    ws.send(JSON.stringify({ type: 'hello', userId: details.UserId, signature: details.Signature, instanceId: this.#o.instanceId }));
                };
                ws.onmessage = event => {
                    let message;
                    try {
                        message = JSON.parse(event.data);
                    } catch {
                        return;
                    }
                    if (message && message.type === 'error' && !this.#registered) {
                        refusal = message;
                    }
                    this.#onMessage(ws, message);
                };
                ws.onclose = event => {
                    if (this.#ws === ws) {
                        this.#onSocketClosed(ws);
                    }
                    if (!settled) {
                        settled = true;
                        const error = new Error(refusal ? `${refusal.code}: ${refusal.message}` : `the agent gateway closed (${event.code})`);
                        error.errorCode = refusal ? String(refusal.code) : '8023';
                        error.errorMsg = error.message;
                        error.errorMsgTip = SDK_ERRORS[8023][1];
                        error.requestId = '';
                        error.notified = !!refusal; // the gateway's error message was reported already
                        reject(error);
                    }
                };
            });
        }

        #onMessage(ws, message) {
            if (!message || typeof message !== 'object' || this.#ws !== ws) return;
            switch (message.type) {
                case 'welcome':
                    this.#registered = true;
                    this.#reconnectAttempt = 0;
                    this.#calls.clear(); // the gateway replays the call in progress, if any
                    clearInterval(this.#pingTimer);
                    this.#pingTimer = setInterval(() => this.#send(ws, { type: 'ping' }), PING_INTERVAL_MS);
                    if (!this.#reconnecting) {
                        this.#fire('onRegister', this.#registerConfig());
                    }
                    break;
                case 'statusChange': {
                    const code = Number(message.code);
                    this.#setStatus(Number.isFinite(code) ? code : 1, message.context || {});
                    if (this.#firstStatus) {
                        const resolve = this.#firstStatus;
                        this.#firstStatus = null;
                        resolve(code);
                    }
                    break;
                }
                case 'callComing':
                case 'callDialing': {
                    const outgoing = message.type === 'callDialing';
                    const call = {
                        jobId: message.jobId, caller: message.caller, callee: message.callee, callType: message.callType,
                        callContext: message.callContext, outgoing, established: false, held: false, muted: false,
                    };
                    this.#calls.set(call.jobId, call);
                    this.#refresh();
                    const detail = { caller: call.caller, callee: call.callee, callType: call.callType, jobId: call.jobId, callContext: call.callContext };
                    this.#fire(outgoing ? 'onCallDialing' : 'onCallComing', detail);
                    if (!outgoing) this.#autoAnswer(call);
                    break;
                }
                case 'callEstablish': {
                    const call = this.#calls.get(message.jobId);
                    if (call) {
                        call.established = true;
                        call.callContext = message.callContext;
                    }
                    this.#refresh();
                    this.#fire('onCallEstablish', { callContext: message.callContext }); // the cloud's 2.x: only {callContext}
                    break;
                }
                case 'callRelease':
                    this.#calls.delete(message.jobId);
                    this.#refresh();
                    this.#fire('onCallRelease', { callContext: message.callContext }); // the cloud's 2.x: only {callContext}
                    break;
                case 'hangUp':
                    this.#fire('onHangUp', String(message.hangUpType || ''));
                    break;
                case 'signInResult':
                    this.#settleGatewayRequest(message);
                    break;
                case 'mediaStart':
                case 'rtc':
                case 'mediaStop': {
                    const media = window.CccWorkbenchMedia;
                    if (media && typeof media.handle === 'function') {
                        try {
                            media.handle(message, object => this.#send(ws, object));
                        } catch (error) {
                            console.error('WorkbenchSdk: CccWorkbenchMedia.handle failed', error);
                        }
                        this.#applyVolume();
                    }
                    break;
                }
                case 'error':
                    this.#notify({
                        errorCode: String(message.code || 'GatewayError'), errorMsg: String(message.message || ''),
                        errorMsgTip: '坐席网关错误', requestId: '',
                    });
                    break;
                default:
                    break; // pong and anything new
            }
        }

        #onSocketClosed(ws) {
            const wasRegistered = this.#registered;
            this.#failGatewayRequests();
            clearInterval(this.#pingTimer);
            this.#registered = false;
            this.#ws = null;
            this.#stopMedia();
            if (this.#destroyed || !wasRegistered) {
                return;
            }
            // Dropped: report it, then come back with a fresh signature; the gateway's replay restores the state.
            this.#setStatus(-1, {});
            this.#notify(sdkError(8022));
            this.#scheduleReconnect();
        }

        #scheduleReconnect() {
            clearTimeout(this.#reconnectTimer);
            const delay = RECONNECT_DELAYS_MS[Math.min(this.#reconnectAttempt, RECONNECT_DELAYS_MS.length - 1)];
            this.#reconnectAttempt++;
            this.#reconnectTimer = setTimeout(async () => {
                if (this.#destroyed || this.#registered) return;
                try {
                    await this.#connect(true);
                } catch (error) {
                    void error;
                    this.#closeSocket();
                    this.#scheduleReconnect();
                }
            }, delay);
        }

        #closeSocket() {
            const ws = this.#ws;
            this.#ws = null;
            this.#registered = false;
            this.#firstStatus = null;
            this.#failGatewayRequests();
            clearInterval(this.#pingTimer);
            this.#stopMedia();
            if (ws) {
                try {
                    ws.close(1000, 'closed by the page');
                } catch {
                    // already closing
                }
            }
        }

        #stopMedia() {
            const media = window.CccWorkbenchMedia;
            if (media && typeof media.stopAll === 'function') {
                try {
                    media.stopAll();
                } catch (error) {
                    console.error('WorkbenchSdk: CccWorkbenchMedia.stopAll failed', error);
                }
            }
        }

        #send(ws, object) {
            if (ws && ws.readyState === WebSocket.OPEN) {
                ws.send(JSON.stringify(object));
            }
        }

        #registerConfig() {
            const d = this.#details || {};
            return {
                instanceId: this.#o.instanceId, regionId: this.#o.regionId, userId: d.UserId, extension: d.Extension,
                deviceId: this.#deviceId(), displayName: d.DisplayName, workMode: d.WorkMode,
            };
        }

        async #signIn(skillGroups) {
            let ids = Array.isArray(skillGroups) ? skillGroups.map(skillGroupIdOf).filter(Boolean) : [];
            if (ids.length === 0) {
                ids = await this.#allSkillGroups();
            }
            this.#skillGroupIds = ids;
            // Not SignInGroup: the cloud's 2.x proxy list has no sign-in action, so the sign-in goes over the agent
            // channel (docs/decisions/0020-workbench-sign-in-and-3x-surface.md). Status 2 (break) arrives before the answer.
            let result;
            try {
                result = await this.#gatewayRequest({ type: 'signIn', skillGroupIds: ids, deviceId: this.#deviceId() });
            } catch (error) {
                throw this.#notify(error, 'signIn');
            }
            if (Array.isArray(result.skillGroupIds)) this.#skillGroupIds = result.skillGroupIds;
            return result;
        }

        // Sends a request over the agent gateway and resolves with its answer (code 'OK'), or rejects with the
        // answer's error code (the same codes as the API's).
        #gatewayRequest(message) {
            const ws = this.#ws;
            if (!ws || ws.readyState !== WebSocket.OPEN || !this.#registered) {
                return Promise.reject(sdkError(6001));
            }
            const id = ++this.#gatewayRequestId;
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => {
                    this.#gatewayRequests.delete(id);
                    reject(sdkError(8005, `${message.type}: no answer from the agent gateway`));
                }, GATEWAY_REPLY_TIMEOUT_MS);
                this.#gatewayRequests.set(id, { resolve, reject, timer });
                ws.send(JSON.stringify({ ...message, id }));
            });
        }

        #settleGatewayRequest(message) {
            const pending = this.#gatewayRequests.get(Number(message.id));
            if (!pending) return;
            this.#gatewayRequests.delete(Number(message.id));
            clearTimeout(pending.timer);
            if (message.code === 'OK') {
                pending.resolve(message);
                return;
            }
            const error = new Error(`${message.code}: ${message.message || ''}`);
            error.errorCode = String(message.code || 'GatewayError');
            error.errorMsg = String(message.message || message.code || '');
            error.errorMsgTip = '签入失败';
            error.requestId = '';
            pending.reject(error);
        }

        #failGatewayRequests() {
            for (const [id, pending] of this.#gatewayRequests) {
                clearTimeout(pending.timer);
                pending.reject(sdkError(8022, 'the agent gateway closed'));
                this.#gatewayRequests.delete(id);
            }
        }

        // ------------------------------------------------------------------ background actions
        // The cloud's 2.x script calls these through the same ajax when it starts and when it dials
        // (docs/reference/workbench-sdk.md, "Back-end proxy"). Their answers are kept, never handed to the page's
        // callbacks, and their failures (an action the CRM's proxy does not allow, say) are not the agent's
        // errors: they are not reported and never stop registering or dialling.

        async #startupActions() {
            this.#background = {
                outboundNumbers: await this.#quietApi('ListOutboundNumbersOfUser', { pageNumber: 1, pageSize: 100 }),
                config: await this.#quietApi('ListConfigItems', { objectType: 'INSTANCE', objectId: this.#o.instanceId }),
                turnServers: await this.#quietApi('GetTurnServerList', {}),
                privileges: await this.#quietApi('ListPrivilegesOfUser', {}),
                turnCredentials: await this.#quietApi('GetTurnCredentials', {}),
                devices: await this.#quietApi('ListDevices', {}),
            };
        }

        async #dialActions(callee) {
            if (/^\d{4}$/.test(callee)) return; // an extension: no outbound number, no location
            let groups = this.#skillGroupIds;
            if (!groups || groups.length === 0) {
                groups = await this.#allSkillGroups().catch(() => []);
            }
            this.#background.picked = await this.#quietApi('PickOutboundNumbers', { calledNumber: callee, count: 1, skillGroupIdList: JSON.stringify(groups) });
            this.#background.calleeLocation = await this.#quietApi('GetNumberLocation', { number: callee });
        }

        #terminalLog(jobId, methodName, status, content) {
            const uniqueRequestId = (crypto.randomUUID && crypto.randomUUID()) || `${Date.now()}-${Math.random()}`;
            this.#quietApi('SaveTerminalLog', {
                jobId, callId: jobId, appName: 'workbench', dataType: 1, methodName, status, uniqueRequestId,
                content: JSON.stringify(content),
            });
        }

        // #agentApi without reporting: resolves with the answer's Data, or null when the action failed.
        async #quietApi(action, params) {
            try {
                return await this.#agentApi(action, params, true);
            } catch {
                return null;
            }
        }

        async #allSkillGroups() {
            const ids = [];
            for (let page = 1; page <= 100; page++) {
                const data = await this.#agentApi('ListSkillLevelsOfUser', { pageNumber: page, pageSize: 100 });
                const list = (data && data.List) || [];
                for (const item of list) ids.push(skillGroupIdOf(item));
                if (list.length === 0 || ids.length >= Number(data.TotalCount || 0)) break;
            }
            return ids.filter(Boolean);
        }

        #autoAnswer(call) {
            const seconds = Number(this.#o.autoAnswerCall);
            if (this.#o.autoAnswerCall === undefined || this.#o.autoAnswerCall === null || this.#o.autoAnswerCall === '' || !Number.isFinite(seconds) || seconds < 0) {
                return;
            }
            setTimeout(() => {
                const still = this.#calls.get(call.jobId);
                if (still && !still.established && this.#registered) {
                    this.answer().catch(() => { /* reported through onErrorNotify */ });
                }
            }, seconds * 1000);
        }

        #mute(muted) {
            return this.#guard(async () => {
                const call = this.#establishedCall();
                const params = { jobId: call.jobId };
                const channelId = this.#agentChannel(call);
                if (channelId) params.channelId = channelId;
                const result = await this.#agentApi(muted ? 'MuteCall' : 'UnmuteCall', params);
                call.muted = muted;
                const media = window.CccWorkbenchMedia;
                if (media && typeof media.setMuted === 'function') {
                    try {
                        media.setMuted(muted);
                    } catch (error) {
                        console.error('WorkbenchSdk: CccWorkbenchMedia.setMuted failed', error);
                    }
                }
                this.#refresh();
                return result;
            });
        }

        // The panel's buttons for the actions with no documented 2.x method (LaunchSurvey, CoachCall, BargeInCall,
        // InterceptCall): sent through the same ajax, on the current call.
        #panelAction(action) {
            return this.#guard(() => {
                const call = this.#establishedCall();
                if (action === 'LaunchSurvey') {
                    return this.#agentApi(action, { jobId: call.jobId });
                }
                const target = this.#supervisedUserId(call);
                if (!target) throw sdkError(6008, 'no monitored agent in this call');
                const name = { CoachCall: 'coachedUserId', BargeInCall: 'bargedUserId', InterceptCall: 'interceptedUserId' }[action];
                return this.#agentApi(action, { jobId: call.jobId, [name]: target });
            });
        }

        // The agent monitor() named, else (a reloaded page) the other agent in the call.
        #supervisedUserId(call) {
            const me = this.#userId();
            const agents = this.#channels(call).map(c => c.UserId).filter(u => u && u !== me);
            if (this.#monitoredUserId && agents.includes(this.#monitoredUserId)) return this.#monitoredUserId;
            return agents[0] || this.#monitoredUserId;
        }

        // ------------------------------------------------------------------ call state helpers

        #currentCall() {
            let last = null;
            for (const call of this.#calls.values()) last = call;
            return last;
        }

        #establishedCall() {
            const call = [...this.#calls.values()].reverse().find(c => c.established);
            if (!call) throw sdkError(6008, 'no connected call');
            return call;
        }

        #channels(call) {
            const context = call.callContext || {};
            return context.ChannelContexts || context.channelContexts || [];
        }

        #agentChannel(call) {
            const userId = this.#userId();
            const extension = this.#details ? this.#details.Extension : '';
            const mine = this.#channels(call).filter(c => c.UserId === userId
                || (extension && (c.Destination === extension || c.Originator === extension)));
            const live = mine.find(c => c.ChannelState !== 'RELEASED') || mine[0];
            return live ? live.ChannelId : '';
        }

        #customerChannel(call) {
            const agentChannel = this.#agentChannel(call);
            const others = this.#channels(call).filter(c => c.ChannelId !== agentChannel);
            const customer = others.find(c => !c.UserId && c.ChannelState !== 'RELEASED')
                || others.find(c => c.ChannelState !== 'RELEASED') || others[0];
            return customer ? customer.ChannelId : agentChannel;
        }

        #transferee(callee, caller) {
            const target = callee === undefined || callee === null ? '' : String(callee);
            if (!target) throw sdkError('NoAvailableCallee');
            const toAgent = caller === '' && (target.includes('@') || /^[0-9]{1,6}$/.test(target));
            const params = { transferee: target, transfereeType: toAgent ? 'Agent' : 'Number' };
            if (caller !== undefined && caller !== null && caller !== '' && caller !== 'auto') {
                params.transferor = String(caller);
            }
            return params;
        }

        #userId() {
            return this.#details ? this.#details.UserId : '';
        }

        #deviceId() {
            const d = this.#details || {};
            return d.DeviceId || `${d.UserId || 'agent'}-web`;
        }

        #setStatus(code, context) {
            if (code === this.#status) return;
            const lastCode = this.#status;
            this.#lastStatus = lastCode;
            this.#status = code;
            this.#refresh();
            this.#fire('onStatusChange', { code, lastCode, context: context || {} });
            if (code === 3) this.#fire('onReady');
            else if (code === 2) this.#fire('onBreak');
        }

        // ------------------------------------------------------------------ ajax (docs/reference/workbench-sdk.md#the-back-end-ajax-request)

        // Commands that need a registered agent: 6001 before register (or while the gateway is reconnecting).
        #guard(run) {
            if (!this.#registered || !this.#details) {
                return Promise.reject(this.#notify(sdkError(6001)));
            }
            try {
                return Promise.resolve(run()).catch(error => {
                    throw error && error.notified ? error : this.#notify(error);
                });
            } catch (error) {
                return Promise.reject(this.#notify(error));
            }
        }

        #agentApi(action, params, quiet = false) {
            return this.#api(action, { instanceId: this.#o.instanceId, userId: this.#userId(), deviceId: this.#deviceId(), ...params }, quiet);
        }

        async #api(action, params, quiet = false) {
            const o = this.#o;
            // 3.x's query is unconfirmed: assumed the same, region left out when the page gives no regionId.
            const query = `${encodeURIComponent(o.ajaxApiParamName)}=${encodeURIComponent(action)}`
                + '&product=CloudCallCenter&version=2020-07-01'
                + (o.regionId === undefined || o.regionId === null || o.regionId === '' ? '' : `&region=${encodeURIComponent(o.regionId)}`);
            const fields = [['request', JSON.stringify(params)]];
            for (const [key, value] of Object.entries(o.ajaxOtherParams)) fields.push([key, formValue(value)]);
            const form = fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
            let url = `${o.ajaxOrigin}${o.ajaxPath}${o.ajaxPath.includes('?') ? '&' : '?'}${query}`;
            const init = {
                method: o.ajaxMethod.toUpperCase(),
                headers: { ...o.ajaxHeaders },
                credentials: o.withCredentials ? 'include' : 'same-origin',
            };
            if (o.ajaxMethod === 'get') {
                url += `&${form}`;
            } else {
                init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
                init.body = form;
            }

            let response;
            try {
                response = await fetch(url, init);
            } catch (e) {
                if (quiet) throw e;
                throw this.#notify({ errorCode: 'NetworkError', errorMsg: `${action}: ${e && e.message ? e.message : e}`, errorMsgTip: '网络错误', requestId: '' }, action);
            }
            let body = null;
            try {
                body = JSON.parse(await response.text());
            } catch {
                body = null;
            }
            if (!response.ok || !body || body.Code !== 'OK') {
                if (quiet) throw new Error(`${action}: HTTP ${response.status}`);
                const envelope = body && typeof body === 'object' ? body : {};
                throw this.#notify({
                    errorCode: String(envelope.Code || response.status),
                    errorMsg: String(envelope.Message || response.statusText || `HTTP ${response.status}`),
                    errorMsgTip: `调用 ${action} 失败`,
                    requestId: String(envelope.RequestId || ''),
                }, action);
            }
            return body.Data;
        }

        // Reports an error once through onErrorNotify (and the toast); returns an Error carrying the fields.
        #notify(error, apiName) {
            const e = error instanceof Error ? error : Object.assign(new Error(error.errorMsg || String(error.errorCode)), error);
            if (e.notified) return e;
            e.notified = true;
            e.errorCode = String(e.errorCode || 'UnknownError');
            e.errorMsg = e.errorMsg || e.message;
            // The cloud's 2.x payload: exactly these four fields (no errorApi/apiName; the action only names the toast).
            const payload = { errorCode: e.errorCode, errorMsg: e.errorMsg, errorMsgTip: e.errorMsgTip || e.errorMsg, requestId: e.requestId || '' };
            this.#fire('onErrorNotify', payload);
            if (this.#o.exportErrorOfApi) {
                this.#toast([apiName, payload.errorCode, payload.requestId, payload.errorMsg].filter(Boolean).join(' · '));
            }
            return e;
        }

        #fire(name, ...args) {
            const callback = this.#o[name];
            if (typeof callback !== 'function' || this.#destroyed) return;
            try {
                callback(...args);
            } catch (error) {
                console.error(`WorkbenchSdk: ${name} threw`, error);
            }
        }

        // ------------------------------------------------------------------ panel

        #loadCss() {
            if (!scriptSrc || document.querySelector('link[data-ccc-wb-css], link[href*="workbenchSdk.css"], link[href*="ui.min.css"]')) return;
            const link = document.createElement('link');
            link.rel = 'stylesheet';
            link.href = V3
                ? scriptSrc.replace(/(core|ui)\.min\.js(\?.*)?$/, 'ui.min.css')
                : scriptSrc.replace(/workbenchSdk\.js(\?.*)?$/, 'workbenchSdk.css');
            link.dataset.cccWbCss = '';
            document.head.appendChild(link);
        }

        #render() {
            const o = this.#o;
            const root = el('div', 'ccc-wb-panel');
            root.style.width = typeof o.width === 'number' ? `${o.width}px` : String(o.width);
            root.style.minHeight = typeof o.height === 'number' ? `${o.height}px` : String(o.height);

            const header = el('div', 'ccc-wb-header');
            const status = el('span', 'ccc-wb-status');
            header.append(status);
            const stateButtons = el('div', 'ccc-wb-state-actions');
            const readyButton = el('button', 'ccc-wb-ready', 'Ready');
            const breakButton = el('button', 'ccc-wb-break', 'Break');
            const offlineButton = el('button', 'ccc-wb-offline', 'Sign out');
            stateButtons.append(readyButton, breakButton, offlineButton);
            if (o.header) header.append(stateButtons);

            const callLine = el('div', 'ccc-wb-call');
            const callNumber = el('span', 'ccc-wb-call-number');
            const callFlags = el('span', 'ccc-wb-call-flags');
            callLine.append(callNumber, callFlags);

            const number = el('input', 'ccc-wb-number');
            number.type = 'tel';
            number.placeholder = 'Number';
            number.autocomplete = 'off';

            const pad = el('div', 'ccc-wb-pad');
            for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']) {
                const button = el('button', 'ccc-wb-key', key);
                button.type = 'button';
                button.dataset.key = key;
                button.addEventListener('click', () => {
                    if (this.#calls.size > 0 && [...this.#calls.values()].some(c => c.established)) {
                        this.sendDtmf(key).catch(() => {});
                    } else {
                        number.value += key;
                    }
                });
                pad.append(button);
            }

            const actions = el('div', 'ccc-wb-actions');
            const callButton = el('button', 'ccc-wb-dial', 'Call');
            const answerButton = el('button', 'ccc-wb-answer', 'Answer');
            const hangUpButton = el('button', 'ccc-wb-hangup', 'Hang up');
            const holdButton = el('button', 'ccc-wb-hold', 'Hold');
            const muteButton = el('button', 'ccc-wb-mute', 'Mute');
            actions.append(callButton, answerButton, hangUpButton, holdButton, muteButton);

            // The cloud's panel sends these actions, which have no documented 2.x method: a survey for the agent's
            // connected call; coach, barge in and intercept while monitoring (docs/softphone-proxy.md).
            const surveyButton = el('button', 'ccc-wb-survey', 'Survey');
            const coachButton = el('button', 'ccc-wb-coach', 'Coach');
            const bargeInButton = el('button', 'ccc-wb-barge-in', 'Barge in');
            const interceptButton = el('button', 'ccc-wb-intercept', 'Intercept');
            const more = el('div', 'ccc-wb-more');
            more.append(surveyButton, coachButton, bargeInButton, interceptButton);
            for (const b of [readyButton, breakButton, offlineButton, callButton, answerButton, hangUpButton, holdButton, muteButton,
                surveyButton, coachButton, bargeInButton, interceptButton]) {
                b.type = 'button';
            }

            const ignore = () => { /* reported through onErrorNotify */ };
            readyButton.addEventListener('click', () => this.ready().catch(ignore));
            breakButton.addEventListener('click', () => this.applyForBreak('default').catch(ignore));
            offlineButton.addEventListener('click', () => this.logOut().catch(ignore));
            callButton.addEventListener('click', () => {
                const typed = number.value.trim();
                const keyboard = this.#keyboard;
                this.call(keyboard && typed === keyboard.display ? keyboard.value : typed).catch(ignore);
            });
            number.addEventListener('input', () => { this.#keyboard = null; });
            surveyButton.addEventListener('click', () => this.#panelAction('LaunchSurvey').catch(ignore));
            coachButton.addEventListener('click', () => this.#panelAction('CoachCall').catch(ignore));
            bargeInButton.addEventListener('click', () => this.#panelAction('BargeInCall').catch(ignore));
            interceptButton.addEventListener('click', () => this.#panelAction('InterceptCall').catch(ignore));
            answerButton.addEventListener('click', () => this.answer().catch(ignore));
            hangUpButton.addEventListener('click', () => this.hangUp().catch(ignore));
            holdButton.addEventListener('click', () => {
                const call = this.#currentCall();
                (call && call.held ? this.callRetrieve() : this.callHold()).catch(ignore);
            });
            muteButton.addEventListener('click', () => {
                const call = this.#currentCall();
                this.#mute(!(call && call.muted)).catch(ignore);
            });

            const toast = el('div', 'ccc-wb-toast');
            toast.hidden = true;
            const audio = el('audio', 'ccc-wb-audio');
            audio.autoplay = true;
            audio.dataset.cccWorkbench = '';

            root.append(header, callLine, number, pad, actions, more, toast, audio);
            this.#container.replaceChildren(root);
            this.#ui = {
                root, status, callNumber, callFlags, number, callButton, answerButton, hangUpButton, holdButton, muteButton,
                readyButton, breakButton, offlineButton, surveyButton, coachButton, bargeInButton, interceptButton, toast, audio,
            };
            this.#refresh();
            this.#applyVolume();
        }

        #refresh() {
            const ui = this.#ui;
            if (!ui) return;
            const code = this.#status;
            ui.status.textContent = STATUS_TEXT[code] || `Status ${code}`;
            ui.status.dataset.code = String(code);
            ui.root.dataset.status = String(code);
            const call = this.#currentCall();
            ui.callNumber.textContent = call ? String((call.outgoing ? call.callee : call.caller) || '') : '';
            ui.callFlags.textContent = call ? [call.held ? 'held' : '', call.muted ? 'muted' : ''].filter(Boolean).join(' ') : '';
            const registered = this.#registered;
            const ringingIn = !!call && !call.outgoing && !call.established;
            const connected = !!call && call.established;
            ui.callButton.disabled = !registered || !!call;
            ui.answerButton.disabled = !registered || !ringingIn;
            ui.hangUpButton.disabled = !registered || !call;
            ui.holdButton.disabled = !registered || !connected;
            ui.holdButton.textContent = call && call.held ? 'Retrieve' : 'Hold';
            ui.muteButton.disabled = !registered || !connected;
            ui.muteButton.textContent = call && call.muted ? 'Unmute' : 'Mute';
            // Supervising (24 monitor requested, 21 monitoring, 26 coaching, 25 barge-in): coach, barge in, intercept.
            const supervising = connected && (code === 21 || code === 25 || code === 26);
            ui.coachButton.hidden = ui.bargeInButton.hidden = ui.interceptButton.hidden = !(supervising || code === 24);
            ui.coachButton.disabled = !registered || !supervising || code === 26;
            ui.bargeInButton.disabled = !registered || !supervising || code === 25;
            ui.interceptButton.disabled = !registered || !supervising;
            ui.surveyButton.hidden = !connected || supervising || code === 24;
            ui.surveyButton.disabled = !registered || !connected || supervising;
            ui.readyButton.disabled = !registered || code === 3 || isBusyCode(code);
            ui.breakButton.disabled = !registered || code === 2 || isBusyCode(code);
            ui.offlineButton.disabled = !registered || code === 1 || isBusyCode(code);
        }

        #toast(text) {
            const ui = this.#ui;
            if (!ui) return;
            ui.toast.textContent = text;
            ui.toast.hidden = false;
            clearTimeout(this.#toastTimer);
            this.#toastTimer = setTimeout(() => { if (this.#ui) this.#ui.toast.hidden = true; }, 6000);
        }

        #applyVolume() {
            const audios = new Set([
                ...this.#container.querySelectorAll('audio'),
                ...document.querySelectorAll('audio[data-ccc-workbench]'),
            ]);
            for (const audio of audios) audio.volume = this.#volume;
        }
    }

    // Each surface has only its own spelling of unmute, and only 3.x has setKeyboardValue.
    if (!V3) {
        Object.defineProperty(WorkbenchSdk.prototype, 'umMuteAgent', Object.getOwnPropertyDescriptor(WorkbenchSdk.prototype, 'unmuteAgent'));
        delete WorkbenchSdk.prototype.unmuteAgent;
        delete WorkbenchSdk.prototype.setKeyboardValue;
    }
    Object.defineProperty(WorkbenchSdk, 'name', { value: GLOBAL_NAME });
    window[GLOBAL_NAME] = WorkbenchSdk;
})();
