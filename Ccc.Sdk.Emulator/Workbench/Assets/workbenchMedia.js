/*
 * Ccc.Sdk emulator: agent-side WebRTC audio for the workbench script (docs/emulator-calls.md, "Audio (WebRTC relay)").
 * window.CccWorkbenchMedia.handle(message, send) takes the agent gateway's mediaStart / rtc / mediaStop messages; the
 * emulator relays the signalling to the simulated customer phone page. No STUN/TURN: iceServers is empty.
 */
(function () {
  'use strict';
  if (window.CccWorkbenchMedia) {
    return;
  }

  var session = null; // { jobId, pc, stream, chain, pending, closed }
  var muted = false;
  var audio = null;

  function report(error) {
    var handler = media.onError;
    if (typeof handler === 'function') {
      try {
        handler(error);
      } catch (ignored) {
        // a faulty handler must not break the media
      }
    } else if (window.console) {
      window.console.warn('CccWorkbenchMedia:', error);
    }
  }

  function audioElement() {
    if (!audio) {
      audio = document.createElement('audio');
      audio.autoplay = true;
      audio.setAttribute('data-ccc-media', 'remote');
      audio.style.display = 'none';
      (document.body || document.documentElement).appendChild(audio);
    }
    return audio;
  }

  function stop() {
    var s = session;
    session = null;
    media.current = null;
    media.jobId = null;
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
    if (audio) {
      audio.srcObject = null;
    }
  }

  function enqueue(s, work) {
    s.chain = s.chain.then(function () {
      if (!s.closed) {
        return work();
      }
      return undefined;
    }).catch(function (error) {
      if (!s.closed) {
        report(error);
      }
    });
  }

  function start(message, send) {
    stop();
    var pc = new RTCPeerConnection({ iceServers: [] });
    var s = { jobId: message.jobId, pc: pc, stream: null, chain: Promise.resolve(), pending: [], closed: false, offerer: message.role !== 'answerer' };
    session = s;
    media.current = pc;
    media.jobId = message.jobId;
    pc.onicecandidate = function (e) {
      if (!s.closed && e.candidate) {
        send({ type: 'rtc', jobId: s.jobId, candidate: e.candidate.toJSON() });
      }
    };
    pc.ontrack = function (e) {
      var element = audioElement();
      element.srcObject = e.streams && e.streams[0] ? e.streams[0] : new MediaStream([e.track]);
      var played = element.play && element.play();
      if (played && played.catch) {
        played.catch(function () { /* autoplay policy: audio starts on the next user gesture */ });
      }
    };
    enqueue(s, function () {
      return navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        if (s.closed) {
          stream.getTracks().forEach(function (t) { t.stop(); });
          return undefined;
        }
        s.stream = stream;
        stream.getAudioTracks().forEach(function (t) {
          t.enabled = !muted;
          pc.addTrack(t, stream);
        });
        if (!s.offerer) {
          return undefined;
        }
        return pc.createOffer().then(function (offer) {
          return pc.setLocalDescription(offer);
        }).then(function () {
          send({ type: 'rtc', jobId: s.jobId, description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
        });
      }, function (error) {
        var failure = new Error('getUserMedia failed: ' + (error && (error.name || error.message) || error));
        failure.cause = error;
        throw failure;
      });
    });
  }

  function rtc(message, send) {
    var s = session;
    if (!s || message.jobId !== s.jobId) {
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
        pc.addIceCandidate(message.candidate).catch(report);
      } else {
        s.pending.push(message.candidate);
      }
    }
  }

  var media = {
    /** The RTCPeerConnection of the call in progress, or null. */
    current: null,
    /** The JobId of the call whose audio is set up, or null. */
    jobId: null,
    /** Optional: called with an Error when the microphone or the connection fails. */
    onError: null,
    handle: function (message, send) {
      if (!message || typeof message.type !== 'string') {
        return;
      }
      try {
        if (message.type === 'mediaStart') {
          start(message, send);
        } else if (message.type === 'rtc') {
          rtc(message, send);
        } else if (message.type === 'mediaStop') {
          if (session && session.jobId === message.jobId) {
            stop();
          }
        }
      } catch (error) {
        report(error);
      }
    },
    stopAll: function () {
      stop();
    },
    setMuted: function (value) {
      muted = !!value;
      if (session && session.stream) {
        session.stream.getAudioTracks().forEach(function (t) { t.enabled = !muted; });
      }
    }
  };

  window.CccWorkbenchMedia = media;
}());
