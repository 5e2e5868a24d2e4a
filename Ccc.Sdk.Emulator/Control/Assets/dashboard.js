// The emulator's live dashboard (/_emulator/, docs/emulator.md "Dashboard"). Read-only: it fetches the control API's
// lists and draws them; /_emulator/stream (Server-Sent Events) says when something changed. Every value from the wire
// goes into the page as text (textContent / createTextNode), never as HTML.
(function () {
  'use strict';

  var RECENT_EVENTS = 50;
  var DEBOUNCE_MS = 150;
  var POLL_MS = 5000; // counters of the event push change without an engine event: a slow poll keeps them fresh.

  var main = document.getElementById('instances');
  var clock = document.getElementById('clock');
  var live = document.getElementById('live');
  var version = document.getElementById('version');

  var refreshTimer = null;
  var refreshing = false;
  var again = false;

  // ---- DOM helpers: text only.

  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    if (children === undefined || children === null) {
      return node;
    }
    if (!Array.isArray(children)) {
      children = [children];
    }
    children.forEach(function (child) {
      if (child === undefined || child === null || child === false) {
        return;
      }
      if (Array.isArray(child)) {
        append(node, child);
        return;
      }
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function data(node, name, value) {
    node.setAttribute('data-' + name, String(value));
    return node;
  }

  function titled(node, title) {
    node.title = String(title);
    return node;
  }

  function table(headers, rows, emptyText) {
    if (rows.length === 0) {
      return el('p', 'empty', emptyText);
    }
    var head = el('tr', null, headers.map(function (h) { return el('th', null, h); }));
    return el('table', null, [el('thead', null, head), el('tbody', null, rows)]);
  }

  function card(title, className, extra, body) {
    return el('section', 'card ' + className, [el('h3', null, [title, extra ? el('span', 'count', extra) : null]), body]);
  }

  // ---- Formatting.

  function ms(iso) {
    var t = Date.parse(iso);
    return isNaN(t) ? null : t;
  }

  function duration(milliseconds) {
    if (milliseconds === null || milliseconds === undefined || isNaN(milliseconds)) {
      return '';
    }
    var s = Math.max(0, Math.floor(milliseconds / 1000));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var rest = s % 60;
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    return h > 0 ? h + 'h ' + two(m) + 'm' : m > 0 ? m + 'm ' + two(rest) + 's' : rest + 's';
  }

  function clockTime(epochMs) {
    // HH:MM:SS in UTC, like the emulator's own times.
    var d = new Date(Number(epochMs));
    return isNaN(d.getTime()) ? '' : d.toISOString().substring(11, 19);
  }

  function badge(text, kind) {
    var span = el('span', 'badge ' + (kind || ''), text);
    return span;
  }

  function stateKind(state) {
    switch (state) {
      case 'READY': return 'ready';
      case 'TALKING': case 'DIALING': case 'RINGING': case 'OUTBOUND_SCENARIO': return 'busy';
      case 'BREAK': return 'break';
      case 'WORKING': return 'work';
      case 'OFFLINE': return 'off';
      default: return 'other';
    }
  }

  function phaseKind(phase) {
    switch (phase) {
      case 'Talking': case 'Consulting': return 'busy';
      case 'Queued': return 'break';
      case 'Offering': case 'Dialing': return 'ready';
      default: return 'other';
    }
  }

  function shortId(userId) {
    var at = String(userId).lastIndexOf('@');
    return at > 0 ? String(userId).substring(0, at) : String(userId);
  }

  // A contact id is long (job-, then 48 digits): the table shows its start and end, the tooltip the whole id.
  function contact(contactId) {
    var id = String(contactId || '');
    var text = id.length > 22 ? id.substring(0, 12) + '…' + id.substring(id.length - 6) : id;
    return titled(el('span', 'mono', text), id);
  }

  // ---- Rendering.

  function renderAgents(agents, now) {
    var rows = agents.map(function (a) {
      var since = ms(a.stateTime);
      var state = [badge(a.state, stateKind(a.state))];
      if (a.state === 'BREAK' && a.breakCode) {
        state.push(el('span', 'muted small', ' ' + a.breakCode));
      }
      var row = el('tr', null, [
        el('td', null, [el('div', 'name', a.displayName), el('div', 'muted small', a.userId)]),
        el('td', 'num', a.extension),
        el('td', 'state', state),
        titled(el('td', 'since', duration(now !== null && since !== null ? now - since : null)), 'since ' + a.stateTime),
        el('td', 'muted small', a.workMode + ' · ' + a.deviceState),
      ]);
      return data(data(row, 'agent', a.userId), 'state', a.state);
    });
    return card('Agents', 'agents', String(agents.length),
      table(['Agent', 'Ext.', 'State', 'For', 'Mode · device'], rows, 'No agents.'));
  }

  function renderCalls(calls, now) {
    var rows = calls.map(function (c) {
      var started = ms(c.startTime);
      var agents = (c.agentIds || []).map(shortId).join(', ');
      var row = el('tr', null, [
        el('td', null, contact(c.contactId)),
        el('td', 'num', [c.callingNumber, el('span', 'arrow', ' → '), c.calledNumber]),
        el('td', null, [badge(c.phase, phaseKind(c.phase)), el('span', 'muted small', ' ' + c.callType)]),
        el('td', null, agents || '–'),
        el('td', 'since', duration(now !== null && started !== null ? now - started : null)),
      ]);
      return data(data(row, 'call', c.contactId), 'phase', c.phase);
    });
    return card('Calls in progress', 'calls', String(calls.length),
      table(['Contact', 'From → to', 'Phase', 'Agents', 'For'], rows, 'No call in progress.'));
  }

  function renderQueue(queue) {
    var longest = queue.reduce(function (max, q) { return Math.max(max, q.waitMs); }, 0);
    var rows = queue.map(function (q) {
      var target = q.targetUserId ? 'agent ' + shortId(q.targetUserId) : (q.skillGroupId ? shortId(q.skillGroupId) : '–');
      return data(el('tr', null, [
        el('td', 'num', String(q.position)),
        el('td', null, contact(q.contactId)),
        el('td', 'num', q.callingNumber),
        el('td', null, target),
        el('td', 'since', duration(q.waitMs)),
      ]), 'queued', q.contactId);
    });
    var extra = queue.length === 0 ? '0' : queue.length + ' waiting · longest ' + duration(longest);
    return card('Queue', 'queue', extra, table(['#', 'Contact', 'From', 'Waiting for', 'Waited'], rows, 'Nobody is waiting.'));
  }

  function renderSubscription(subscription) {
    if (!subscription) {
      return card('Event push', 'push', null, el('p', 'empty', 'No subscription (UpdateSubscription sets one).'));
    }
    // The subscriptions list's counters, with shorter labels (the list's names are in the tooltips).
    var counters = [['delivered', 'delivered'], ['failed', 'failed'], ['pending', 'pending'], ['waitingForRetry', 'retrying'],
      ['dropped', 'dropped'], ['overflow', 'overflow'], ['attempts', 'attempts']];
    var cells = counters.map(function (counter) {
      var name = counter[0];
      var value = subscription[name];
      var kind = (name === 'failed' || name === 'dropped' || name === 'overflow') && value > 0 ? 'counter bad' : 'counter';
      return data(titled(el('div', kind, [el('div', 'value', String(value)), el('div', 'label', counter[1])]), name), 'counter', name);
    });
    var target = el('p', 'small', [subscription.isWebhook ? 'Webhook ' : 'Target ', el('span', 'mono', subscription.accessPoint || '–'),
      el('span', 'muted', ' · ' + (subscription.eventTypes || []).length + ' event types')]);
    return card('Event push', 'push', null, [target, el('div', 'counters', cells)]);
  }

  function renderEvents(events) {
    // The events list keeps the cloud's event names (PascalCase, times in epoch milliseconds).
    var rows = events.map(function (e) {
      var detail = [];
      if (e.Caller || e.Callee) {
        detail.push((e.Caller || '') + ' → ' + (e.Callee || ''));
      }
      if (e.BreakCode) {
        detail.push(e.BreakCode);
      }
      if (e.ReleaseReason) {
        detail.push(e.ReleaseReason);
      }
      return data(el('tr', null, [
        el('td', 'num', clockTime(e.EventTime)),
        el('td', 'event', e.EventType),
        el('td', null, e.ContactId ? contact(e.ContactId) : ''),
        el('td', null, e.AgentId ? shortId(e.AgentId) : ''),
        el('td', 'muted small', detail.join(' · ')),
      ]), 'event', e.EventType);
    });
    return card('Recent events', 'events', events.length ? 'newest first' : null,
      table(['Time', 'Event', 'Contact', 'Agent', 'Detail'], rows, 'No events yet.'));
  }

  function renderInstance(instance, lists, now) {
    var id = instance.instanceId;
    var mine = function (item) { return item.instanceId === id; };
    var agents = lists.agents.filter(mine);
    var calls = lists.calls.filter(mine);
    var queue = lists.queue.filter(mine);
    var subscription = lists.subscriptions.filter(mine)[0];
    var events = lists.events.filter(function (e) { return e.InstanceId === id; }).slice(-RECENT_EVENTS).reverse();

    var summary = el('div', 'summary', [
      el('span', null, agents.filter(function (a) { return a.state !== 'OFFLINE'; }).length + ' of ' + agents.length + ' agents signed in'),
      el('span', null, calls.length + ' in progress'),
      el('span', null, queue.length + ' queued'),
    ]);
    var section = el('section', 'instance', [
      el('h2', null, ['Instance ', el('span', 'mono', id)]),
      summary,
      el('div', 'grid', [
        el('div', 'column', [renderAgents(agents, now), renderSubscription(subscription)]),
        el('div', 'column', [renderCalls(calls, now), renderQueue(queue)]),
      ]),
      renderEvents(events),
    ]);
    return data(section, 'instance', id);
  }

  // ---- Data.

  function getJson(path) {
    return fetch(path, { cache: 'no-store', headers: { Accept: 'application/json' } }).then(function (response) {
      if (!response.ok) {
        throw new Error(path + ': HTTP ' + response.status);
      }
      return response.json();
    });
  }

  function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    Promise.all([
      getJson('health'), getJson('agents'), getJson('calls'), getJson('queue'),
      getJson('events?limit=' + RECENT_EVENTS * 4), getJson('subscriptions'),
    ]).then(function (r) {
      var health = r[0];
      var lists = { agents: r[1], calls: r[2], queue: r[3], events: r[4], subscriptions: r[5] };
      var now = ms(health.time);
      clock.textContent = String(health.time).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
      version.textContent = 'v' + health.version + ' · API ' + health.apiVersion;
      main.replaceChildren.apply(main, health.instances.map(function (i) { return renderInstance(i, lists, now); }));
      document.body.setAttribute('data-refreshed', String(Date.now()));
      window.__dashboardRefreshes = (window.__dashboardRefreshes || 0) + 1;
    }).catch(function (error) {
      main.replaceChildren(el('p', 'error', 'Cannot read the emulator: ' + error.message));
    }).then(function () {
      refreshing = false;
      if (again) {
        again = false;
        schedule();
      }
    });
  }

  function schedule() {
    if (refreshTimer === null) {
      refreshTimer = setTimeout(function () {
        refreshTimer = null;
        refresh();
      }, DEBOUNCE_MS);
    }
  }

  function setLive(text, kind) {
    live.textContent = text;
    live.className = 'live ' + kind;
  }

  function connect() {
    if (typeof EventSource === 'undefined') {
      setLive('polling', 'connecting');
      return;
    }
    var source = new EventSource('stream');
    source.addEventListener('hello', function () {
      setLive('live', 'on');
      schedule(); // (re)connected: whatever happened meanwhile is in the lists.
    });
    source.addEventListener('call', schedule);
    source.addEventListener('agent', schedule);
    source.onerror = function () {
      setLive('reconnecting', 'connecting');
    };
  }

  refresh();
  connect();
  setInterval(refresh, POLL_MS);
})();
