// Live updates: follow one event scope over a WebSocket, never miss or repeat an event.
//   - reconnect with exponential backoff (and at once when the browser comes back online),
//     asking for `since=<last seq seen>` so the server replays what was missed;
//   - a jump in `seq` fetches the missing range from /api/events before going on;
//   - a snapshot after a reconnect means "too far behind": the page reloads its data.
// `follow()` adds the visible part: status, an aria-live region announcing changes, and a pause toggle
// (while paused, changes wait in a queue instead of moving the page).
import { api } from "./api.js";
import { h, icon, setText, tx } from "./dom.js";

const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 30000;
const GAP_PAGE = 500;
const MAX_QUEUE = 300;
const ANNOUNCE_DELAY_MS = 1200;
const STATUS_RANK = ["failed", "offline", "waiting", "reconnecting", "connecting", "live"];

export class LiveScope {
  /**
   * @param {string} scope e.g. "field:3"
   * @param {{onEvent: Function, onResync?: Function, onStatus?: Function, since?: number,
   *   path?: string, onSnapshot?: Function}} handlers
   * `path`: a socket of its own for the scope (e.g. "/api/workshops/4/ws", whose snapshot holds the phone's
   * own state) instead of /api/events/ws; gaps are still filled from /api/events.
   * `onSnapshot(event)`: called with every snapshot, the first one included (its data is the full state).
   */
  constructor(scope, { onEvent, onResync = () => {}, onStatus = () => {}, since = null, path = null, onSnapshot = null }) {
    this.scope = scope;
    this.onEvent = onEvent;
    this.onResync = onResync;
    this.onStatus = onStatus;
    this.path = path;
    this.onSnapshot = onSnapshot;
    this.lastSeq = since;
    this.socket = null;
    this.attempt = 0;
    this.timer = null;
    this.stopped = false;
    this.filling = false;
    this.buffer = [];
    this.status = "connecting";
    this.handleOnline = () => this.reconnectNow();
    this.handleOffline = () => this.setStatus("offline");
  }

  start() {
    window.addEventListener("online", this.handleOnline);
    window.addEventListener("offline", this.handleOffline);
    this.connect();
    return this;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener("online", this.handleOnline);
    window.removeEventListener("offline", this.handleOffline);
    this.socket?.close(1000);
  }

  setStatus(status, extra = {}) {
    this.status = status;
    this.onStatus(status, extra);
  }

  url() {
    const params = new URLSearchParams(this.path ? {} : { scope: this.scope });
    if (this.lastSeq !== null) params.set("since", String(this.lastSeq));
    const protocol = location.protocol === "https:" ? "wss:" : "ws:";
    return `${protocol}//${location.host}${this.path ?? "/api/events/ws"}?${params}`;
  }

  connect() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.setStatus(this.attempt ? "reconnecting" : "connecting");
    const socket = new WebSocket(this.url());
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.setStatus("live");
    });
    socket.addEventListener("message", (message) => {
      const text = typeof message.data === "string" ? message.data : new TextDecoder().decode(message.data);
      let event;
      try {
        event = JSON.parse(text);
      } catch {
        return;
      }
      this.receive(event);
    });
    socket.addEventListener("close", (close) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      if (close.code === 1008) {
        this.setStatus("failed"); // not allowed to follow this scope: retrying cannot help
        return;
      }
      this.scheduleReconnect();
    });
  }

  scheduleReconnect() {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.attempt += 1;
    this.setStatus(navigator.onLine === false ? "offline" : "waiting", { seconds: Math.ceil(delay / 1000) });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Back online: connect at once. A socket that outlived the outage is replaced too: after a network change
   * its connection is usually dead without knowing it (and the status would stay "offline"). */
  reconnectNow() {
    if (this.stopped) return;
    if (this.socket) {
      const old = this.socket;
      this.socket = null; // its close event must not schedule another reconnect
      old.close(4001);
    }
    this.attempt = Math.max(this.attempt, 1);
    this.connect();
  }

  receive(event) {
    if (this.filling) {
      this.buffer.push(event);
      return;
    }
    if (event.type === "snapshot") {
      const behind = this.lastSeq !== null && event.seq !== this.lastSeq;
      this.lastSeq = event.seq;
      if (this.onSnapshot) this.onSnapshot(event);
      else if (behind) this.onResync(event);
      return;
    }
    if (this.lastSeq !== null && event.seq <= this.lastSeq) return; // already seen
    if (event.type === "tallies") {
      // coalesced totals: its seq is the newest event it covers, so a jump is not a gap
      this.lastSeq = event.seq;
      this.onEvent(event);
      return;
    }
    if (this.lastSeq !== null && event.seq > this.lastSeq + 1) {
      this.buffer.push(event);
      this.fillGap();
      return;
    }
    this.lastSeq = event.seq;
    this.onEvent(event);
  }

  /** Fetch the events between the last one seen and the one that arrived early, then go on. */
  async fillGap() {
    this.filling = true;
    try {
      for (;;) {
        const batch = await api.get("/api/events", { scope: this.scope, since: this.lastSeq, limit: GAP_PAGE });
        for (const event of batch) {
          if (event.seq > this.lastSeq) {
            this.lastSeq = event.seq;
            this.onEvent(event);
          }
        }
        if (batch.length < GAP_PAGE) break;
      }
    } catch {
      // the reconnect asks the server for the same range
      this.filling = false;
      this.buffer = [];
      this.socket?.close(4000);
      return;
    }
    this.filling = false;
    const pending = this.buffer.sort((a, b) => a.seq - b.seq);
    this.buffer = [];
    for (const event of pending) this.receive(event);
  }
}

/**
 * Follow a scope (or several: pass an array) with the visible live panel.
 * apply(event) changes the page and returns what to announce ({key, args}) or null.
 * Returns { element, ready(), stop() }: events wait until ready() (the page's first data load).
 * Options passed on to LiveScope: `path` (own socket), `snapshots: true` (every snapshot goes to apply(),
 * through the same pause queue, replacing what waits there), `onStatus(status)` (besides the panel).
 */
export function follow(scope, { apply, onResync, since = null, path = null, snapshots = false, onStatus = null }) {
  const state = { paused: false, ready: false, queue: [], overflow: false, messages: [], announceTimer: null };
  const statusText = tx("span", "live.status.connecting", null, { class: "live-status-text" });
  const dot = h("span", { class: "live-dot", "aria-hidden": "true" });
  const message = h("p", { class: "live-message", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const pending = h("p", { class: "live-pending", hidden: true });
  // the label says what a press does (pause / resume); no aria-pressed, which would need a fixed label
  const toggle = h("button", { type: "button", class: "button button-small live-toggle" });
  const toggleIcon = h("span", { class: "live-toggle-icon" }, icon("pause"));
  const toggleText = tx("span", "live.pause");
  toggle.append(toggleIcon, toggleText);
  const element = h(
    "section",
    { class: "live-panel", "aria-labelledby": "live-heading", dataset: { status: "connecting" } },
    h("h2", { class: "visually-hidden", id: "live-heading" }, tx("span", "live.heading")),
    h("div", { class: "live-row" }, h("p", { class: "live-status" }, dot, statusText), toggle),
    message,
    pending,
  );

  const announce = (item) => {
    if (!item) return;
    state.messages.push(item);
    clearTimeout(state.announceTimer);
    state.announceTimer = setTimeout(flushAnnouncements, ANNOUNCE_DELAY_MS);
  };
  const flushAnnouncements = () => {
    const items = state.messages;
    state.messages = [];
    if (items.length === 1) setText(message, items[0].key, items[0].args);
    else if (items.length > 1) setText(message, "live.many_changes", { count: items.length });
  };
  const deliver = (event) => {
    try {
      announce(apply(event));
    } catch (error) {
      console.error("live event failed", event, error);
    }
  };
  const drain = () => {
    if (state.paused || !state.ready) return;
    if (state.overflow) {
      state.overflow = false;
      state.queue = [];
      onResync?.(null);
    }
    const queued = state.queue;
    state.queue = [];
    for (const event of queued) deliver(event);
    updatePending();
  };
  const updatePending = () => {
    pending.hidden = !state.paused || state.queue.length === 0;
    if (!pending.hidden) setText(pending, "live.waiting", { count: state.queue.length });
  };

  const receive = (event) => {
    if (state.paused || !state.ready) {
      if (state.queue.length >= MAX_QUEUE) state.overflow = true;
      else state.queue.push(event);
      updatePending();
      return;
    }
    deliver(event);
  };

  // one panel may follow several scopes (a moderator's fields); it shows the weakest connection
  const scopes = Array.isArray(scope) ? scope : [scope];
  const statuses = new Map();
  const showStatus = () => {
    const [status, extra] = [...statuses.values()].sort((a, b) => STATUS_RANK.indexOf(a[0]) - STATUS_RANK.indexOf(b[0]))[0];
    onStatus?.(status, extra);
    element.dataset.status = status;
    setText(statusText, `live.status.${status}`, extra.seconds ? { count: extra.seconds } : null);
  };
  const transports = scopes.map((one) => new LiveScope(one, {
    since: scopes.length === 1 ? since : null,
    path: scopes.length === 1 ? path : null,
    onSnapshot: snapshots
      ? (event) => {
          state.queue = []; // the snapshot holds everything that waited
          state.overflow = false;
          receive(event);
        }
      : null,
    onEvent: receive,
    onResync(snapshot) {
      state.queue = [];
      onResync?.(snapshot);
    },
    onStatus(status, extra) {
      statuses.set(one, [status, extra]);
      showStatus();
    },
  }));

  toggle.addEventListener("click", () => {
    state.paused = !state.paused;
    element.dataset.paused = String(state.paused);
    toggleIcon.replaceChildren(icon(state.paused ? "play" : "pause"));
    setText(toggleText, state.paused ? "live.resume" : "live.pause");
    if (state.paused) {
      setText(message, "live.paused");
    } else {
      const count = state.queue.length;
      drain();
      setText(message, count ? "live.resumed_with" : "live.resumed", { count });
    }
    updatePending();
  });

  for (const transport of transports) transport.start();
  return {
    element,
    transport: transports[0],
    transports,
    ready() {
      state.ready = true;
      drain();
    },
    stop() {
      for (const transport of transports) transport.stop();
    },
    get paused() {
      return state.paused;
    },
  };
}
