// Staff: create or edit an action field, and assign or remove its moderators (advisory board).
import { ApiError, api, errorText } from "../api.js";
import { breadcrumb } from "../components.js";
import { h, setText, tx } from "../dom.js";
import { busy, clearErrors, field, isBusy, showErrors, submitButton } from "../forms.js";
import { announce, flash, isStaff, page, setTitle } from "../shell.js";

const STATUSES = ["open", "closed", "archived"];
const MODES = ["post", "pre"];

function fieldForm(existing) {
  const form = h(
    "form",
    { class: "stack", novalidate: true },
    field({ name: "title", label: "staff.field_title", required: true, maxlength: 120, value: existing?.title ?? "", counter: true }),
    field({
      name: "slug",
      label: "staff.field_slug",
      hint: existing ? "staff.field_slug_fixed" : "staff.field_slug_hint",
      required: true,
      maxlength: 64,
      value: existing?.slug ?? "",
      readonly: Boolean(existing),
      autocomplete: "off",
    }),
    field({ name: "summary", type: "textarea", rows: 2, label: "staff.field_summary", hint: "staff.field_summary_hint", maxlength: 300, value: existing?.summary ?? "", counter: true }),
    field({ name: "description", type: "textarea", label: "staff.field_description", maxlength: 10000, rows: 8, value: existing?.description ?? "", counter: true }),
    field({
      name: "status",
      type: "select",
      label: "staff.field_status",
      required: true,
      value: existing?.status ?? "open",
      options: STATUSES.map((value) => ({ value, key: `field_status.${value}` })),
    }),
    field({
      name: "moderation_mode",
      type: "select",
      label: "staff.field_mode",
      hint: "staff.field_mode_hint",
      required: true,
      value: existing?.moderation_mode ?? "post",
      options: MODES.map((value) => ({ value, key: `moderation_mode.${value}` })),
    }),
    h("div", { class: "button-row" }, submitButton(existing ? "staff.save" : "staff.create")),
  );
  if (!existing) {
    // suggest a slug from the title until the slug is edited by hand
    const title = form.elements.title;
    const slug = form.elements.slug;
    let touched = false;
    slug.addEventListener("input", () => (touched = true));
    title.addEventListener("input", () => {
      if (!touched) slug.value = slugify(title.value);
    });
  }
  return form;
}

export function slugify(text) {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

function moderatorsSection(initial) {
  let current = initial;
  const list = h("ul", { class: "plain-list" });
  const status = h("p", { class: "field-error", role: "alert", hidden: true });
  const results = h("ul", { class: "plain-list" });
  const resultsWrap = h("div", { class: "search-results", hidden: true }, tx("h3", "staff.search_results", null, { id: "mod-results" }), results);

  const showError = (error) => {
    const text = errorText(error);
    status.hidden = false;
    if (text.key) setText(status, text.key);
    else status.textContent = text.text;
  };

  function renderList() {
    list.replaceChildren(
      ...current.moderators.map((m) => {
        const remove = h("button", { type: "button", class: "button button-small button-secondary" }, tx("span", "staff.remove"), h("span", { class: "visually-hidden" }, `: ${m.display_name}`));
        remove.addEventListener("click", async () => {
          status.hidden = true;
          try {
            current = await api.del(`/api/action-fields/${encodeURIComponent(current.slug)}/moderators/${m.id}`);
            renderList();
            announce("staff.moderator_removed", { name: m.display_name });
            list.closest("section").querySelector("h2").focus();
          } catch (error) {
            showError(error);
          }
        });
        return h("li", { class: "list-row" }, h("span", {}, m.display_name), remove);
      }),
    );
    if (!current.moderators.length) list.append(h("li", {}, tx("span", "staff.no_moderators", null, { class: "hint" })));
  }

  const search = h(
    "form",
    { class: "inline-form", role: "search", novalidate: true },
    field({ name: "q", type: "search", label: "staff.search_accounts", hint: "staff.search_hint", maxlength: 100, optionalMark: false }),
    h("div", { class: "button-row" }, submitButton("staff.search")),
  );
  search.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(search)) return;
    status.hidden = true;
    try {
      const q = search.elements.q.value.trim();
      const accounts = await busy(search, "form.searching", () => api.get("/api/accounts", { q }));
      clearErrors(search);
      const assigned = new Set(current.moderators.map((m) => m.id));
      results.replaceChildren(
        ...accounts.map((account) => {
          const row = h("li", { class: "list-row" }, h("span", {}, account.display_name, h("span", { class: "hint" }, ` – ${account.email ?? ""}`)));
          if (assigned.has(account.id)) {
            row.append(tx("span", "staff.already_moderator", null, { class: "badge" }));
          } else {
            const add = h("button", { type: "button", class: "button button-small button-primary" }, tx("span", "staff.assign"), h("span", { class: "visually-hidden" }, `: ${account.display_name}`));
            add.addEventListener("click", async () => {
              try {
                current = await api.post(`/api/action-fields/${encodeURIComponent(current.slug)}/moderators`, { account_id: account.id });
                renderList();
                add.replaceWith(tx("span", "staff.already_moderator", null, { class: "badge" }));
                announce("staff.moderator_assigned", { name: account.display_name });
              } catch (error) {
                showError(error);
              }
            });
            row.append(add);
          }
          return row;
        }),
      );
      if (!accounts.length) results.append(h("li", {}, tx("span", "staff.no_accounts", null, { class: "hint" })));
      resultsWrap.hidden = false;
      announce("staff.accounts_found", { count: accounts.length });
    } catch (error) {
      showErrors(search, error);
    }
  });
  renderList();
  return h(
    "section",
    { class: "panel", "aria-labelledby": "moderators-heading" },
    tx("h2", "staff.moderators_heading", null, { id: "moderators-heading", tabindex: "-1" }),
    tx("p", "staff.moderators_lead", null, { class: "hint" }),
    list,
    status,
    search,
    resultsWrap,
  );
}

page({
  title: { key: "staff.new_field" },
  active: "staff",
  async render(main, { user }) {
    const slug = new URLSearchParams(location.search).get("slug");
    const titleKey = slug ? "staff.edit_field" : "staff.new_field";
    setTitle({ key: titleKey });
    main.append(breadcrumb([{ key: "nav.home", href: "/" }, { key: "nav.staff", href: "/team.html" }, { key: titleKey }]));
    main.append(h("div", { class: "page-head" }, tx("h1", titleKey)));
    if (!isStaff(user)) {
      main.append(h("div", { class: "notice notice-error" }, tx("p", user ? "staff.forbidden" : "staff.login_required")));
      return;
    }
    const existing = slug ? await api.get(`/api/action-fields/${encodeURIComponent(slug)}`) : null;
    if (existing) main.querySelector("h1").after(h("p", { class: "lead" }, existing.title));
    const form = fieldForm(existing);
    const savedNotice = h(
      "div",
      { class: "notice notice-success", role: "status", tabindex: "-1", hidden: true },
      tx("p", "staff.saved"),
      h("p", {}, tx("a", "staff.back_to_overview", null, { href: "/team.html" })),
    );
    main.append(savedNotice);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (isBusy(form)) return;
      const values = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));
      try {
        if (existing) {
          const { slug: _fixed, ...changes } = values;
          const saved = await busy(form, "form.saving", () =>
            api.patch(`/api/action-fields/${encodeURIComponent(existing.slug)}`, changes),
          );
          clearErrors(form);
          main.querySelector(".lead").textContent = saved.title;
          savedNotice.hidden = false;
          savedNotice.focus();
        } else {
          const created = await busy(form, "form.saving", () => api.post("/api/action-fields", values));
          flash("staff.created", { title: created.title });
          location.assign(`/team-feld.html?slug=${encodeURIComponent(created.slug)}`);
        }
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showErrors(form, error);
      }
    });
    main.append(form);
    if (existing) main.append(moderatorsSection(existing));
  },
});
