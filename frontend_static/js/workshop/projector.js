// The projector (beamer.html?id= or ?code=): 1920×1080, dark, large type, legible from the back of a hall.
// Lobby: huge QR code and join code. Then the live idea wall, live tallies, the result, the focused idea.
// Opened by staff on the facilitator's laptop: the projector socket needs a logged-in facilitator.
import { errorText } from "../api.js";
import { h, icon, setText, tx } from "../dom.js";
import { LANGUAGES, lang, onLangChange, setLang } from "../i18n.js";
import { currentUser, loginUrl } from "../shell.js";
import { followAsFacilitator, workshopFromAddress } from "./common.js";
import { countdown, ideaFacts, keyed, phaseName, ranking, tableLabel, text } from "./views.js";

const WALL_SIZE = 9; // three rows of three
const LIVE_RANKING = 7; // rows that fit with two-line titles
const LANGUAGE_NAMES = { de: "Deutsch", en: "English" };

let titleText = null;

function renderTitle() {
  document.title = text("shell.title", { page: titleText ?? text("ws.projector.title") });
}

/** Where phones join (the public address the server put into the join link). */
function joinHost(workshop) {
  try {
    return new URL(workshop.join_url).host;
  } catch {
    return location.host;
  }
}

function qr(workshop, className) {
  const img = h("img", { class: className, src: `/api/workshops/${workshop.id}/qr.svg`, width: "370", height: "370" });
  const setAlt = () => img.setAttribute("alt", text("ws.projector.qr_alt", { url: workshop.join_url }));
  setAlt();
  onLangChange(setAlt);
  return img;
}

function code(workshop, className = "pj-code") {
  // shown one box per character; screen readers get the characters one by one, as read out in the hall
  const el = h("p", { class: className }, h("span", { class: "visually-hidden" }, workshop.code.split("").join(" ")));
  for (const ch of workshop.code) el.append(h("span", { "aria-hidden": "true" }, ch));
  return el;
}

function wallCard(idea) {
  return h(
    "li",
    { class: "pj-card-item" },
    h(
      "article",
      { class: "pj-card", dataset: { idea: String(idea.id) } },
      h("h3", { class: "pj-card-title" }, idea.title),
      idea.body ? h("p", { class: "pj-card-body" }, idea.body) : null,
      ideaFacts(idea, { className: "pj-facts" }),
    ),
  );
}

/** Show as many lines of each card's text as its row has room for (never half a line). */
function fitCardBodies(wall) {
  for (const body of wall.querySelectorAll(".pj-card-body")) {
    const card = body.parentElement;
    const cardStyle = getComputedStyle(card);
    const title = card.querySelector(".pj-card-title");
    const facts = card.querySelector(".pj-facts");
    const px = (value) => Number.parseFloat(value) || 0;
    const inner = card.clientHeight - px(cardStyle.paddingTop) - px(cardStyle.paddingBottom);
    const used = title.offsetHeight + px(getComputedStyle(title).marginBottom) + (facts?.offsetHeight ?? 0);
    const room = inner - used - px(getComputedStyle(body).marginBottom);
    const lines = Math.min(3, Math.floor(room / (px(getComputedStyle(body).lineHeight) || 1)));
    body.hidden = lines <= 0;
    body.style.webkitLineClamp = String(Math.max(lines, 1));
  }
}

/** Titles of the per-table results take two lines when that still fits, else one. */
function fitTables(tables) {
  tables.classList.add("is-roomy");
  if (tables.scrollHeight > tables.clientHeight) tables.classList.remove("is-roomy");
}

/** Each phase's stage: { element, update() }. */
const STAGES = {
  lobby(state) {
    const w = state.workshop;
    const count = h("p", { class: "pj-count-big" });
    const element = h(
      "section",
      { class: "pj-lobby", "aria-labelledby": "pj-stage-title" },
      h("div", { class: "pj-qr-wrap" }, qr(w, "pj-qr")),
      h(
        "div",
        { class: "pj-join" },
        tx("h2", "ws.projector.join_title", null, { id: "pj-stage-title" }),
        h(
          "ol",
          { class: "pj-join-steps" },
          tx("li", "ws.projector.step_scan"),
          tx("li", "ws.projector.step_open", { host: joinHost(w) }),
        ),
        code(w),
        count,
      ),
    );
    return {
      element,
      update() {
        setText(count, "ws.lobby.count", { count: state.workshop.participant_count });
      },
    };
  },

  ideation(state) {
    const count = h("span", { class: "pj-count-inline" });
    const wall = h("ol", { class: "pj-wall" });
    const more = h("p", { class: "pj-more" });
    const empty = tx("p", "ws.projector.wall_empty", null, { class: "pj-empty" });
    const element = h(
      "section",
      { class: "pj-ideation", "aria-labelledby": "pj-stage-title" },
      h("h2", { id: "pj-stage-title", class: "pj-stage-title" }, tx("span", "ws.projector.wall_title"), " ", count),
      empty,
      wall,
      more,
    );
    return {
      element,
      update(change) {
        const ideas = state.newestFirst();
        setText(count, "ws.ideas_count", { count: ideas.length });
        empty.hidden = ideas.length > 0;
        keyed(wall, ideas.slice(0, WALL_SIZE), (idea) => idea.id, wallCard);
        if (change?.kind === "idea_added") wall.querySelector(`[data-key="${change.idea.id}"]`)?.classList.add("is-new");
        more.hidden = ideas.length <= WALL_SIZE;
        if (!more.hidden) setText(more, "ws.projector.wall_more", { count: ideas.length - WALL_SIZE });
        requestAnimationFrame(() => fitCardBodies(wall));
      },
      resize() {
        fitCardBodies(wall);
      },
    };
  },

  voting(state) {
    const w = state.workshop;
    const given = h("p", { class: "pj-given" });
    const rank = ranking({ className: "ws-ranking pj-ranking", limit: LIVE_RANKING });
    const more = h("p", { class: "pj-more" });
    const element = h(
      "section",
      { class: "pj-voting", "aria-labelledby": "pj-stage-title" },
      h(
        "div",
        { class: "pj-stage-head" },
        tx("h2", "ws.projector.voting_title", null, { id: "pj-stage-title", class: "pj-stage-title" }),
        given,
      ),
      tx("p", "ws.projector.voting_note", { budget: w.dot_budget, max: w.max_dots_per_idea }, { class: "pj-note" }),
      rank.element,
      more,
    );
    return {
      element,
      update() {
        const ideas = state.ranking();
        setText(given, "ws.projector.dots_given", { count: state.totalDots() });
        rank.update(ideas);
        more.hidden = ideas.length <= LIVE_RANKING;
        if (!more.hidden) setText(more, "ws.projector.wall_more", { count: ideas.length - LIVE_RANKING });
      },
    };
  },

  results(state) {
    return resultsStage(state, "ws.projector.results_title");
  },

  closed(state) {
    return resultsStage(state, "ws.projector.closed_title");
  },
};

function resultsStage(state, titleKey) {
  const given = h("p", { class: "pj-given" });
  const rank = ranking({ className: "ws-ranking pj-ranking", limit: 5 });
  const tables = h("div", { class: "pj-tables" });
  const tablesSection = h(
    "section",
    { class: "pj-tables-section", "aria-labelledby": "pj-tables-title" },
    tx("h3", "ws.projector.tables_title", null, { id: "pj-tables-title", class: "pj-sub-title" }),
    tables,
  );
  const element = h(
    "section",
    { class: "pj-results", "aria-labelledby": "pj-stage-title" },
    h("div", { class: "pj-stage-head" }, tx("h2", titleKey, null, { id: "pj-stage-title", class: "pj-stage-title" }), given),
    h(
      "div",
      { class: "pj-results-grid" },
      h(
        "section",
        { class: "pj-top", "aria-labelledby": "pj-top-title" },
        tx("h3", "ws.projector.top_title", null, { id: "pj-top-title", class: "pj-sub-title" }),
        rank.element,
      ),
      tablesSection,
    ),
  );
  return {
    element,
    update() {
      setText(given, "ws.projector.dots_given", { count: state.totalDots() });
      rank.update(state.ranking());
      const groups = state.tables();
      tablesSection.hidden = groups.length < 2;
      const perTable = groups.length <= 3 ? 3 : groups.length <= 5 ? 2 : 1; // what fits beside the top five
      keyed(
        tables,
        groups,
        (g) => g.table_no ?? "none",
        (g) => {
          const r = ranking({ className: "ws-ranking pj-ranking-small", headingLevel: "h5" });
          const id = `pj-table-${g.table_no ?? "none"}`;
          const el = h(
            "section",
            { class: "pj-table", "aria-labelledby": id },
            h("h4", { id, class: "pj-table-title" }, tableLabel(g.table_no), h("span", { class: "pj-table-total" })),
            r.element,
          );
          el.ranking = r;
          return el;
        },
      );
      for (const el of tables.children) {
        const g = groups.find((x) => String(x.table_no ?? "none") === el.dataset.key);
        setText(el.querySelector(".pj-table-total"), "ws.results.table_total", { count: g.dot_total });
        el.ranking.update(g.ideas.slice(0, perTable));
      }
      requestAnimationFrame(() => fitTables(tables));
    },
    resize() {
      fitTables(tables);
    },
  };
}

/** The focused idea over the stage. */
function focusView(state) {
  const idea = state.focusedIdea;
  if (!idea) return null;
  const showDots = ["voting", "results", "closed"].includes(state.phase);
  return h(
    "section",
    { class: "pj-focus", "aria-labelledby": "pj-focus-title", dataset: { idea: String(idea.id) } },
    tx("p", "ws.focus_label", null, { class: "pj-focus-label" }),
    h("h2", { id: "pj-focus-title", class: "pj-focus-title" }, idea.title),
    idea.body ? h("p", { class: "pj-focus-body" }, idea.body) : null,
    ideaFacts(idea, { className: "pj-facts pj-focus-facts" }),
    showDots ? tx("p", "ws.dots", { count: idea.dot_total }, { class: "pj-focus-dots" }) : null,
  );
}

function controls(live) {
  const group = h("div", { class: "pj-lang", role: "group", "aria-label": text("shell.language") });
  for (const c of LANGUAGES) {
    const button = h("button", { type: "button", lang: c, class: "pj-button", "aria-pressed": String(c === lang()) }, LANGUAGE_NAMES[c]);
    button.addEventListener("click", () => {
      setLang(c);
      for (const b of group.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.lang === c));
      group.setAttribute("aria-label", text("shell.language"));
    });
    group.append(button);
  }
  const full = h("button", { type: "button", class: "pj-button" }, tx("span", "ws.projector.fullscreen"));
  full.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen?.();
  });
  const footer = h("footer", { class: "pj-controls" }, live ? live.element : null, h("div", { class: "pj-control-row" }, group, full));
  footer.setAttribute("aria-label", text("ws.projector.controls"));
  return footer;
}

/** The page: main, the join corner (a top-level complementary landmark) and the controls. */
function shell(content, live = null, aside = null) {
  const main = h("main", { id: "main", class: "pj" }, content);
  document.body.replaceChildren(main, aside ?? "", controls(live));
  return main;
}

function message(titleKey, bodyKey, link = null) {
  return h(
    "div",
    { class: "pj-message" },
    tx("h1", titleKey),
    tx("p", bodyKey),
    link ? h("p", {}, tx("a", link.key, null, { href: link.href, class: "pj-link" })) : null,
  );
}

async function start() {
  document.documentElement.lang = lang();
  document.documentElement.classList.add("projector-root");
  renderTitle();
  onLangChange(renderTitle);

  let workshop;
  try {
    workshop = await workshopFromAddress();
  } catch (error) {
    const params = new URLSearchParams(location.search);
    const reason = params.has("id") || params.has("code") ? errorText(error).key ?? "error.generic" : "ws.projector.missing";
    shell(message("ws.projector.login_title", reason));
    return;
  }
  titleText = workshop.title;
  renderTitle();
  const user = await currentUser().catch(() => null);
  if (!user) {
    shell(message("ws.projector.login_title", "ws.projector.login_text", { key: "ws.projector.login", href: loginUrl() }));
    return;
  }

  const phaseLabel = h("p", { class: "pj-phase" });
  const count = h("p", { class: "pj-count" });
  const timer = countdown({ className: "pj-timer" });
  const stageSlot = h("div", { class: "pj-stage" });
  const corner = h(
    "aside",
    { class: "pj-corner", "aria-labelledby": "pj-corner-title" },
    tx("h2", "ws.projector.join_title", null, { id: "pj-corner-title", class: "pj-corner-title" }),
    qr(workshop, "pj-qr-small"),
    code(workshop, "pj-code-small"),
    tx("p", "ws.projector.join_short", null, { class: "pj-corner-text" }),
    // the address breaks only before the path
    h("p", { class: "pj-corner-url" }, joinHost(workshop), h("wbr"), "/werkstatt.html"),
  );
  const forbidden = message("ws.projector.login_title", "ws.projector.forbidden", { key: "ws.projector.login", href: loginUrl() });
  forbidden.hidden = true;
  let stage = null;

  const { state, live } = await followAsFacilitator(workshop, {
    apply(change) {
      if (change.kind === "phase" || change.kind === "snapshot" || change.kind === "workshop") renderAll();
      else renderParts(change);
      switch (change.kind) {
        case "phase":
          return { key: `ws.live.phase.${change.phase}` };
        case "idea_added":
          return { key: "live.new_idea", args: { title: change.idea.title } };
        case "focus":
          return change.idea ? { key: "ws.live.focus", args: { title: change.idea.title } } : { key: "ws.live.focus_cleared" };
        case "tallies":
          return { key: "ws.live.tallies" };
        default:
          return null;
      }
    },
    onStatus(status) {
      forbidden.hidden = status !== "failed";
      stageSlot.hidden = status === "failed";
    },
  });

  function renderHead() {
    const w = state.workshop;
    phaseLabel.replaceChildren(phaseName(w.phase));
    setText(count, "ws.participants_short", { count: w.participant_count });
    count.prepend(icon("user"), " ");
    timer.set(w.timer_ends_at);
    corner.hidden = !["ideation", "voting"].includes(w.phase); // the lobby shows the big code anyway
  }

  function renderFocus() {
    const focus = focusView(state);
    stageSlot.querySelector(".pj-focus")?.remove();
    stageSlot.classList.toggle("has-focus", Boolean(focus));
    if (focus) stageSlot.append(focus);
  }

  function renderAll() {
    document.body.dataset.phase = state.phase;
    stage = STAGES[state.phase](state);
    stageSlot.replaceChildren(stage.element);
    stage.update();
    renderHead();
    renderFocus();
  }

  function renderParts(change) {
    renderHead();
    stage.update(change);
    if (change.kind === "focus" || change.kind === "idea_removed" || change.kind === "tallies") renderFocus();
  }

  const head = h(
    "header",
    { class: "pj-head" },
    h(
      "div",
      { class: "pj-title-block" },
      tx("p", "ws.code_is", { code: workshop.code }, { class: "pj-eyebrow" }),
      h("h1", { class: "pj-title" }, workshop.title),
    ),
    h("div", { class: "pj-status" }, phaseLabel, count, timer.element),
  );
  shell([head, forbidden, stageSlot], live, corner);
  renderAll();
  window.addEventListener("resize", () => stage.resize?.());
}

start()
  .catch((error) => {
    console.error(error);
    shell(message("error.title", "error.generic"));
  })
  .finally(() => {
    document.body.dataset.ready = "true";
  });
