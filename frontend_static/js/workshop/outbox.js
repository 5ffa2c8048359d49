// Writes that survive a dropped signal. Every write waits in localStorage until the server has answered it:
//   - ideas are sent with an Idempotency-Key made when the idea was written, so a resend creates nothing twice;
//   - dots are absolute ("3 points on idea 17"): resending the newest value changes nothing, and a newer
//     value simply replaces an older one that has not been sent yet.
// Sending happens one write at a time; a network failure keeps the write and retries with backoff, when the
// browser comes back online and when the live socket reconnects. A refusal by the server (4xx) drops the
// write and reports it, so the page can show the server's state again.
import { ApiError, newIdempotencyKey, request } from "../api.js";

const RETRY_START_MS = 2000;
const RETRY_MAX_MS = 30000;

function isRetryable(error) {
  return !(error instanceof ApiError) || error.isNetwork || error.status === 429 || error.status >= 500;
}

export class Outbox {
  /**
   * @param {number} workshopId
   * @param {{ name?: string, onChange?: Function, onIdeaSent?: Function, onDotsSent?: Function,
   *   onRejected?: Function }} handlers
   * onIdeaSent(entry, idea), onDotsSent(ideaId, DotsOut), onRejected(kind, entry, error), onChange(outbox).
   */
  constructor(workshopId, { name = "phone", onChange = () => {}, onIdeaSent = () => {}, onDotsSent = () => {}, onRejected = () => {} } = {}) {
    this.workshopId = workshopId;
    this.key = `mw-ws-outbox-${name}-${workshopId}`;
    this.handlers = { onChange, onIdeaSent, onDotsSent, onRejected };
    this.ideas = [];
    this.dots = {};
    this.sending = null; // what is on the wire: { kind: "idea", key } | { kind: "dots", ideaId }
    this.flushing = false;
    this.again = false;
    this.retryTimer = null;
    this.retryAttempt = 0;
    this.failed = false; // the last attempt hit the network: shown as "offline, will be sent"
    this.restore();
    window.addEventListener("online", () => this.flush());
  }

  restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(this.key) || "null");
      if (saved && Array.isArray(saved.ideas) && saved.dots && typeof saved.dots === "object") {
        this.ideas = saved.ideas;
        this.dots = saved.dots;
      }
    } catch {
      // nothing usable stored
    }
  }

  save() {
    try {
      if (this.size) localStorage.setItem(this.key, JSON.stringify({ ideas: this.ideas, dots: this.dots }));
      else localStorage.removeItem(this.key);
    } catch {
      // storage full or blocked: the writes still wait in memory for as long as the page is open
    }
    this.handlers.onChange(this);
  }

  get size() {
    return this.ideas.length + Object.keys(this.dots).length;
  }

  /** Queue an idea ({ title, body, table_no?, is_analog? }); returns its entry (with the idempotency key). */
  addIdea(payload) {
    const entry = { key: newIdempotencyKey(), payload, at: new Date().toISOString() };
    this.ideas.push(entry);
    this.save();
    this.flush();
    return entry;
  }

  /** Queue "my dots on this idea are now `points`" (replaces a value not yet sent). */
  setDots(ideaId, points) {
    this.dots[ideaId] = points;
    this.save();
    this.flush();
  }

  /** The value waiting for this idea, or undefined. */
  pendingDots(ideaId) {
    return this.dots[ideaId];
  }

  isSendingDots(ideaId) {
    return ideaId in this.dots;
  }

  /** Send everything that waits, one write at a time. Safe to call at any moment. */
  async flush() {
    if (this.flushing) {
      this.again = true;
      return;
    }
    clearTimeout(this.retryTimer);
    this.flushing = true;
    try {
      do {
        this.again = false;
        while (this.size) {
          const sent = this.ideas.length ? await this.sendIdea(this.ideas[0]) : await this.sendDots(Number(Object.keys(this.dots)[0]));
          if (sent) continue;
          // network trouble: retry later, or at once if the connection came back while this request failed
          if (!this.again || navigator.onLine === false) return;
          this.again = false;
        }
      } while (this.again);
    } finally {
      this.flushing = false;
      this.sending = null;
    }
  }

  /** true: done with this entry (sent or refused); false: the network failed, keep it. */
  async sendIdea(entry) {
    this.sending = { kind: "idea", key: entry.key };
    try {
      const idea = await request("POST", `/api/workshops/${this.workshopId}/ideas`, {
        body: entry.payload,
        headers: { "Idempotency-Key": entry.key },
      });
      this.ideas = this.ideas.filter((e) => e.key !== entry.key);
      this.succeeded();
      this.handlers.onIdeaSent(entry, idea);
    } catch (error) {
      if (isRetryable(error)) return this.networkFailed();
      this.ideas = this.ideas.filter((e) => e.key !== entry.key);
      this.succeeded();
      this.handlers.onRejected("idea", entry, error);
    }
    return true;
  }

  async sendDots(ideaId) {
    const points = this.dots[ideaId];
    this.sending = { kind: "dots", ideaId };
    try {
      const result = await request("PUT", `/api/workshops/${this.workshopId}/dots/${ideaId}`, { body: { points } });
      if (this.dots[ideaId] === points) delete this.dots[ideaId]; // else: a newer value waits, send that next
      this.succeeded();
      this.handlers.onDotsSent(ideaId, result, this.dots[ideaId]);
    } catch (error) {
      if (isRetryable(error)) return this.networkFailed();
      if (this.dots[ideaId] === points) delete this.dots[ideaId];
      this.succeeded();
      this.handlers.onRejected("dots", { ideaId, points }, error);
    }
    return true;
  }

  succeeded() {
    this.retryAttempt = 0;
    this.failed = false;
    this.save();
  }

  networkFailed() {
    this.failed = true;
    const base = Math.min(RETRY_MAX_MS, RETRY_START_MS * 2 ** this.retryAttempt);
    this.retryAttempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.flush(), Math.round(base / 2 + Math.random() * (base / 2)));
    this.handlers.onChange(this);
    return false;
  }
}
