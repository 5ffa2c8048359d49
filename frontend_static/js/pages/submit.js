// Submit an idea: the API's validation messages appear next to the fields; one Idempotency-Key per
// submission, so pressing "send" again after a dropped connection never creates the idea twice.
import { ApiError, api, newIdempotencyKey } from "../api.js";
import { breadcrumb, loadReference, municipalityOptions } from "../components.js";
import { h, setText, tx } from "../dom.js";
import { busy, field, isBusy, showErrors, submitButton } from "../forms.js";
import { flash, loginUrl, page } from "../shell.js";

function loginRequired() {
  return h(
    "div",
    { class: "notice" },
    tx("p", "submit.login_required"),
    h(
      "p",
      { class: "button-row" },
      tx("a", "nav.login", null, { class: "button button-primary", href: loginUrl() }),
      tx("a", "nav.register", null, { class: "button button-secondary", href: `/registrieren.html?${new URLSearchParams({ next: location.pathname + location.search })}` }),
    ),
  );
}

page({
  title: { key: "submit.title" },
  active: "home",
  async render(main, { user }) {
    const preselected = new URLSearchParams(location.search).get("feld") || "";
    main.append(
      breadcrumb([{ key: "nav.home", href: "/" }, { key: "submit.title" }]),
      h("div", { class: "page-head" }, tx("h1", "submit.title"), tx("p", "submit.lead", null, { class: "lead" })),
    );
    if (!user) {
      main.append(loginRequired());
      return;
    }
    const { municipalities, fields } = await loadReference();
    const openFields = fields.filter((f) => f.status === "open");
    const fieldSelect = field({
      name: "action_field",
      type: "select",
      label: "submit.field",
      required: true,
      value: openFields.some((f) => f.slug === preselected) ? preselected : "",
      options: [{ value: "", key: "submit.field_choose" }, ...openFields.map((f) => ({ value: f.slug, text: f.title }))],
    });
    const moderationHint = h("p", { class: "hint", id: "moderation-hint" });
    fieldSelect.append(moderationHint);
    const form = h(
      "form",
      { class: "stack", novalidate: true },
      fieldSelect,
      field({ name: "title", label: "submit.idea_title", hint: "submit.idea_title_hint", required: true, maxlength: 120, counter: true }),
      field({ name: "body", type: "textarea", label: "submit.body", hint: "submit.body_hint", maxlength: 5000, rows: 7, counter: true }),
      field({
        name: "municipality",
        type: "select",
        label: "submit.municipality",
        hint: "submit.municipality_hint",
        options: municipalityOptions(municipalities, "submit.municipality_none"),
      }),
      h("div", { class: "button-row" }, submitButton("submit.send")),
    );
    const select = form.elements.action_field;
    const updateHint = () => {
      const chosen = openFields.find((f) => f.slug === select.value);
      moderationHint.hidden = !chosen;
      if (chosen) setText(moderationHint, chosen.moderation_mode === "pre" ? "field.premoderated" : "field.postmoderated");
    };
    select.addEventListener("change", updateHint);
    updateHint();

    let key = newIdempotencyKey();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (isBusy(form)) return;
      const values = new FormData(form);
      const body = {
        action_field: String(values.get("action_field")),
        title: String(values.get("title")).trim(),
        body: String(values.get("body")).trim(),
        municipality: String(values.get("municipality")) || null,
      };
      try {
        const idea = await busy(form, "form.sending", () =>
          api.post("/api/ideas", body, { headers: { "Idempotency-Key": key } }),
        );
        key = newIdempotencyKey();
        flash(idea.status === "published" ? "flash.idea_published" : "flash.idea_pending");
        location.assign(`/idee.html?id=${idea.id}`);
      } catch (error) {
        // a validation error created nothing; a lost connection may have: keep the key for the retry
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) key = newIdempotencyKey();
        showErrors(form, error);
      }
    });
    main.append(form);
  },
});
