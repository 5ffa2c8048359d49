// Moderation dialogs: a reason (template and/or own text) for reject and hide, and the merge picker.
import { api } from "../api.js";
import { h, setText, tx } from "../dom.js";
import { busy, clearErrors, field, isBusy, showErrors } from "../forms.js";
import { lang, onLangChange } from "../i18n.js";

function dialogShell(titleId) {
  const title = h("h2", { id: titleId });
  const form = h("form", { method: "dialog", class: "stack", novalidate: true });
  const el = h("dialog", { class: "dialog", "aria-labelledby": titleId }, title, form);
  document.body.append(el);
  return { el, title, form };
}

function buttons(submitKey, onCancel) {
  const submit = tx("button", submitKey, null, { type: "submit", class: "button button-primary" });
  const cancel = tx("button", "form.cancel", null, { type: "button", class: "button button-secondary" });
  cancel.addEventListener("click", onCancel);
  return { row: h("div", { class: "button-row" }, submit, cancel), submit };
}

/**
 * reasonDialog(templates) → open({ titleKey, submitKey, send(body) }): a modal with the reason templates
 * (keys 1–9 pick one) and an own text; send() gets { reason_template, reason } and may throw an ApiError.
 */
export function reasonDialog(templates) {
  const { el, title, form } = dialogShell("reason-title");
  const fieldset = h("fieldset", { class: "choices" }, tx("legend", "mod.reason_choose", null, { class: "label" }));
  const labels = [];
  templates.forEach((template, index) => {
    const id = `reason-${template.key}`;
    const label = h("label", { for: id }, h("kbd", {}, String(index + 1)), " ", h("span", { class: "choice-label" }));
    labels.push([label.querySelector(".choice-label"), template]);
    fieldset.append(
      h(
        "div",
        { class: "choice choice-with-hint" },
        h("input", { type: "radio", name: "reason_template", value: template.key, id, "aria-describedby": `${id}-text` }),
        h("div", {}, label, h("p", { class: "hint", id: `${id}-text` }, template.text)),
      ),
    );
  });
  const renderLabels = () => {
    for (const [span, template] of labels) span.textContent = lang() === "en" ? template.label_en : template.label;
  };
  renderLabels();
  onLangChange(renderLabels);
  const own = field({ name: "reason", type: "textarea", label: "mod.reason_own", hint: "mod.reason_own_hint", rows: 3, maxlength: 1000 });
  const { row, submit } = buttons("mod.reject", () => el.close());
  form.append(fieldset, own, row);

  let current = null;
  form.addEventListener("keydown", (event) => {
    if (event.target.tagName === "TEXTAREA" || event.altKey || event.ctrlKey || event.metaKey) return;
    const n = Number.parseInt(event.key, 10);
    const radio = form.querySelectorAll("input[type=radio]")[n - 1];
    if (radio) {
      event.preventDefault();
      radio.checked = true;
      radio.focus();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(form) || !current) return;
    const values = new FormData(form);
    try {
      await busy(form, "form.sending", () =>
        current.send({
          reason_template: values.get("reason_template") ? String(values.get("reason_template")) : null,
          reason: String(values.get("reason") || "").trim(),
        }),
      );
      el.close();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return {
    open({ titleKey, submitKey, send }) {
      current = { send };
      clearErrors(form);
      form.reset();
      setText(title, titleKey);
      setText(submit, submitKey);
      el.showModal();
      form.querySelector("input[type=radio]")?.focus();
    },
  };
}

/** mergeDialog() → open({ item, send(targetId) }): search the field's ideas and pick the one that stays. */
export function mergeDialog() {
  const { el, title, form } = dialogShell("merge-title");
  setText(title, "mod.merge_title");
  const intro = h("p", { class: "hint" });
  const search = field({ name: "q", type: "search", label: "mod.merge_search", maxlength: 200, optionalMark: false });
  const find = tx("button", "staff.search", null, { type: "button", class: "button button-secondary" });
  const results = h("fieldset", { class: "choices" }, tx("legend", "mod.merge_pick", null, { class: "label" }));
  const list = h("div");
  results.append(list);
  const { row } = buttons("mod.merge", () => el.close());
  form.append(intro, search, h("div", { class: "button-row" }, find), results, row);

  let current = null;
  const load = async () => {
    const q = form.elements.q.value.trim();
    const page = await api.get("/api/ideas", { action_field: current.item.action_field.slug, q, page_size: 10, sort: "votes" });
    const options = page.items.filter((idea) => idea.id !== current.item.item_id);
    list.replaceChildren(
      ...options.map((idea) =>
        h(
          "div",
          { class: "choice" },
          h("input", { type: "radio", name: "target", value: String(idea.id), id: `merge-${idea.id}` }),
          h("label", { for: `merge-${idea.id}` }, idea.title),
        ),
      ),
    );
    if (!options.length) list.append(tx("p", "mod.merge_none", null, { class: "hint" }));
  };
  find.addEventListener("click", load);
  form.elements.q.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      load();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(form) || !current) return;
    const target = new FormData(form).get("target");
    try {
      await busy(form, "form.sending", () => current.send(target ? Number(target) : 0));
      el.close();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return {
    async open({ item, send }) {
      current = { item, send };
      clearErrors(form);
      form.reset();
      setText(intro, "mod.merge_intro", { title: item.title ?? "" });
      list.replaceChildren();
      el.showModal();
      form.elements.q.focus();
      await load();
    },
  };
}
