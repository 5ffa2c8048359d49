// Pieces the phone, the projector and the facilitator share: phase steps, countdown, idea lines, rankings,
// and a keyed list update that keeps nodes (and the keyboard focus inside them) when items move.
import { h, setText, tx } from "../dom.js";
import { t } from "../i18n.js";
import { PHASES, clock, secondsLeft } from "./state.js";

/** Update `list` to show `items` in order, reusing the node of each key: create(item) -> node, update(node, item). */
export function keyed(list, items, keyOf, create, update = () => {}) {
  const existing = new Map();
  for (const node of list.children) existing.set(node.dataset.key, node);
  let cursor = list.firstElementChild;
  for (const item of items) {
    const key = String(keyOf(item));
    let node = existing.get(key);
    if (node) {
      existing.delete(key);
      update(node, item);
    } else {
      node = create(item);
      node.dataset.key = key;
    }
    if (node !== cursor) list.insertBefore(node, cursor);
    else cursor = cursor.nextElementSibling;
  }
  for (const node of existing.values()) node.remove();
}

/** Lobby → Ideen → Punkte → Ergebnis as an ordered list with the current step marked. */
export function phaseSteps() {
  const list = h("ol", { class: "ws-steps" });
  for (const phase of PHASES.slice(0, 4)) {
    list.append(h("li", { dataset: { phase } }, tx("span", `ws.phase.${phase}`)));
  }
  const nav = h("nav", { class: "ws-steps-nav" }, list);
  nav.setAttribute("aria-labelledby", "ws-steps-label");
  nav.prepend(tx("span", "ws.steps_label", null, { id: "ws-steps-label", class: "visually-hidden" }));
  return {
    element: nav,
    set(phase) {
      const index = PHASES.indexOf(phase);
      for (const item of list.children) {
        const i = PHASES.indexOf(item.dataset.phase);
        item.classList.toggle("is-done", i < index);
        if (i === index) item.setAttribute("aria-current", "step");
        else item.removeAttribute("aria-current");
      }
    },
  };
}

/**
 * A countdown: "noch 4:32" (role=timer, not announced every second). onEnd() fires once when it reaches 0.
 * Returns { element, set(iso) }.
 */
export function countdown({ className = "ws-timer", onEnd = () => {} } = {}) {
  const element = h("p", { class: className, role: "timer", hidden: true });
  const label = tx("span", "ws.timer_label", null, { class: "ws-timer-label" });
  const value = h("span", { class: "ws-timer-value" });
  element.append(label, " ", value);
  let endsAt = null;
  let ticker = null;
  let ended = false;

  function tick() {
    const left = secondsLeft(endsAt);
    if (left === null) {
      element.hidden = true;
      return;
    }
    element.hidden = false;
    element.classList.toggle("is-ending", left > 0 && left <= 30);
    element.classList.toggle("is-over", left === 0);
    if (left === 0) {
      setText(value, "ws.timer_over");
      clearInterval(ticker);
      ticker = null;
      if (!ended) {
        ended = true;
        onEnd();
      }
    } else {
      value.removeAttribute("data-i18n");
      value.textContent = clock(left);
    }
  }

  return {
    element,
    set(iso) {
      endsAt = iso;
      ended = secondsLeft(iso) === 0; // a countdown that ended before the page opened is not announced
      clearInterval(ticker);
      ticker = iso ? setInterval(tick, 1000) : null;
      tick();
    },
  };
}

/** "Tisch 2 · vom Flipchart · von Anna" (what is known of an idea). */
export function ideaFacts(idea, { className = "ws-facts-line" } = {}) {
  const parts = [];
  if (idea.table_no) parts.push(tx("span", "ws.table_n", { n: idea.table_no }));
  if (idea.is_analog) parts.push(tx("span", "ws.analog", null, { class: "ws-analog" }));
  if (idea.author_name) parts.push(tx("span", "ws.by", { name: idea.author_name }));
  if (!parts.length) return null;
  const line = h("p", { class: className });
  parts.forEach((part, index) => {
    if (index) line.append(h("span", { "aria-hidden": "true", class: "ws-sep" }, " · "));
    line.append(part);
  });
  return line;
}

/** The label of a table group ("Tisch 2" or "Ohne Tisch"). */
export function tableLabel(tableNo) {
  return tableNo ? tx("span", "ws.table_n", { n: tableNo }) : tx("span", "ws.no_table");
}

/**
 * A ranking with bars: <ol> of ideas, most dots first. update(ideas, { mine }) re-renders in place.
 * mine: { idea_id: points } shows "davon 2 von Ihnen".
 */
export function ranking({ className = "ws-ranking", headingLevel = "h3", limit = Infinity } = {}) {
  const list = h("ol", { class: className });
  function row(idea) {
    const bar = h("span", { class: "ws-bar-fill" });
    return h(
      "li",
      { class: "ws-rank", dataset: { idea: String(idea.id) } },
      h(headingLevel, { class: "ws-rank-title" }, h("span", { class: "ws-rank-text" })),
      h(
        "div",
        { class: "ws-rank-line" },
        h("span", { class: "ws-bar", "aria-hidden": "true" }, bar),
        h("span", { class: "ws-rank-total" }),
      ),
      h("p", { class: "ws-rank-mine", hidden: true }),
    );
  }
  function fill(node, idea, max, mine) {
    node.querySelector(".ws-rank-text").textContent = idea.title;
    setText(node.querySelector(".ws-rank-total"), "ws.dots", { count: idea.dot_total });
    node.querySelector(".ws-bar-fill").style.width = `${max ? Math.round((idea.dot_total / max) * 100) : 0}%`;
    const own = mine?.[idea.id] ?? 0;
    const mineEl = node.querySelector(".ws-rank-mine");
    mineEl.hidden = !own;
    if (own) setText(mineEl, "ws.of_them_yours", { count: own });
  }
  return {
    element: list,
    update(ideas, { mine = null } = {}) {
      const shown = ideas.slice(0, limit);
      const max = Math.max(0, ...shown.map((i) => i.dot_total));
      keyed(
        list,
        shown,
        (idea) => idea.id,
        (idea) => {
          const node = row(idea);
          fill(node, idea, max, mine);
          return node;
        },
        (node, idea) => fill(node, idea, max, mine),
      );
    },
  };
}

/** A <span> with the translated phase name. */
export function phaseName(phase) {
  return tx("span", `ws.phase.${phase}`);
}

/** Plain text of a key (for attributes built by hand). */
export function text(key, args) {
  return t(key, args ?? {});
}
