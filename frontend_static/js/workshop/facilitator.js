// Werkstatt-Leitung: phases, countdown, focus, flip-chart ideas, live counts — on the facilitator's laptop.
import { ApiError, api, errorText } from "../api.js";
import { h, i18nAttr, icon, setText, tx } from "../dom.js";
import { clearErrors, field, showErrors, submitButton } from "../forms.js";
import { announce, loginUrl, page, setTitle } from "../shell.js";
import { MODERATION_QUEUE_URL, followAsFacilitator, projectorUrl, workshopFromAddress } from "./common.js";
import { Outbox } from "./outbox.js";
import { PHASES } from "./state.js";
import { countdown, keyed, tableLabel } from "./views.js";

const TIMER_PRESETS = [2, 5, 10];

function panel(id, titleKey, ...children) {
  return h("section", { class: "panel", "aria-labelledby": id }, tx("h2", titleKey, null, { id }), ...children);
}

/** A message slot for a panel's failed action (role=alert). */
function errorSlot() {
  const el = h("p", { class: "field-error", role: "alert", hidden: true });
  return {
    element: el,
    clear() {
      el.hidden = true;
    },
    show(error) {
      const text = errorText(error);
      if (text.key) setText(el, text.key);
      else el.textContent = text.text;
      el.hidden = false;
    },
  };
}

/** Run a facilitator action with a busy button; the state arrives through the socket as well. */
async function act(button, errors, work) {
  if (button.getAttribute("aria-disabled") === "true") return null;
  button.setAttribute("aria-disabled", "true");
  button.setAttribute("aria-busy", "true");
  errors.clear();
  try {
    return await work();
  } catch (error) {
    errors.show(error);
    return null;
  } finally {
    button.removeAttribute("aria-disabled");
    button.removeAttribute("aria-busy");
  }
}

function stat(name, key, value) {
  return h("div", { class: `ws-stat ws-stat-${name}` }, tx("dt", key), h("dd", {}, value));
}

page({
  title: { key: "ws.lead.title" },
  active: "staff",
  async render(main, { user }) {
    const workshop = await workshopFromAddress();
    setTitle({ text: `${workshop.title}` });
    if (!user) {
      main.append(
        tx("h1", "ws.lead.title"),
        h("div", { class: "notice" }, tx("p", "ws.lead.login"), h("p", {}, tx("a", "nav.login", null, { href: loginUrl() }))),
      );
      return;
    }

    const errors = { phase: errorSlot(), timer: errorSlot(), focus: errorSlot() };
    const values = {
      phase: h("span"),
      participants: h("span"),
      ideas: h("span"),
      dots: h("span"),
      pending: h("span"),
    };
    const pendingLink = tx("a", "ws.lead.pending_link", null, { href: MODERATION_QUEUE_URL });
    const forbidden = tx("p", "ws.projector.forbidden", null, { class: "notice notice-error", hidden: true });

    const { state, live } = await followAsFacilitator(workshop, {
      apply: (change) => {
        render();
        switch (change.kind) {
          case "phase":
            return { key: `ws.live.phase.${change.phase}` };
          case "idea_added":
            return { key: "live.new_idea", args: { title: change.idea.title } };
          case "pending":
            return { key: "ws.live.pending", args: { count: change.count } };
          case "participants":
            return { key: "ws.live.participants", args: { count: change.count } };
          default:
            return null;
        }
      },
      onStatus: (status) => {
        forbidden.hidden = status !== "failed";
      },
    });
    const w = () => state.workshop;

    // -- phase
    const phaseButtons = h("ul", { class: "ws-phase-buttons" });
    for (const phase of PHASES.slice(0, 4)) {
      const button = tx("button", `ws.phase.${phase}`, null, { type: "button", class: "button button-secondary ws-phase-button", dataset: { phase } });
      button.addEventListener("click", () => setPhase(button, phase));
      phaseButtons.append(h("li", {}, button));
    }
    const closeButton = h("button", { type: "button", class: "button ws-danger" }, tx("span", "ws.lead.close"));
    const confirm = h(
      "div",
      { class: "ws-confirm", hidden: true, role: "group", "aria-labelledby": "ws-close-question" },
      tx("p", "ws.lead.close_confirm", null, { id: "ws-close-question" }),
      h(
        "p",
        { class: "button-row" },
        tx("button", "ws.lead.close_yes", null, { type: "button", class: "button ws-danger-solid", dataset: { action: "close" } }),
        tx("button", "ws.lead.close_no", null, { type: "button", class: "button button-secondary", dataset: { action: "keep" } }),
      ),
    );
    closeButton.addEventListener("click", () => {
      confirm.hidden = false;
      confirm.querySelector("[data-action=keep]").focus();
    });
    confirm.querySelector("[data-action=keep]").addEventListener("click", () => {
      confirm.hidden = true;
      closeButton.focus();
    });
    confirm.querySelector("[data-action=close]").addEventListener("click", async (event) => {
      await setPhase(event.currentTarget, "closed");
      confirm.hidden = true;
    });

    async function setPhase(button, phase) {
      const result = await act(button, errors.phase, () => api.post(`/api/workshops/${w().id}/phase`, { phase }));
      if (result) {
        state.workshop = { ...w(), ...result };
        render();
        announce("ws.lead.phase_set", { phase: tx("span", `ws.phase.${phase}`).textContent });
      }
    }

    // -- timer
    const timer = countdown({ className: "ws-timer ws-timer-lead" });
    const noTimer = tx("p", "ws.lead.timer_none", null, { class: "hint" });
    const timerButtons = h("p", { class: "button-row" });
    for (const minutes of TIMER_PRESETS) {
      const button = tx("button", "ws.lead.timer_minutes", { count: minutes }, { type: "button", class: "button button-secondary" });
      button.addEventListener("click", () => setTimer(button, minutes * 60));
      timerButtons.append(button);
    }
    const stopButton = tx("button", "ws.lead.timer_stop", null, { type: "button", class: "button button-secondary" });
    stopButton.addEventListener("click", () => setTimer(stopButton, 0));
    timerButtons.append(stopButton);

    async function setTimer(button, seconds) {
      const result = await act(button, errors.timer, () => api.post(`/api/workshops/${w().id}/timer`, { seconds }));
      if (result) {
        state.workshop = { ...w(), ...result };
        render();
      }
    }

    // -- focus
    const focusNow = h("p", { class: "ws-focus-now" });
    const clearFocus = tx("button", "ws.lead.focus_clear", null, { type: "button", class: "button button-secondary" });
    clearFocus.addEventListener("click", () => setFocus(clearFocus, null));
    const rows = h("tbody");
    const noIdeas = tx("p", "ws.lead.no_ideas", null, { class: "empty" });
    const table = h(
      "div",
      { class: "ws-table-wrap" },
      h(
        "table",
        { class: "ws-ideas-table" },
        tx("caption", "ws.lead.ideas_caption", null, { class: "visually-hidden" }),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            tx("th", "ws.lead.col_idea", null, { scope: "col" }),
            tx("th", "ws.lead.col_table", null, { scope: "col" }),
            tx("th", "ws.lead.col_dots", null, { scope: "col", class: "num" }),
            tx("th", "ws.lead.col_focus", null, { scope: "col" }),
          ),
        ),
        rows,
      ),
    );

    async function setFocus(button, ideaId) {
      const result = await act(button, errors.focus, () => api.post(`/api/workshops/${w().id}/focus`, { idea_id: ideaId }));
      if (result) {
        state.workshop = { ...w(), ...result };
        render();
      }
    }

    function ideaRow(idea) {
      const button = tx("button", "ws.lead.focus_button", null, { type: "button", class: "button button-small button-secondary ws-focus-toggle" });
      i18nAttr(button, { "aria-label": "ws.lead.focus_button_label" }, { title: idea.title });
      button.addEventListener("click", () => {
        const focused = w().focused_idea_id === idea.id;
        setFocus(button, focused ? null : idea.id);
      });
      return h(
        "tr",
        {},
        h("td", {}, h("span", { class: "ws-row-title" }), idea.is_analog ? [" ", tx("span", "ws.analog", null, { class: "badge" })] : null),
        h("td", {}, tableLabel(idea.table_no)),
        h("td", { class: "num ws-row-dots" }),
        h("td", {}, button),
      );
    }

    // -- flip chart
    const outbox = new Outbox(workshop.id, {
      name: "lead",
      onIdeaSent: (entry, idea) => announce("ws.lead.analog_sent", { title: idea.title }),
      onRejected: (kind, entry, error) => showErrors(flipForm, error),
    });
    const flipForm = h("form", { class: "stack", novalidate: true });
    const tableOptions = [{ value: "", key: "ws.no_table" }];
    for (let n = 1; n <= workshop.table_count; n += 1) tableOptions.push({ value: String(n), key: "ws.table_n", args: { n } });
    flipForm.append(
      field({ name: "title", label: "ws.idea.title_label", required: true, maxlength: 120, counter: true }),
      field({ name: "body", type: "textarea", label: "ws.idea.body_label", maxlength: 2000, rows: 3 }),
      workshop.table_count ? field({ name: "table_no", type: "select", label: "ws.idea.table_label", options: tableOptions, optionalMark: false }) : null,
      h("p", { class: "button-row" }, submitButton("ws.lead.analog_send")),
    );
    flipForm.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(flipForm);
      const title = flipForm.elements.title.value.trim();
      if (title.length < 3) {
        const problem = { code: "validation_failed", errors: [{ field: "title", message: "Expected `str` of length >= 3" }] };
        showErrors(flipForm, new ApiError(400, problem));
        return;
      }
      const tableNo = flipForm.elements.table_no?.value;
      outbox.addIdea({ title, body: flipForm.elements.body.value.trim(), table_no: tableNo ? Number(tableNo) : null, is_analog: true });
      flipForm.reset();
      flipForm.elements.title.dispatchEvent(new Event("input"));
      flipForm.elements.title.focus();
    });

    function render() {
      setText(values.phase, `ws.phase.${w().phase}`);
      values.participants.textContent = String(w().participant_count);
      values.ideas.textContent = String(state.ideas.size);
      values.dots.textContent = String(state.totalDots());
      values.pending.textContent = String(state.pendingCount);
      for (const button of phaseButtons.querySelectorAll("button")) {
        button.setAttribute("aria-pressed", String(button.dataset.phase === w().phase));
      }
      closeButton.hidden = w().phase === "closed";
      timer.set(w().timer_ends_at);
      noTimer.hidden = Boolean(w().timer_ends_at);
      const focused = state.focusedIdea;
      if (focused) setText(focusNow, "ws.live.focus", { title: focused.title });
      else setText(focusNow, "ws.lead.focus_none");
      clearFocus.hidden = !focused;
      const ideas = state.ranking();
      noIdeas.hidden = ideas.length > 0;
      table.hidden = ideas.length === 0;
      keyed(rows, ideas, (idea) => idea.id, ideaRow);
      for (const row of rows.children) {
        const idea = state.ideas.get(Number(row.dataset.key));
        row.querySelector(".ws-row-title").textContent = idea.title;
        setText(row.querySelector(".ws-row-dots"), "ws.dots", { count: idea.dot_total });
        const isFocused = idea.id === w().focused_idea_id;
        row.classList.toggle("is-focused", isFocused);
        row.querySelector(".ws-focus-toggle").setAttribute("aria-pressed", String(isFocused));
      }
    }

    const links = h(
      "ul",
      { class: "ws-links" },
      h("li", {}, h("a", { href: projectorUrl(workshop), target: "_blank", rel: "noopener" }, icon("arrow"), tx("span", "ws.lead.open_projector"))),
      h("li", {}, h("a", { href: workshop.join_url }, tx("span", "ws.lead.open_phone"))),
      h("li", {}, h("a", { href: MODERATION_QUEUE_URL }, tx("span", "ws.lead.open_queue"))),
    );
    main.append(
      h(
        "div",
        { class: "page-head" },
        tx("p", "ws.lead.title", null, { class: "eyebrow" }),
        h("h1", {}, workshop.title),
        tx("p", "ws.code_is", { code: workshop.code }, { class: "lead" }),
        links,
      ),
      forbidden,
      live.element,
      h(
        "div",
        { class: "ws-lead-grid" },
        panel(
          "ws-lead-status",
          "ws.lead.status_title",
          h(
            "dl",
            { class: "ws-stats" },
            stat("phase", "ws.lead.phase_title", values.phase),
            stat("participants", "ws.lead.stat_participants", values.participants),
            stat("ideas", "ws.lead.stat_ideas", values.ideas),
            stat("dots", "ws.lead.stat_dots", values.dots),
            stat("pending", "ws.lead.stat_pending", [values.pending, " ", pendingLink]),
          ),
        ),
        panel("ws-lead-phase", "ws.lead.phase_title", tx("p", "ws.lead.phase_hint", null, { class: "hint" }), phaseButtons, closeButton, confirm, errors.phase.element),
        panel("ws-lead-timer", "ws.lead.timer_title", timer.element, noTimer, timerButtons, errors.timer.element),
        panel("ws-lead-analog", "ws.lead.analog_title", tx("p", "ws.lead.analog_hint", null, { class: "hint" }), flipForm),
        h(
          "div",
          { class: "ws-lead-wide" },
          panel("ws-lead-focus", "ws.lead.focus_title", tx("p", "ws.lead.focus_hint", null, { class: "hint" }), focusNow, clearFocus, errors.focus.element, noIdeas, table),
        ),
      ),
    );
    render();
    outbox.flush();
  },
});

