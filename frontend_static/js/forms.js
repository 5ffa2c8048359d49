// Accessible form fields (label, hint, error slot wired with aria-describedby) and API error display.
import { ApiError, errorText, fieldError } from "./api.js";
import { h, setText, tx } from "./dom.js";

let uid = 0;

/**
 * One labelled control. spec: { name, label, labelArgs, type, hint, hintArgs, required, maxlength, options, value,
 * rows, autocomplete, inputmode, readonly }. options: [{ value, key | text }].
 */
export function field(spec) {
  const id = spec.id || `f-${spec.name}-${++uid}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const label = h("label", { for: id, class: "label" }, tx("span", spec.label, spec.labelArgs));
  if (!spec.required && spec.optionalMark !== false) {
    label.append(" ", tx("span", "form.optional", null, { class: "optional" }));
  }
  const describedBy = [];
  const hint = spec.hint ? tx("p", spec.hint, spec.hintArgs, { id: hintId, class: "hint" }) : null;
  if (hint) describedBy.push(hintId);
  const error = h("p", { id: errorId, class: "field-error", hidden: true });

  let control;
  const common = {
    id,
    name: spec.name,
    required: spec.required || false,
    "aria-describedby": describedBy.join(" ") || null,
    autocomplete: spec.autocomplete || null,
    readonly: spec.readonly || false,
  };
  if (spec.type === "textarea") {
    control = h("textarea", { ...common, rows: spec.rows || 5, maxlength: spec.maxlength || null });
    control.value = spec.value ?? "";
  } else if (spec.type === "select") {
    control = h("select", common, ...(spec.options ?? []).map(option));
    if (spec.value !== undefined) control.value = spec.value;
  } else {
    control = h("input", {
      ...common,
      type: spec.type || "text",
      maxlength: spec.maxlength || null,
      inputmode: spec.inputmode || null,
      spellcheck: spec.type === "email" || spec.type === "password" ? "false" : null,
    });
    control.value = spec.value ?? "";
  }
  const counter = spec.counter && spec.maxlength ? characterCounter(control, spec.maxlength) : null;
  return h("div", { class: "field", dataset: { field: spec.name } }, label, hint, error, control, counter);
}

export function option(spec) {
  const el = h("option", { value: spec.value });
  if (spec.key) setText(el, spec.key, spec.args);
  else el.textContent = spec.text;
  return el;
}

/** "12 / 120 Zeichen" below a text control; announced only on demand (not on every key). */
function characterCounter(control, max) {
  const el = h("p", { class: "counter", "aria-hidden": "true" });
  const update = () => setText(el, "form.counter", { count: control.value.length, max });
  control.addEventListener("input", update);
  update();
  return el;
}

export function submitButton(key, attrs = {}) {
  return tx("button", key, null, { type: "submit", class: "button button-primary", ...attrs });
}

/** Remove all error marks from a form. */
export function clearErrors(form) {
  form.querySelector(".error-summary")?.remove();
  for (const el of form.querySelectorAll(".field-error")) {
    el.hidden = true;
    el.replaceChildren();
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !x.endsWith("-error"));
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }
}

function messageInto(el, message) {
  if (message.key) setText(el, message.key, message.args);
  else el.textContent = message.text;
  return el;
}

/** Show an API error on a form: messages next to the fields, a summary on top that takes focus. */
export function showErrors(form, error) {
  clearErrors(form);
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1" });
  summary.append(tx("h2", "form.error_summary", null, { class: "error-summary-title" }));
  const overall = error instanceof ApiError ? errorText(error) : { key: "error.generic" };
  const list = h("ul");
  const items = error instanceof ApiError ? error.errors.map((e) => fieldError(e, error.code)) : [];
  for (const item of items) {
    const control = item.field ? form.querySelector(`[name="${CSS.escape(item.field)}"]`) : null;
    const slot = control ? form.querySelector(`#${CSS.escape(control.id)}-error`) : null;
    if (!control || !slot) {
      list.append(messageInto(h("li"), item));
      continue;
    }
    slot.hidden = false;
    messageInto(slot, item);
    control.setAttribute("aria-invalid", "true");
    const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    control.setAttribute("aria-describedby", [...ids, slot.id].join(" "));
    const link = h("a", { href: `#${control.id}`, on: { click: focusControl(control) } });
    const labelText = form.querySelector(`label[for="${CSS.escape(control.id)}"]`);
    const labelKey = labelText?.querySelector("[data-i18n]");
    const li = h("li", {}, link);
    if (labelKey) {
      link.append(tx("span", labelKey.dataset.i18n, labelKey.dataset.i18nArgs ? JSON.parse(labelKey.dataset.i18nArgs) : null), ": ");
    }
    link.append(messageInto(h("span"), item));
    list.append(li);
  }
  if (!items.length || !list.children.length) summary.append(messageInto(h("p"), overall));
  else summary.append(messageInto(h("p"), overall), list);
  form.prepend(summary);
  summary.focus();
  return summary;
}

function focusControl(control) {
  return (event) => {
    event.preventDefault();
    control.focus();
  };
}

export function isBusy(form) {
  return form.getAttribute("aria-busy") === "true";
}

/** Block a form's submit button while a request runs, with a visible busy state. */
export async function busy(form, key, work) {
  const button = form.querySelector("[type=submit]");
  const previous = button ? { key: button.dataset.i18n, args: button.dataset.i18nArgs } : null;
  if (button) {
    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus
    button.setAttribute("aria-disabled", "true");
    setText(button, key);
  }
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    form.removeAttribute("aria-busy");
    if (button && previous) {
      button.removeAttribute("aria-disabled");
      setText(button, previous.key, previous.args ? JSON.parse(previous.args) : null);
    }
  }
}

export function formValues(form) {
  const values = {};
  for (const [key, value] of new FormData(form)) values[key] = typeof value === "string" ? value : "";
  return values;
}
