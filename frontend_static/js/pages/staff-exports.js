// Staff: build an export or report link for a scope (platform, action field, workshop) and a date range.
// The downloads are plain links: the browser sends the session cookie, the server streams the file.
import { h, tx } from "../dom.js";

const DOWNLOADS = [
  { key: "exports.xlsx", path: "/api/exports/xlsx" },
  { key: "exports.csv_ideas", path: "/api/exports/csv/ideas", csv: true },
  { key: "exports.csv_comments", path: "/api/exports/csv/comments", csv: true },
  { key: "exports.csv_votes", path: "/api/exports/csv/votes", csv: true },
  { key: "exports.json", path: "/api/exports/json" },
];

function scopeOptions(fields, workshops) {
  const option = (value, key, args) => tx("option", key, args, { value });
  return [
    option("platform", "exports.scope_platform"),
    ...fields.map((f) => option(`field:${f.id}`, "exports.scope_field", { title: f.title })),
    ...workshops.map((w) => option(`workshop:${w.id}`, "exports.scope_workshop", { title: w.title })),
  ];
}

function query(form, { csv = false } = {}) {
  const [scope, id] = form.scope.value.split(":");
  const params = new URLSearchParams({ scope });
  if (scope === "field") params.set("action_field", id);
  if (scope === "workshop") params.set("workshop", id);
  if (form.from.value) params.set("from", form.from.value);
  if (form.to.value) params.set("to", form.to.value);
  if (form.include_hidden.checked) params.set("include_hidden", "true");
  if (csv && form.semicolon.checked) params.set("sep", ";");
  return params.toString();
}

function reportPath(form) {
  const [scope, id] = form.scope.value.split(":");
  if (scope === "field") return `/api/reports/action-fields/${id}`;
  if (scope === "workshop") return `/api/reports/workshops/${id}`;
  return null;
}

function check(name, key) {
  const id = `exports-${name}`;
  return h("div", { class: "choice" }, h("input", { type: "checkbox", name, id }), tx("label", key, null, { for: id }));
}

function dateField(name, key) {
  const id = `exports-${name}`;
  return h("div", { class: "field" }, tx("label", key, null, { for: id, class: "label" }), h("input", { type: "date", name, id }));
}

/** The "Exporte und Ergebnisprotokolle" section of the staff overview. */
export function exportSection(fields, workshops) {
  const links = DOWNLOADS.map((d) => ({ ...d, a: tx("a", d.key, null, { class: "button button-secondary", download: "" }) }));
  const report = tx("a", "exports.report", null, { class: "button button-primary", target: "_blank", rel: "noopener" });
  const pdf = tx("a", "exports.report_pdf", null, { class: "button button-secondary" });
  const hint = tx("p", "exports.report_hint", null, { class: "hint" });
  const form = h(
    "form",
    { class: "stack", on: { submit: (event) => event.preventDefault() } },
    h(
      "div",
      { class: "field" },
      tx("label", "exports.scope", null, { for: "exports-scope", class: "label" }),
      h("select", { name: "scope", id: "exports-scope" }, scopeOptions(fields, workshops)),
    ),
    dateField("from", "exports.from"),
    dateField("to", "exports.to"),
    h("fieldset", { class: "choices" }, check("include_hidden", "exports.include_hidden"), check("semicolon", "exports.semicolon")),
    tx("h3", "exports.downloads"),
    h("p", { class: "button-row" }, links.map((l) => l.a)),
    h("p", { class: "button-row" }, report, pdf),
    hint,
  );
  form.semicolon.checked = true;
  const update = () => {
    for (const l of links) l.a.href = `${l.path}?${query(form, { csv: l.csv })}`;
    const path = reportPath(form);
    report.hidden = pdf.hidden = !path;
    hint.hidden = Boolean(path);
    if (path) {
      report.href = path;
      pdf.href = `${path}/pdf`;
    }
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
  return h(
    "section",
    { "aria-labelledby": "staff-exports" },
    h("div", { class: "section-head" }, tx("h2", "exports.heading", null, { id: "staff-exports" })),
    tx("p", "exports.lead", null, { class: "lead" }),
    form,
  );
}
