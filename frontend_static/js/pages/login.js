// Log in; afterwards back to the page that asked for it.
import { api } from "../api.js";
import { h, tx } from "../dom.js";
import { busy, field, isBusy, showErrors, submitButton } from "../forms.js";
import { flash, page, safeNext } from "../shell.js";

page({
  title: { key: "login.title" },
  active: "login",
  async render(main, { user }) {
    const next = safeNext(new URLSearchParams(location.search).get("next"));
    main.append(h("div", { class: "page-head narrow" }, tx("h1", "login.title")));
    if (user) {
      main.append(tx("p", "login.already", { name: user.display_name }, { class: "notice" }));
      return;
    }
    const form = h(
      "form",
      { class: "stack narrow", novalidate: true },
      field({ name: "email", type: "email", label: "form.email", required: true, autocomplete: "email", maxlength: 254 }),
      field({ name: "password", type: "password", label: "form.password", required: true, autocomplete: "current-password", maxlength: 200 }),
      h("div", { class: "button-row" }, submitButton("login.submit")),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (isBusy(form)) return;
      const values = new FormData(form);
      try {
        const account = await busy(form, "form.sending", () =>
          api.post("/api/auth/login", { email: String(values.get("email")), password: String(values.get("password")) }),
        );
        flash("flash.logged_in", { name: account.display_name });
        location.assign(next);
      } catch (error) {
        showErrors(form, error);
      }
    });
    const registerHref = `/registrieren.html?${new URLSearchParams({ next })}`;
    main.append(form, h("p", { class: "narrow" }, tx("span", "login.no_account"), " ", tx("a", "login.register_link", null, { href: registerHref })));
  },
});
