// One workshop as the phone, the projector and the facilitator see it: the snapshot, kept current by the
// live events. Events carry absolute values and ids, so applying one twice changes nothing.

export const PHASES = ["lobby", "ideation", "voting", "results", "closed"];

export class WorkshopState {
  constructor() {
    this.workshop = null;
    this.ideas = new Map(); // id -> WorkshopIdeaOut (published only)
    this.pendingCount = 0; // facilitators: ideas waiting for moderation
    this.me = null; // phones: { dots_used, dots_left, allocations: {idea_id: points}, display_name, table_no }
  }

  get id() {
    return this.workshop?.id ?? null;
  }

  get phase() {
    return this.workshop?.phase ?? "lobby";
  }

  load(snapshot) {
    this.workshop = snapshot.workshop;
    this.ideas = new Map(snapshot.ideas.map((idea) => [idea.id, idea]));
    this.pendingCount = snapshot.pending_count ?? 0;
    if (snapshot.me) this.me = normaliseMe(snapshot.me);
  }

  /**
   * Apply one live message. Returns what changed — { kind, ... } — or null when nothing did.
   * kinds: snapshot, workshop, phase, timer, focus, participants, idea_added, idea_removed, tallies, pending.
   */
  apply(event) {
    const data = event.data ?? {};
    const w = this.workshop;
    switch (event.type) {
      case "snapshot": {
        const before = w?.phase;
        this.load(data);
        return { kind: "snapshot", phaseChanged: before !== undefined && before !== this.phase };
      }
      case "workshop.created":
      case "workshop.updated":
        this.workshop = { ...w, ...data };
        return { kind: "workshop" };
      case "phase.changed":
        if (w.phase === data.phase) return null;
        w.phase = data.phase;
        w.timer_ends_at = data.timer_ends_at ?? null;
        return { kind: "phase", phase: data.phase };
      case "timer.changed":
        w.timer_ends_at = data.timer_ends_at ?? null;
        return { kind: "timer", endsAt: w.timer_ends_at };
      case "focus.changed":
        if (w.focused_idea_id === (data.idea_id ?? null)) return null;
        w.focused_idea_id = data.idea_id ?? null;
        return { kind: "focus", idea: this.ideas.get(w.focused_idea_id) ?? null };
      case "participants.changed":
        w.participant_count = data.participant_count;
        return { kind: "participants", count: data.participant_count };
      case "idea.added": {
        const known = this.ideas.has(data.id);
        this.ideas.set(data.id, { ...this.ideas.get(data.id), ...data });
        return known ? { kind: "tallies", ids: [data.id] } : { kind: "idea_added", idea: data };
      }
      case "idea.removed": {
        const idea = this.ideas.get(data.id);
        if (!idea) return null;
        this.ideas.delete(data.id);
        if (w.focused_idea_id === data.id) w.focused_idea_id = null;
        return { kind: "idea_removed", idea };
      }
      case "idea.pending":
        this.pendingCount = data.pending_count;
        return { kind: "pending", count: data.pending_count };
      case "dots.changed":
        return this.setTotals([data]);
      case "tallies":
        return this.setTotals(data.items ?? []);
      default:
        return null;
    }
  }

  setTotals(items) {
    const ids = [];
    for (const item of items) {
      const idea = this.ideas.get(item.idea_id);
      if (idea && idea.dot_total !== item.dot_total) {
        idea.dot_total = item.dot_total;
        ids.push(item.idea_id);
      }
    }
    return ids.length ? { kind: "tallies", ids } : null;
  }

  get focusedIdea() {
    return this.ideas.get(this.workshop?.focused_idea_id) ?? null;
  }

  /** Newest first: the wall while ideas are collected. */
  newestFirst() {
    return [...this.ideas.values()].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  }

  /** Oldest first and never reordered by votes: buttons must not move under a finger while voting. */
  stableOrder() {
    return [...this.ideas.values()].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  }

  /** Most dots first; equal totals keep the order in which the ideas came in. */
  ranking() {
    return [...this.ideas.values()].sort(
      (a, b) => b.dot_total - a.dot_total || a.created_at.localeCompare(b.created_at) || a.id - b.id,
    );
  }

  totalDots() {
    let sum = 0;
    for (const idea of this.ideas.values()) sum += idea.dot_total;
    return sum;
  }

  /** Results per table, rolled up from the ideas: [{ table_no (null = plenum), dot_total, ideas }]. */
  tables() {
    const groups = new Map();
    for (const idea of this.ranking()) {
      const key = idea.table_no ?? null;
      if (!groups.has(key)) groups.set(key, { table_no: key, dot_total: 0, ideas: [] });
      const group = groups.get(key);
      group.dot_total += idea.dot_total;
      group.ideas.push(idea);
    }
    return [...groups.values()].sort((a, b) => (a.table_no ?? Infinity) - (b.table_no ?? Infinity));
  }
}

function normaliseMe(me) {
  // JSON object keys are strings; the page works with numeric idea ids
  const allocations = {};
  for (const [id, points] of Object.entries(me.allocations ?? {})) allocations[Number(id)] = points;
  return { ...me, allocations };
}

/** Seconds left until an ISO time (0 when passed, null without a countdown). */
export function secondsLeft(iso, now = Date.now()) {
  if (!iso) return null;
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

/** 272 -> "4:32". */
export function clock(seconds) {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}
