/*
 * Ccc.Sdk emulator: the simulated customer phone page (docs/emulator-calls.md, "Simulated phone page").
 * It connects to /_emulator/phone-gateway as one phone number, places inbound calls through the control API, answers
 * and hangs up through /_emulator/phones/{number}/answer|hang-up, and answers the agent's WebRTC offer (relayed).
 * Test hook: window.CccPhone = { peerConnection, state, jobId }.
 */
(function () {
  'use strict';
  var number = new URLSearchParams(location.search).get('number') || '';
  var phone = { peerConnection: null, state: 'connecting', jobId: null, number: number };
  window.CccPhone = phone;

  var $ = function (id) { return document.getElementById(id); };
  var socket = null;
  var session = null; // { jobId, pc, stream, chain, pending, closed }
  var dtmfTimer = null;

  $('number').textContent = number;

  function setStatus(state, text) {
    phone.state = state;
    $('status').textContent = text;
    $('answer').disabled = state !== 'ringing';
    $('hangup').disabled = !(state === 'ringing' || state === 'dialing' || state === 'talking');
    $('call').disabled = state !== 'idle';
    if (state === 'talking' && !dtmfTimer) {
      dtmfTimer = setInterval(refreshDtmf, 1000);
    } else if (state !== 'talking' && dtmfTimer) {
      clearInterval(dtmfTimer);
      dtmfTimer = null;
    }
  }

  function showError(text) {
    $('error').textContent = text || '';
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          throw new Error((json && (json.message || json.Message)) || ('HTTP ' + response.status));
        }
        return json;
      });
    });
  }

  function refreshDtmf() {
    fetch('/_emulator/phones/' + encodeURIComponent(number)).then(function (r) { return r.json(); }).then(function (json) {
      $('dtmf').textContent = json.dtmfReceived || '';
    }).catch(function () { /* next tick */ });
  }

  // ------------------------------------------------------------------ media (answerer)

  function stopMedia() {
    var s = session;
    session = null;
    phone.peerConnection = null;
    if (!s) {
      return;
    }
    s.closed = true;
    try {
      s.pc.close();
    } catch (ignored) {
      // already closed
    }
    if (s.stream) {
      s.stream.getTracks().forEach(function (t) { t.stop(); });
    }
    $('remote').srcObject = null;
  }

  function enqueue(s, work) {
    s.chain = s.chain.then(function () {
      return s.closed ? undefined : work();
    }).catch(function (error) {
      if (!s.closed) {
        showError(String(error && error.message || error));
      }
    });
  }

  function startMedia(message) {
    stopMedia();
    var pc = new RTCPeerConnection({ iceServers: [] });
    var s = { jobId: message.jobId, pc: pc, stream: null, chain: Promise.resolve(), pending: [], closed: false };
    session = s;
    phone.peerConnection = pc;
    pc.onicecandidate = function (e) {
      if (!s.closed && e.candidate) {
        send({ type: 'rtc', jobId: s.jobId, candidate: e.candidate.toJSON() });
      }
    };
    pc.ontrack = function (e) {
      var audio = $('remote');
      audio.srcObject = e.streams && e.streams[0] ? e.streams[0] : new MediaStream([e.track]);
      var played = audio.play && audio.play();
      if (played && played.catch) {
        played.catch(function () { /* autoplay policy */ });
      }
    };
    enqueue(s, function () {
      return navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        if (s.closed) {
          stream.getTracks().forEach(function (t) { t.stop(); });
          return;
        }
        s.stream = stream;
        stream.getAudioTracks().forEach(function (t) { pc.addTrack(t, stream); });
      }, function (error) {
        throw new Error('Microphone unavailable (getUserMedia failed: ' + (error && (error.name || error.message) || error) + ')');
      });
    });
  }

  function rtc(message) {
    var s = session;
    if (!s || s.jobId !== message.jobId) {
      return;
    }
    var pc = s.pc;
    if (message.description) {
      enqueue(s, function () {
        return pc.setRemoteDescription(message.description).then(function () {
          var pending = s.pending;
          s.pending = [];
          return Promise.all(pending.map(function (c) { return pc.addIceCandidate(c); }));
        }).then(function () {
          if (message.description.type !== 'offer') {
            return undefined;
          }
          return pc.createAnswer().then(function (answer) {
            return pc.setLocalDescription(answer);
          }).then(function () {
            send({ type: 'rtc', jobId: s.jobId, description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
          });
        });
      });
    } else if (message.candidate) {
      if (pc.remoteDescription) {
        pc.addIceCandidate(message.candidate).catch(function (e) { showError(String(e)); });
      } else {
        s.pending.push(message.candidate);
      }
    }
  }

  // ------------------------------------------------------------------ gateway

  function onMessage(event) {
    var message;
    try {
      message = JSON.parse(event.data);
    } catch (ignored) {
      return;
    }
    switch (message.type) {
      case 'welcome':
        if (phone.state === 'connecting') {
          setStatus('idle', 'Idle');
        }
        break;
      case 'ringing':
        phone.jobId = message.jobId;
        setStatus('ringing', 'Incoming call from ' + message.from);
        break;
      case 'dialing':
        phone.jobId = message.jobId;
        setStatus('dialing', 'Calling ' + message.to + '…');
        break;
      case 'established':
        phone.jobId = message.jobId;
        setStatus('talking', 'In call');
        break;
      case 'released':
        if (!phone.jobId || phone.jobId === message.jobId) {
          if (session && session.jobId === message.jobId) {
            stopMedia();
          }
          setStatus('idle', 'Call ended');
        }
        break;
      case 'mediaStart':
        startMedia(message);
        break;
      case 'rtc':
        rtc(message);
        break;
      case 'mediaStop':
        if (session && session.jobId === message.jobId) {
          stopMedia();
        }
        break;
      case 'error':
        showError(message.code + ': ' + message.message);
        break;
    }
  }

  function connect() {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/_emulator/phone-gateway');
    socket.onopen = function () {
      socket.send(JSON.stringify({ type: 'hello', number: number }));
    };
    socket.onmessage = onMessage;
    socket.onclose = function (event) {
      stopMedia();
      if (event.code === 1008) {
        setStatus('error', 'Refused by the emulator');
        return;
      }
      setStatus('connecting', 'Disconnected; reconnecting…');
      setTimeout(connect, 1000);
    };
  }

  $('call').addEventListener('click', function () {
    showError('');
    var to = $('dial').value.trim();
    post('/_emulator/calls/inbound', { from: number, to: to }).then(function (json) {
      if (phone.state === 'idle') {
        phone.jobId = json.contactId;
        setStatus('dialing', 'Calling ' + to + '…');
      }
    }).catch(function (e) { showError(e.message); });
  });

  $('answer').addEventListener('click', function () {
    showError('');
    post('/_emulator/phones/' + encodeURIComponent(number) + '/answer').catch(function (e) { showError(e.message); });
  });

  $('hangup').addEventListener('click', function () {
    showError('');
    post('/_emulator/phones/' + encodeURIComponent(number) + '/hang-up').catch(function (e) { showError(e.message); });
  });

  setStatus('connecting', 'Connecting…');
  connect();
}());
