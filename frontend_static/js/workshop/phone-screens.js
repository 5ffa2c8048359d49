// The phone's screens, one per phase. Each returns { element, update(change) } and optionally reacts to the
// outbox (ideaSent, dotsSettled, outboxChanged, rejected). Headings take focus when the phase changes.
import { ApiError, errorText } from "../api.js";
import { h, i18nAttr, icon, setText, tx } from "../dom.js";
import { clearErrors, field, showErrors, submitButton } from "../forms.js";
import { t } from "../i18n.js";
import { announce } from "../shell.js";
import { ideaFacts, keyed, ranking, tableLabel } from "./views.js";

function screen(name, titleKey, ...children) {
  const id = `ws-screen-${name}`;
  return h(
    "section",
    { class: `ws-screen ws-${name}`, "aria-labelledby": id },
    tx("h2", titleKey, null, { id, tabindex: "-1", class: "ws-screen-title" }),
    ...children,
  );
}

/** Why the server refused a write, as plain text in the current language. */
export function reasonText(error) {
  const text = errorText(error);
  return text.key ? t(text.key) : text.text;
}

function markFocused(list, state) {
  for (const node of list.children) {
    const focused = Number(node.dataset.key) === state.workshop.focused_idea_id;
    node.classList.toggle("is-focused", focused);
  }
}

/** An idea on the phone's wall. */
function ideaCard(idea, headingLevel = "h3") {
  return h(
    "li",
    { class: "ws-card-item" },
    h(
      "article",
      { class: "card ws-card", dataset: { idea: String(idea.id) } },
      h(headingLevel, { class: "ws-card-title" }, idea.title),
      idea.body ? h("p", { class: "ws-card-body" }, idea.body) : null,
      ideaFacts(idea),
    ),
  );
}

// ---- lobby ------------------------------------------------------------------------------------------

export function lobbyScreen(state) {
  const count = h("p", { class: "ws-big" });
  const element = screen("lobby", "ws.lobby.title", count, tx("p", "ws.lobby.text", null, { class: "lead" }));
  return {
    element,
    update() {
      setText(count, "ws.lobby.count", { count: state.workshop.participant_count });
    },
  };
}

// ---- ideation ---------------------------------------------------------------------------------------

function mineKey(workshopId) {
  return `mw-ws-mine-${workshopId}`;
}

function loadMine(workshopId) {
  try {
    const items = JSON.parse(localStorage.getItem(mineKey(workshopId)) || "[]");
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

function saveMine(workshopId, items) {
  try {
    localStorage.setItem(mineKey(workshopId), JSON.stringify(items.slice(-50)));
  } catch {
    // shown for this visit only
  }
}

/** Record what became of one of this phone's ideas (whatever screen is showing). */
export function markMine(workshopId, key, changes) {
  const items = loadMine(workshopId);
  const item = items.find((i) => i.key === key);
  if (!item) return;
  Object.assign(item, changes);
  saveMine(workshopId, items);
}

export function ideationScreen(state, { outbox, workshopId }) {
  let mine = loadMine(workshopId);
  const form = h("form", { class: "stack ws-idea-form", novalidate: true });
  form.append(
    field({ name: "title", label: "ws.idea.title_label", hint: "ws.idea.title_hint", required: true, maxlength: 120, counter: true }),
    field({ name: "body", type: "textarea", label: "ws.idea.body_label", hint: "ws.idea.body_hint", maxlength: 2000, rows: 3 }),
    h("p", { class: "button-row" }, submitButton("ws.idea.send", { class: "button button-primary ws-button-wide" })),
  );
  const titleInput = form.querySelector("[name=title]");
  const bodyInput = form.querySelector("[name=body]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const title = titleInput.value.trim();
    const body = bodyInput.value.trim();
    if (title.length < 3) {
      const problem = { code: "validation_failed", errors: [{ field: "title", message: "Expected `str` of length >= 3" }] };
      showErrors(form, new ApiError(400, problem));
      return;
    }
    clearErrors(form);
    const entry = outbox.addIdea({ title, body });
    mine.push({ key: entry.key, title, id: null, status: "sending" });
    saveMine(workshopId, mine);
    form.reset();
    titleInput.dispatchEvent(new Event("input")); // the character counter
    renderMine();
    announce("ws.idea.queued", { title });
    titleInput.focus();
  });

  const mineList = h("ul", { class: "ws-mine-list" });
  const mineSection = h(
    "section",
    { class: "ws-mine", "aria-labelledby": "ws-mine-title", hidden: true },
    tx("h3", "ws.mine.title", null, { id: "ws-mine-title" }),
    mineList,
  );
  const wallCount = h("span", { class: "ws-count" });
  const wall = h("ol", { class: "ws-wall", "aria-labelledby": "ws-wall-title" });
  const empty = tx("p", "ws.wall.empty", null, { class: "empty" });
  const lead = state.workshop.pre_moderation ? "ws.ideation.lead_pre" : "ws.ideation.lead";
  const element = screen(
    "ideation",
    "ws.ideation.title",
    tx("p", lead, null, { class: "hint" }),
    form,
    mineSection,
    h(
      "section",
      { class: "ws-wall-section", "aria-labelledby": "ws-wall-title" },
      h("h2", { id: "ws-wall-title" }, tx("span", "ws.wall.title"), " ", wallCount),
      empty,
      wall,
    ),
  );

  function statusOf(item) {
    if (outbox.ideas.some((e) => e.key === item.key)) return "sending";
    if (item.status === "failed") return "failed";
    if (item.id && state.ideas.has(item.id)) return "published";
    return item.status === "sending" ? "sending" : "pending";
  }

  function renderMine() {
    mine = loadMine(workshopId);
    mineSection.hidden = mine.length === 0;
    keyed(
      mineList,
      [...mine].reverse(),
      (item) => item.key,
      (item) => h("li", { class: "ws-mine-item" }, h("span", { class: "ws-mine-title" }, item.title), " ", h("span", { class: "ws-mine-status" })),
      () => {},
    );
    for (const node of mineList.children) {
      const item = mine.find((i) => i.key === node.dataset.key);
      const status = statusOf(item);
      const label = node.querySelector(".ws-mine-status");
      label.className = `ws-mine-status badge ws-status-${status}`;
      setText(label, `ws.mine.${status}`);
    }
  }

  function renderWall() {
    const ideas = state.newestFirst();
    setText(wallCount, "ws.ideas_count", { count: ideas.length });
    empty.hidden = ideas.length > 0;
    keyed(wall, ideas, (idea) => idea.id, (idea) => ideaCard(idea));
    markFocused(wall, state);
  }

  return {
    element,
    update() {
      renderWall();
      renderMine();
    },
    outboxChanged: renderMine,
  };
}

// ---- voting -----------------------------------------------------------------------------------------

export function votingScreen(state, { outbox }) {
  const w = () => state.workshop; // a snapshot may replace the object
  const leftText = h("strong", { class: "ws-budget-left" });
  const dots = h("span", { class: "ws-budget-dots", "aria-hidden": "true" });
  const budget = h(
    "div",
    { class: "ws-budget" },
    h("p", { class: "ws-budget-text" }, tx("span", "ws.budget.label", null, { class: "ws-budget-label" }), " ", leftText),
    dots,
  );
  const list = h("ol", { class: "ws-vote-list" });
  const empty = tx("p", "ws.voting.empty", null, { class: "empty", hidden: true });
  const element = screen(
    "voting",
    "ws.voting.title",
    tx("p", "ws.voting.lead", { budget: w().dot_budget, max: w().max_dots_per_idea }, { class: "hint" }),
    empty,
    list,
    tx("p", "ws.voting.hidden_totals", null, { class: "hint" }),
  );
  // the budget line sits above the heading so it is the first thing on the screen
  element.prepend(budget);

  const shown = (id) => outbox.pendingDots(id) ?? state.me?.allocations[id] ?? 0;
  function used() {
    const ids = new Set([...Object.keys(state.me?.allocations ?? {}), ...Object.keys(outbox.dots)].map(Number));
    let sum = 0;
    for (const id of ids) sum += shown(id);
    return sum;
  }
  const left = () => Math.max(0, w().dot_budget - used());

  function renderBudget() {
    const n = left();
    if (n > 0) setText(leftText, "ws.budget.left", { count: n, budget: w().dot_budget });
    else setText(leftText, "ws.budget.all_used", { budget: w().dot_budget });
    budget.classList.toggle("is-empty", n === 0);
    dots.replaceChildren(
      ...Array.from({ length: w().dot_budget }, (_, i) => h("span", { class: i < w().dot_budget - n ? "ws-dot is-used" : "ws-dot" })),
    );
  }

  function card(idea) {
    const titleId = `ws-vote-title-${idea.id}`;
    const minus = h("button", { type: "button", class: "ws-step ws-minus" }, h("span", { "aria-hidden": "true" }, "−"));
    const plus = h("button", { type: "button", class: "ws-step ws-plus" }, h("span", { "aria-hidden": "true" }, "+"));
    i18nAttr(minus, { "aria-label": "ws.points.less" }, { title: idea.title });
    i18nAttr(plus, { "aria-label": "ws.points.more" }, { title: idea.title });
    minus.addEventListener("click", () => change(idea, -1));
    plus.addEventListener("click", () => change(idea, +1));
    const stepper = h(
      "div",
      { class: "ws-stepper", role: "group", "aria-labelledby": titleId },
      minus,
      h("p", { class: "ws-points" }, h("span", { class: "ws-points-dots", "aria-hidden": "true" }), h("span", { class: "ws-points-text" })),
      plus,
    );
    return h(
      "li",
      { class: "ws-card-item" },
      h(
        "article",
        { class: "card ws-card ws-vote-card", dataset: { idea: String(idea.id) } },
        h("h3", { class: "ws-card-title", id: titleId }, idea.title),
        idea.body ? h("p", { class: "ws-card-body" }, idea.body) : null,
        ideaFacts(idea),
        stepper,
        h("p", { class: "ws-sending vote-pending", hidden: true }),
        h("p", { class: "ws-card-error", role: "alert", hidden: true }),
      ),
    );
  }

  function fill(node, idea) {
    const points = shown(idea.id);
    const max = w().max_dots_per_idea;
    node.querySelector(".ws-points-text").replaceChildren(
      tx("span", "ws.points.value", { count: points }),
      " ",
      tx("span", "ws.points.max_note", { max }, { class: "ws-points-max" }),
    );
    node.querySelector(".ws-points-dots").replaceChildren(
      ...Array.from({ length: max }, (_, i) => h("span", { class: i < points ? "ws-dot is-used" : "ws-dot" })),
    );
    const minus = node.querySelector(".ws-minus");
    const plus = node.querySelector(".ws-plus");
    // aria-disabled, not disabled: the keyboard focus stays on the button
    minus.setAttribute("aria-disabled", String(points === 0));
    plus.setAttribute("aria-disabled", String(points >= max || left() === 0));
    const sending = node.querySelector(".ws-sending");
    sending.hidden = !outbox.isSendingDots(idea.id);
    if (!sending.hidden) setText(sending, "ws.sending");
    node.querySelector(".ws-card").classList.toggle("is-sending", !sending.hidden);
    node.querySelector(".ws-card").classList.toggle("has-points", points > 0);
  }

  function change(idea, delta) {
    const points = shown(idea.id);
    const node = list.querySelector(`[data-key="${idea.id}"]`);
    const error = node?.querySelector(".ws-card-error");
    if (error) error.hidden = true;
    if (delta > 0 && points >= w().max_dots_per_idea) {
      announce("ws.points.at_max", { max: w().max_dots_per_idea });
      return;
    }
    if (delta > 0 && left() === 0) {
      announce("ws.points.none_left");
      return;
    }
    if (delta < 0 && points === 0) return;
    outbox.setDots(idea.id, points + delta);
    renderAll();
    announce("ws.points.set", { count: points + delta, title: idea.title, left: left() });
  }

  function renderAll() {
    renderBudget();
    const ideas = state.stableOrder();
    empty.hidden = ideas.length > 0;
    keyed(list, ideas, (idea) => idea.id, card, () => {});
    for (const node of list.children) fill(node, state.ideas.get(Number(node.dataset.key)));
    markFocused(list, state);
  }

  return {
    element,
    update: renderAll,
    outboxChanged: renderAll,
    dotsSettled: renderAll,
    rejected(kind, entry, error) {
      if (kind !== "dots") return false;
      renderAll();
      const node = list.querySelector(`[data-key="${entry.ideaId}"] .ws-card-error`);
      if (!node) return false;
      node.hidden = false;
      setText(node, "ws.points.not_saved", { reason: reasonText(error) });
      return true;
    },
  };
}

// ---- results and closed -----------------------------------------------------------------------------

function resultsParts(state) {
  const summary = h("p", { class: "ws-summary" });
  const rank = ranking({ className: "ws-ranking" });
  const empty = tx("p", "ws.results.empty", null, { class: "empty", hidden: true });
  const tablesTitle = tx("h2", "ws.results.tables_title", null, { id: "ws-tables-title" });
  const tables = h("div", { class: "ws-tables" });
  const tablesSection = h("section", { class: "ws-tables-section", "aria-labelledby": "ws-tables-title" }, tablesTitle, tables);
  function update() {
    const ideas = state.ranking();
    empty.hidden = ideas.length > 0;
    setText(summary, "ws.results.summary", { count: state.totalDots() });
    rank.update(ideas, { mine: state.me?.allocations });
    const groups = state.tables();
    tablesSection.hidden = groups.length < 2;
    keyed(
      tables,
      groups,
      (g) => g.table_no ?? "none",
      (g) => {
        const id = `ws-table-${g.table_no ?? "none"}`;
        const r = ranking({ className: "ws-ranking ws-ranking-small", headingLevel: "h4" });
        const section = h(
          "section",
          { class: "ws-table", "aria-labelledby": id },
          h("h3", { id }, tableLabel(g.table_no), " – ", h("span", { class: "ws-table-total" })),
          r.element,
        );
        section.ranking = r;
        return section;
      },
    );
    for (const section of tables.children) {
      const g = groups.find((x) => String(x.table_no ?? "none") === section.dataset.key);
      setText(section.querySelector(".ws-table-total"), "ws.results.table_total", { count: g.dot_total });
      section.ranking.update(g.ideas, { mine: state.me?.allocations });
    }
  }
  return { parts: [summary, empty, rank.element, tablesSection], update };
}

export function resultsScreen(state) {
  const results = resultsParts(state);
  return { element: screen("results", "ws.results.title", ...results.parts), update: results.update };
}

export function closedScreen(state) {
  const field = state.workshop.action_fields[0];
  const link = field
    ? h("p", {}, h("a", { class: "ws-icon-link", href: `/feld.html?slug=${encodeURIComponent(field.slug)}` }, icon("arrow"), tx("span", "ws.closed.link")))
    : null;
  const results = resultsParts(state);
  const element = screen(
    "closed",
    "ws.closed.title",
    tx("p", "ws.closed.text", { field: field?.title ?? "" }, { class: "lead" }),
    link,
    h("h2", { id: "ws-closed-results" }, tx("span", "ws.results.title")),
    ...results.parts,
  );
  return { element, update: results.update };
}
