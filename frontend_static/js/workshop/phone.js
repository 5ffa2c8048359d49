// Bürgerwerkstatt on the phone: join by code (or the QR link), then one screen per phase, kept live over the
// workshop's socket. Writes go through the outbox, so a dropped signal loses nothing.
import { ApiError, api } from "../api.js";
import { h, icon, setText, tx } from "../dom.js";
import { busy, field, formValues, showErrors, submitButton } from "../forms.js";
import { follow } from "../live.js";
import { announce, page, setTitle } from "../shell.js";
import { Outbox } from "./outbox.js";
import {
  closedScreen,
  ideationScreen,
  lobbyScreen,
  markMine,
  reasonText,
  resultsScreen,
  votingScreen,
} from "./phone-screens.js";
import { WorkshopState } from "./state.js";
import { countdown, ideaFacts, phaseSteps } from "./views.js";

const LAST_CODE = "mw-ws-last-code";
const SCREENS = {
  lobby: lobbyScreen,
  ideation: ideationScreen,
  voting: votingScreen,
  results: resultsScreen,
  closed: closedScreen,
};

function remember(code) {
  try {
    localStorage.setItem(LAST_CODE, code);
  } catch {
    // not remembered: the link with ?code= still works
  }
}

function recall() {
  try {
    return localStorage.getItem(LAST_CODE);
  } catch {
    return null;
  }
}

function setCodeInUrl(code) {
  const url = new URL(location.href);
  url.searchParams.set("code", code);
  history.replaceState(null, "", url.pathname + url.search);
}

/** Step 1 (no code in the link): ask for the code. */
function codeForm(main, error = null) {
  const form = h("form", { class: "stack ws-join", novalidate: true });
  form.append(
    field({
      name: "code",
      label: "ws.join.code_label",
      hint: "ws.join.code_hint",
      required: true,
      maxlength: 16,
      autocomplete: "off",
      value: recall() ?? "",
    }),
    h("p", { class: "button-row" }, submitButton("ws.join.continue")),
  );
  const input = form.querySelector("input[name=code]");
  input.setAttribute("autocapitalize", "characters");
  input.setAttribute("spellcheck", "false");
  input.classList.add("ws-code-input");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const code = input.value.trim();
    busy(form, "form.sending", async () => {
      try {
        const workshop = await api.get(`/api/workshops/code/${encodeURIComponent(code)}`);
        setCodeInUrl(workshop.code);
        await enter(main, workshop, { moveFocus: true });
      } catch (failure) {
        showErrors(form, failure);
      }
    });
  });
  main.replaceChildren(
    h(
      "div",
      { class: "page-head" },
      tx("p", "ws.workshop", null, { class: "eyebrow" }),
      tx("h1", "ws.join.code_title"),
      tx("p", "ws.join.code_lead", null, { class: "lead" }),
    ),
    form,
  );
  if (error) showErrors(form, error);
}

/** Step 2: name (optional) and table, then join. */
function joinForm(main, workshop, { moveFocus = false } = {}) {
  const form = h("form", { class: "stack ws-join", novalidate: true });
  form.append(
    field({
      name: "display_name",
      label: "ws.join.name_label",
      hint: workshop.show_names ? "ws.join.name_hint" : "ws.join.name_hint_hidden",
      maxlength: 40,
      autocomplete: "nickname",
    }),
  );
  if (workshop.table_count > 0) form.append(tableChoice(workshop.table_count));
  form.append(h("p", { class: "button-row" }, submitButton("ws.join.submit", { class: "button button-primary ws-button-wide" })));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = formValues(form);
    busy(form, "ws.join.joining", async () => {
      try {
        const joined = await api.post("/api/workshops/join", {
          code: workshop.code,
          display_name: values.display_name.trim(),
          table_no: values.table_no ? Number(values.table_no) : null,
        });
        remember(workshop.code);
        await live(main, joined.workshop, { moveFocus: true });
      } catch (failure) {
        showErrors(form, failure);
      }
    });
  });
  main.replaceChildren(
    h(
      "div",
      { class: "page-head" },
      tx("p", "ws.code_is", { code: workshop.code }, { class: "eyebrow" }),
      h("h1", {}, workshop.title),
      workshop.venue ? h("p", { class: "lead" }, icon("place"), " ", workshop.venue) : null,
      tx("p", "ws.join.lead", null, { class: "hint" }),
    ),
    form,
    h("p", {}, tx("a", "ws.join.other_code", null, { href: "/werkstatt.html?neu=1" })),
  );
  if (moveFocus) form.querySelector("input")?.focus(); // the page changed under the keyboard focus
}

function tableChoice(count) {
  const legend = tx("legend", "ws.join.table_legend", null, { class: "label" });
  const set = h("fieldset", { class: "field ws-choice" }, legend);
  const options = [{ value: "", key: "ws.join.no_table" }];
  for (let n = 1; n <= count; n += 1) options.push({ value: String(n), key: "ws.table_n", args: { n } });
  options.forEach((o, index) => {
    const id = `table-${o.value || "none"}`;
    set.append(
      h(
        "div",
        { class: "ws-radio" },
        h("input", { type: "radio", name: "table_no", id, value: o.value, checked: index === 0 }),
        h("label", { for: id }, tx("span", o.key, o.args)),
      ),
    );
  });
  return set;
}

/** Known code: joined already (this phone's cookie) → live; else the join form; closed → the result. */
async function enter(main, workshop, { moveFocus = false } = {}) {
  setTitle({ text: workshop.title });
  try {
    await api.get(`/api/workshops/${workshop.id}/me`);
    remember(workshop.code);
    await live(main, workshop, { moveFocus });
    return;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }
  if (workshop.phase === "closed") {
    const snapshot = await api.get(`/api/workshops/${workshop.id}/snapshot`);
    const state = new WorkshopState();
    state.load(snapshot);
    const screen = closedScreen(state, {});
    main.replaceChildren(h("div", { class: "page-head" }, h("h1", {}, workshop.title)), tx("p", "ws.join.closed", null, { class: "notice" }), screen.element);
    screen.update({ kind: "snapshot" });
    return;
  }
  joinForm(main, workshop, { moveFocus });
}

/** The joined phone: header, sync state, focused idea, the phase screen and the live panel. */
async function live(main, workshop, { moveFocus = false } = {}) {
  const state = new WorkshopState();
  state.load(await api.get(`/api/workshops/${workshop.id}/snapshot`));
  setTitle({ text: state.workshop.title });

  const steps = phaseSteps();
  const timer = countdown({ onEnd: () => announce("ws.live.timer_over") });
  const count = tx("p", "ws.participants_short", { count: 0 }, { class: "ws-fact" });
  const whoami = h("p", { class: "ws-fact ws-whoami" });
  const sync = h("p", { class: "ws-sync", role: "status" });
  const focusSlot = h("div", { class: "ws-focus-slot" });
  const screenSlot = h("div", { class: "ws-screen-slot" });
  const head = h(
    "div",
    { class: "ws-head" },
    tx("p", "ws.code_is", { code: state.workshop.code }, { class: "eyebrow" }),
    h("h1", { class: "ws-title" }, state.workshop.title),
    steps.element,
    h("div", { class: "ws-facts" }, h("p", { class: "ws-fact" }, icon("user"), count), timer.element, whoami),
  );

  let screen = null;
  const outbox = new Outbox(state.id, {
    onChange: () => renderSync(),
    onIdeaSent: (entry, idea) => {
      const published = idea.status === "published";
      markMine(state.id, entry.key, { id: idea.id, status: published ? "published" : "pending" });
      screen?.outboxChanged?.();
      announce(published ? "ws.idea.sent" : "ws.idea.sent_pending", { title: idea.title });
    },
    onDotsSent: (ideaId, result) => {
      if (state.me) state.me.allocations[ideaId] = result.points;
      const idea = state.ideas.get(ideaId);
      if (idea) idea.dot_total = result.dot_total;
      screen?.dotsSettled?.(ideaId);
    },
    onRejected: (kind, entry, error) => rejected(kind, entry, error),
  });
  const ctx = { state, outbox, workshopId: state.id };

  function renderSync() {
    const n = outbox.size;
    sync.classList.toggle("is-offline", n > 0 && outbox.failed);
    if (!n) sync.replaceChildren();
    else setText(sync, outbox.failed ? "ws.sync.offline" : "ws.sync.sending", { count: n });
    screen?.outboxChanged?.();
  }

  /** The server refused a queued write: show its state again and say why, whatever screen is up now. */
  async function rejected(kind, entry, error) {
    if (kind === "idea") {
      markMine(state.id, entry.key, { status: "failed" });
      screen?.outboxChanged?.();
      announce("ws.idea.rejected", { title: entry.payload.title, reason: reasonText(error) });
      return;
    }
    try {
      state.me = (await refreshMe(state.id)) ?? state.me;
    } catch {
      // keep the last known state; the next snapshot corrects it
    }
    // the voting screen shows the refusal on the idea's card; screen readers hear it either way, also when
    // the phase changed meanwhile and the card is gone
    if (!screen?.rejected?.(kind, entry, error)) screen?.update({ kind: "me" });
    announce("ws.points.not_saved", { reason: reasonText(error) });
  }

  function renderWho() {
    const me = state.me;
    if (!me) return;
    if (me.table_no) setText(whoami, "ws.joined_as_table", { name: me.display_name, n: me.table_no });
    else setText(whoami, "ws.joined_as", { name: me.display_name });
  }

  function renderFocus() {
    const idea = state.focusedIdea;
    if (!idea) {
      focusSlot.replaceChildren();
      return;
    }
    focusSlot.replaceChildren(
      h(
        "section",
        { class: "ws-focus", "aria-labelledby": "ws-focus-title", dataset: { idea: String(idea.id) } },
        tx("p", "ws.focus_label", null, { class: "ws-focus-label" }),
        h("h2", { id: "ws-focus-title", class: "ws-focus-title" }, idea.title),
        idea.body ? h("p", { class: "ws-focus-body" }, idea.body) : null,
        ideaFacts(idea),
      ),
    );
  }

  function renderPhase() {
    const hadFocus = screenSlot.contains(document.activeElement);
    steps.set(state.phase);
    screen = SCREENS[state.phase](state, ctx);
    screen.phase = state.phase;
    screenSlot.replaceChildren(screen.element);
    screen.update({ kind: "snapshot" });
    if (hadFocus) screen.element.querySelector("h2")?.focus();
  }

  /** Everything from the state; the phase screen is rebuilt only when the phase differs (a snapshot after a
   * reconnect must not wipe an idea being typed). */
  function renderAll({ rebuild = true } = {}) {
    setText(count, "ws.participants_short", { count: state.workshop.participant_count });
    timer.set(state.workshop.timer_ends_at);
    renderWho();
    renderFocus();
    if (rebuild || !screen || screen.phase !== state.phase) renderPhase();
    else screen.update({ kind: "snapshot" });
    renderSync();
  }

  function apply(event) {
    const change = state.apply(event);
    if (!change) return null;
    switch (change.kind) {
      case "snapshot":
        if (!state.me) {
          location.reload(); // this phone is no longer a participant (cookie gone): join again
          return null;
        }
        renderAll({ rebuild: false });
        return null;
      case "phase":
        timer.set(null);
        renderPhase();
        return { key: `ws.live.phase.${change.phase}` };
      case "timer":
        timer.set(change.endsAt);
        return change.endsAt ? { key: "ws.live.timer", args: { count: Math.round(secondsUntil(change.endsAt) / 60) } } : { key: "ws.live.timer_stopped" };
      case "focus":
        renderFocus();
        screen.update(change);
        return change.idea ? { key: "ws.live.focus", args: { title: change.idea.title } } : null;
      case "participants":
        setText(count, "ws.participants_short", { count: change.count });
        return null;
      case "workshop":
        renderAll({ rebuild: false });
        return null;
      default:
        screen.update(change);
        if (change.kind === "idea_added" && ["ideation", "voting"].includes(state.phase)) {
          return { key: "live.new_idea", args: { title: change.idea.title } };
        }
        return change.kind === "idea_removed" ? { key: "live.idea_removed" } : null;
    }
  }

  const liveView = follow(`workshop:${state.id}`, {
    path: `/api/workshops/${state.id}/ws`,
    snapshots: true,
    apply,
    onStatus(status) {
      if (status === "live") outbox.flush(); // back online: send what waited
    },
  });
  main.replaceChildren(head, liveView.element, sync, focusSlot, screenSlot);
  renderAll();
  if (moveFocus) screenSlot.querySelector("h2")?.focus(); // joined: the keyboard goes on at the screen
  liveView.ready();
  outbox.flush();
}

function secondsUntil(iso) {
  return Math.max(0, (Date.parse(iso) - Date.now()) / 1000);
}

async function refreshMe(workshopId) {
  const me = await api.get(`/api/workshops/${workshopId}/me`);
  const allocations = {};
  for (const [id, points] of Object.entries(me.allocations ?? {})) allocations[Number(id)] = points;
  return { ...me, allocations };
}

page({
  title: { key: "ws.phone.title" },
  async render(main) {
    main.classList.add("ws-phone");
    const params = new URLSearchParams(location.search);
    const code = params.get("code") || (params.has("neu") ? null : recall());
    if (!code) {
      codeForm(main);
      return;
    }
    let workshop;
    try {
      workshop = await api.get(`/api/workshops/code/${encodeURIComponent(code)}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        codeForm(main, error);
        return;
      }
      throw error;
    }
    await enter(main, workshop);
  },
});

