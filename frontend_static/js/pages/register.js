// Create an account (logs in at once).
import { api } from "../api.js";
import { h, tx } from "../dom.js";
import { busy, field, isBusy, showErrors, submitButton } from "../forms.js";
import { flash, page, safeNext } from "../shell.js";

page({
  title: { key: "register.title" },
  active: "register",
  async render(main, { user }) {
    const next = safeNext(new URLSearchParams(location.search).get("next"));
    main.append(h("div", { class: "page-head narrow" }, tx("h1", "register.title"), tx("p", "register.lead", null, { class: "lead" })));
    if (user) {
      main.append(tx("p", "login.already", { name: user.display_name }, { class: "notice" }));
      return;
    }
    const form = h(
      "form",
      { class: "stack narrow", novalidate: true },
      field({ name: "display_name", label: "register.display_name", hint: "register.display_name_hint", required: true, autocomplete: "nickname", maxlength: 60 }),
      field({ name: "email", type: "email", label: "form.email", hint: "register.email_hint", required: true, autocomplete: "email", maxlength: 254 }),
      field({ name: "password", type: "password", label: "form.password", hint: "register.password_hint", required: true, autocomplete: "new-password", maxlength: 200 }),
      h("div", { class: "button-row" }, submitButton("register.submit")),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (isBusy(form)) return;
      const values = new FormData(form);
      try {
        const account = await busy(form, "form.sending", () =>
          api.post("/api/auth/register", {
            display_name: String(values.get("display_name")).trim(),
            email: String(values.get("email")).trim(),
            password: String(values.get("password")),
          }),
        );
        flash("flash.registered", { name: account.display_name });
        location.assign(next);
      } catch (error) {
        showErrors(form, error);
      }
    });
    main.append(form, h("p", { class: "narrow" }, tx("span", "register.have_account"), " ", tx("a", "register.login_link", null, { href: `/anmelden.html?${new URLSearchParams({ next })}` })));
  },
});
