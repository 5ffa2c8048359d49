// Staff: every citizen workshop with links to facilitate, project, join and read its report; create a
// workshop, or change the settings of one (`?id=`).
import { ApiError, api } from "../api.js";
import { breadcrumb } from "../components.js";
import { h, icon, setText, timeEl, tx } from "../dom.js";
import { busy, clearErrors, field, isBusy, showErrors, submitButton } from "../forms.js";
import { isStaff, page, setTitle } from "../shell.js";

const HERE = "/team-werkstaetten.html";

/** "2026-12-01T17:00:00Z" → "2026-12-01T18:00" in the browser's time zone (for datetime-local). */
function toLocalInput(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function numberField(name, label, hint, value, min, max) {
  const el = field({ name, label, hint, required: true, type: "number", inputmode: "numeric", value: String(value) });
  const input = el.querySelector("input");
  input.min = String(min);
  input.max = String(max);
  return el;
}

function check(name, key, checked) {
  const id = `ws-${name}`;
  return h("div", { class: "choice" }, h("input", { type: "checkbox", name, id, checked }), tx("label", key, null, { for: id }));
}

/** The action-field checkboxes; the first box's id names the error slot, so showErrors() finds it. */
function fieldChoices(fields) {
  const errorId = "ws-af-0-error";
  const set = h(
    "fieldset",
    { class: "choices field", "aria-describedby": "ws-af-hint", dataset: { field: "action_fields" } },
    h("legend", { class: "label" }, tx("span", "staff_ws.f_fields")),
    tx("p", "staff_ws.f_fields_hint", null, { id: "ws-af-hint", class: "hint" }),
    h("p", { id: errorId, class: "field-error", hidden: true }),
    fields.map((f, i) =>
      h(
        "div",
        { class: "choice" },
        h("input", { type: "checkbox", name: "action_fields", value: f.slug, id: `ws-af-${i}` }),
        h("label", { for: `ws-af-${i}` }, f.title),
      ),
    ),
  );
  return set;
}

function workshopForm(existing, { municipalities, fields }) {
  const w = existing ?? { dot_budget: 5, max_dots_per_idea: 3, table_count: 0, show_names: true, pre_moderation: false };
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    field({ name: "title", label: "staff_ws.f_title", required: true, maxlength: 160, value: w.title ?? "", counter: true }),
    field({ name: "starts_at", type: "datetime-local", label: "staff_ws.f_starts_at", value: toLocalInput(w.starts_at) }),
    field({ name: "venue", label: "staff_ws.f_venue", hint: "staff_ws.f_venue_hint", maxlength: 200, value: w.venue ?? "" }),
    existing
      ? null
      : field({
          name: "municipality",
          type: "select",
          label: "staff_ws.f_municipality",
          value: "",
          options: [{ value: "", key: "staff_ws.f_municipality_none" }, ...municipalities.map((m) => ({ value: m.slug, text: m.name }))],
        }),
    existing ? null : fieldChoices(fields),
    numberField("dot_budget", "staff_ws.f_dot_budget", "staff_ws.f_dot_budget_hint", w.dot_budget, 1, 20),
    numberField("max_dots_per_idea", "staff_ws.f_max_dots", "staff_ws.f_max_dots_hint", w.max_dots_per_idea, 1, 10),
    numberField("table_count", "staff_ws.f_tables", "staff_ws.f_tables_hint", w.table_count, 0, 50),
    h(
      "fieldset",
      { class: "choices" },
      tx("legend", "staff_ws.f_options", null, { class: "label" }),
      check("show_names", "staff_ws.f_show_names", w.show_names),
      check("pre_moderation", "staff_ws.f_pre_moderation", w.pre_moderation),
    ),
    h("div", { class: "button-row" }, submitButton(existing ? "staff_ws.save" : "staff_ws.create")),
  );
  return form;
}

function values(form, existing) {
  const el = form.elements;
  const num = (name) => (el[name].value.trim() === "" ? null : Number(el[name].value));
  const body = {
    title: el.title.value.trim(),
    starts_at: el.starts_at.value ? new Date(el.starts_at.value).toISOString() : null,
    venue: el.venue.value.trim(),
    dot_budget: num("dot_budget"),
    max_dots_per_idea: num("max_dots_per_idea"),
    table_count: num("table_count"),
    show_names: el.show_names.checked,
    pre_moderation: el.pre_moderation.checked,
  };
  if (!existing) {
    body.municipality = el.municipality.value || null;
    body.action_fields = [...form.querySelectorAll("input[name=action_fields]:checked")].map((c) => c.value);
  }
  return body;
}

/** showErrors(), with a clearer sentence for "no action field chosen". */
function showFormErrors(form, error) {
  const summary = showErrors(form, error);
  const slot = form.querySelector("#ws-af-0-error");
  if (slot && !slot.hidden && error.errors.some((e) => e.field === "action_fields" && /length >= 1/.test(e.message))) {
    setText(slot, "staff_ws.f_fields_required");
    const link = summary.querySelector('a[href="#ws-af-0"] span:last-child');
    if (link) setText(link, "staff_ws.f_fields_required");
  }
  // the fieldset announces its own error too (the first box carries it as well)
  const set = form.querySelector("fieldset[data-field=action_fields]");
  if (set) set.setAttribute("aria-describedby", slot && !slot.hidden ? "ws-af-hint ws-af-0-error" : "ws-af-hint");
}

function fact(key, value) {
  return h("div", {}, tx("dt", key), h("dd", {}, value));
}

function workshopCard(w) {
  const link = (key, href, attrs = {}) => tx("a", key, null, { class: "button button-secondary button-small", href, ...attrs });
  return h(
    "li",
    { id: `ws-${w.id}` },
    h(
      "article",
      { class: "card", "aria-labelledby": `ws-${w.id}-title` },
      h("h3", { class: "card-title", id: `ws-${w.id}-title` }, w.title),
      h("p", { class: "badges" }, tx("span", `ws.phase.${w.phase}`, null, { class: "badge" })),
      h(
        "dl",
        { class: "facts" },
        fact("staff_ws.col_date", w.starts_at ? timeEl(w.starts_at) : tx("span", "staff_ws.no_date")),
        w.venue ? fact("staff_ws.col_venue", w.venue) : null,
        fact("staff_ws.col_code", h("code", { class: "ws-code" }, w.code)),
        fact("staff_ws.col_participants", String(w.participant_count)),
        fact("staff_ws.col_dots", String(w.dot_budget)),
      ),
      h(
        "p",
        { class: "button-row" },
        link("staff_ws.open_lead", `/werkstatt-leitung.html?id=${w.id}`),
        link("staff_ws.open_projector", `/beamer.html?id=${w.id}`),
        link("staff_ws.open_join", w.join_url),
        link("staff_ws.open_report", `/api/reports/workshops/${w.id}`),
        link("staff_ws.edit", `${HERE}?id=${w.id}`),
      ),
    ),
  );
}

function notice(key, args = null) {
  return h("div", { class: "notice notice-success", role: "status", tabindex: "-1" }, tx("p", key, args));
}

async function renderEdit(main, id, refs) {
  main.append(breadcrumb([{ key: "nav.home", href: "/" }, { key: "nav.staff", href: "/team.html" }, { key: "staff_ws.link", href: HERE }, { key: "staff_ws.edit_heading" }]));
  main.append(h("div", { class: "page-head" }, tx("h1", "staff_ws.edit_heading")));
  let existing;
  try {
    existing = await api.get(`/api/workshops/${id}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    main.append(h("div", { class: "notice notice-error" }, tx("p", "staff_ws.not_found"), h("p", {}, tx("a", "staff_ws.back", null, { href: HERE }))));
    return;
  }
  const lead = h("p", { class: "lead" }, existing.title, " – ", h("code", {}, existing.code));
  main.querySelector("h1").after(lead);
  const saved = h("div", { class: "notice notice-success", role: "status", tabindex: "-1", hidden: true }, tx("p", "staff_ws.saved"), h("p", {}, tx("a", "staff_ws.back", null, { href: HERE })));
  const form = workshopForm(existing, refs);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(form)) return;
    saved.hidden = true;
    try {
      const out = await busy(form, "form.saving", () => api.patch(`/api/workshops/${id}`, values(form, existing)));
      clearErrors(form);
      lead.firstChild.textContent = out.title;
      saved.hidden = false;
      saved.focus();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showFormErrors(form, error);
    }
  });
  main.append(saved, form);
}

async function renderOverview(main, refs) {
  main.append(breadcrumb([{ key: "nav.home", href: "/" }, { key: "nav.staff", href: "/team.html" }, { key: "staff_ws.link" }]));
  main.append(h("div", { class: "page-head" }, tx("h1", "staff_ws.title"), tx("p", "staff_ws.lead", null, { class: "lead" })));
  const workshops = await api.get("/api/workshops");
  const list = h("ul", { class: "card-list" }, workshops.map(workshopCard));
  const empty = tx("p", "staff_ws.none", null, { class: "hint", hidden: !!workshops.length });
  main.append(
    h(
      "section",
      { "aria-labelledby": "ws-list-heading" },
      h(
        "div",
        { class: "section-head" },
        tx("h2", "staff_ws.list_heading", null, { id: "ws-list-heading" }),
        h("a", { class: "button button-primary", href: "#ws-form-heading" }, icon("plus"), tx("span", "staff_ws.new")),
      ),
      empty,
      list,
    ),
  );
  const form = workshopForm(null, refs);
  form.setAttribute("aria-labelledby", "ws-form-heading");
  const status = h("div");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(form)) return;
    status.replaceChildren();
    try {
      const created = await busy(form, "form.saving", () => api.post("/api/workshops", values(form, null)));
      clearErrors(form);
      form.reset();
      list.prepend(workshopCard(created));
      empty.hidden = true;
      const done = notice("staff_ws.created", { title: created.title, code: created.code });
      status.replaceChildren(done);
      done.focus();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showFormErrors(form, error);
    }
  });
  main.append(
    h(
      "section",
      { class: "panel", "aria-labelledby": "ws-form-heading" },
      tx("h2", "staff_ws.new", null, { id: "ws-form-heading", tabindex: "-1" }),
      status,
      form,
    ),
  );
}

page({
  title: { key: "staff_ws.title" },
  active: "staff",
  async render(main, { user }) {
    const id = Number(new URLSearchParams(location.search).get("id")) || null;
    if (id) setTitle({ key: "staff_ws.edit_heading" });
    if (!isStaff(user)) {
      main.append(h("div", { class: "page-head" }, tx("h1", id ? "staff_ws.edit_heading" : "staff_ws.title")));
      main.append(h("div", { class: "notice notice-error" }, tx("p", user ? "staff.forbidden" : "staff.login_required")));
      return;
    }
    const [municipalities, fields] = await Promise.all([api.get("/api/municipalities"), api.get("/api/action-fields")]);
    const refs = { municipalities, fields };
    if (id) await renderEdit(main, id, refs);
    else await renderOverview(main, refs);
  },
});
