// "Melden": a citizen reports an idea or a comment to the moderators (a modal <dialog> with the reasons).
import { ApiError, api } from "./api.js";
import { h, setText, tx } from "./dom.js";
import { busy, clearErrors, isBusy, showErrors } from "./forms.js";
import { announce } from "./shell.js";

const REASONS = ["spam", "offensive", "off_topic", "personal_data", "other"];

let dialog = null;
let current = null; // { itemType, itemId, button }

function buildDialog() {
  const form = h("form", { method: "dialog", class: "stack", novalidate: true });
  const fieldset = h("fieldset", { class: "choices" }, tx("legend", "report.why", null, { class: "label" }));
  for (const reason of REASONS) {
    const id = `report-reason-${reason}`;
    fieldset.append(
      h(
        "div",
        { class: "choice" },
        h("input", { type: "radio", name: "reason", value: reason, id }),
        tx("label", `report.reason.${reason}`, null, { for: id }),
      ),
    );
  }
  const text = h("div", { class: "field", dataset: { field: "text" } });
  text.append(
    h("label", { for: "report-text", class: "label" }, tx("span", "report.text"), " ", tx("span", "form.optional", null, { class: "optional" })),
    h("p", { id: "report-text-error", class: "field-error", hidden: true }),
    h("textarea", { id: "report-text", name: "text", rows: 3, maxlength: 1000 }),
  );
  const cancel = tx("button", "form.cancel", null, { type: "button", class: "button button-secondary", value: "cancel" });
  form.append(
    fieldset,
    text,
    h("div", { class: "button-row" }, tx("button", "report.send", null, { type: "submit", class: "button button-primary" }), cancel),
  );
  const el = h("dialog", { class: "dialog", "aria-labelledby": "report-title" }, tx("h2", "report.title_idea", null, { id: "report-title" }), tx("p", "report.lead", null, { class: "hint" }), form);
  cancel.addEventListener("click", () => el.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(form) || !current) return;
    const values = new FormData(form);
    if (!values.get("reason")) {
      showErrors(form, new ApiError(400, { code: "report_reason_missing" }));
      return;
    }
    try {
      await busy(form, "form.sending", () =>
        api.post("/api/moderation/reports", {
          item_type: current.itemType,
          item_id: current.itemId,
          reason: String(values.get("reason")),
          text: String(values.get("text") || "").trim(),
        }),
      );
      markReported(current.button);
      el.close();
      announce("report.thanks");
    } catch (error) {
      if (error.code === "already_reported") {
        markReported(current.button);
        el.close();
        announce("report.already");
        return;
      }
      showErrors(form, error);
    }
  });
  document.body.append(el);
  return el;
}

function markReported(button) {
  button.setAttribute("aria-disabled", "true");
  button.dataset.reported = "true";
  setText(button.querySelector("[data-i18n]"), "report.done");
}

/** A "Melden" button for one idea or comment; `name` (title or author) makes the button's name unique. */
export function reportButton(itemType, itemId, name) {
  const button = h("button", { type: "button", class: "link-button report-button" }, tx("span", "report.button"));
  button.append(h("span", { class: "visually-hidden" }, `: ${name}`));
  button.addEventListener("click", () => {
    if (button.dataset.reported) return;
    dialog ??= buildDialog();
    current = { itemType, itemId, button };
    const form = dialog.querySelector("form");
    clearErrors(form);
    form.reset();
    setText(dialog.querySelector("#report-title"), itemType === "idea" ? "report.title_idea" : "report.title_comment");
    dialog.showModal();
    dialog.querySelector("input[type=radio]").focus();
  });
  return button;
}
