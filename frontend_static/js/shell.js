// The frame of every page: skip link, header (name, Kreis Höxter, language switch, login state),
// footer, page title, flash messages and a general announcer. Pages call `page({...})`.
import { ApiError, api, errorText } from "./api.js";
import { $, clear, h, i18nAttr, icon, setText, tx } from "./dom.js";
import { LANGUAGES, lang, onLangChange, setLang, t } from "./i18n.js";

const FLASH_KEY = "mw-flash";
const LANGUAGE_NAMES = { de: "Deutsch", en: "English" };

let userPromise = null;

/** The logged-in account, or null. */
export function currentUser() {
  userPromise ??= api.get("/api/auth/me").catch((error) => {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  });
  return userPromise;
}

export function isStaff(user) {
  return Boolean(user && (user.role === "staff" || user.role === "admin"));
}

/** Moderators of at least one action field, and staff. */
export function canModerate(user) {
  return Boolean(user && (isStaff(user) || user.moderated_fields?.length));
}

/** A message shown once on the next page (e.g. after a redirect). */
export function flash(key, args = null) {
  try {
    sessionStorage.setItem(FLASH_KEY, JSON.stringify({ key, args }));
  } catch {
    // not shown; the action itself succeeded
  }
}

function takeFlash() {
  try {
    const raw = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** Only same-site paths are followed after login (no open redirects). */
export function safeNext(raw, fallback = "/") {
  if (typeof raw === "string" && raw.startsWith("/") && !raw.startsWith("//") && !raw.includes("\\")) {
    return raw;
  }
  return fallback;
}

export function loginUrl(next = location.pathname + location.search) {
  return `/anmelden.html?${new URLSearchParams({ next })}`;
}

/** A short announcement for screen readers (polite), e.g. "12 Ideen gefunden". */
export function announce(key, args = null) {
  const region = $("#announcer");
  if (!region) return;
  region.textContent = "";
  // a fresh text node after a tick makes repeated identical messages audible too
  setTimeout(() => setText(region, key, args), 50);
}

let pageTitle = { key: "shell.title_home", args: null, text: null };

/** Set the document title: "<page> – Mitwirken Kreis Höxter". Pass a key, or text for user content. */
export function setTitle({ key = null, args = null, text = null }) {
  pageTitle = { key, args, text };
  renderTitle();
}

function renderTitle() {
  const pageName = pageTitle.text ?? t(pageTitle.key, pageTitle.args ?? {});
  document.title = t("shell.title", { page: pageName });
}

function header(user, active) {
  const langGroup = h("div", { class: "lang-switch", role: "group" });
  langGroup.append(tx("span", "shell.language", null, { class: "visually-hidden", id: "lang-label" }));
  langGroup.setAttribute("aria-labelledby", "lang-label");
  for (const code of LANGUAGES) {
    const button = h(
      "button",
      { type: "button", lang: code, class: "lang-button", "aria-pressed": String(code === lang()) },
      LANGUAGE_NAMES[code],
    );
    button.addEventListener("click", () => {
      setLang(code);
      for (const b of langGroup.querySelectorAll("button")) {
        b.setAttribute("aria-pressed", String(b.lang === code));
      }
    });
    langGroup.append(button);
  }

  const items = [navItem("/", "nav.home", active === "home")];
  if (user) items.push(navItem("/meine-beitraege.html", "nav.mine", active === "mine"));
  if (canModerate(user)) items.push(navItem("/moderation.html", "nav.moderation", active === "moderation"));
  if (isStaff(user)) items.push(navItem("/team.html", "nav.staff", active === "staff"));
  const account = h("div", { class: "account" });
  if (user) {
    const logout = tx("button", "nav.logout", null, { type: "button", class: "link-button" });
    logout.addEventListener("click", async () => {
      try {
        await api.post("/api/auth/logout");
      } finally {
        flash("flash.logged_out");
        location.assign("/");
      }
    });
    account.append(
      h(
        "span",
        { class: "account-name" },
        icon("user"),
        h("span", { "aria-hidden": "true" }, user.display_name),
        tx("span", "nav.logged_in_as", { name: user.display_name }, { class: "visually-hidden" }),
      ),
      logout,
    );
  } else {
    const next = location.pathname.startsWith("/anmelden") ? null : location.pathname + location.search;
    account.append(
      tx("a", "nav.login", null, {
        href: next ? loginUrl(next) : "/anmelden.html",
        "aria-current": active === "login" ? "page" : null,
      }),
      tx("a", "nav.register", null, {
        href: "/registrieren.html",
        "aria-current": active === "register" ? "page" : null,
      }),
    );
  }

  const nav = i18nAttr(h("nav", { class: "site-nav" }, h("ul", {}, items), account), { "aria-label": "nav.label" });

  return h(
    "div",
    { class: "header-inner" },
    h(
      "div",
      { class: "header-top" },
      h(
        "a",
        { class: "brand", href: "/" },
        brandMark(),
        h("span", { class: "brand-text" }, h("span", { class: "brand-name" }, "Mitwirken"), h("span", { class: "brand-region" }, "Kreis Höxter")),
      ),
      langGroup,
    ),
    nav,
  );
}

function navItem(href, key, current) {
  return h("li", {}, tx("a", key, null, { href, "aria-current": current ? "page" : null }));
}

function brandMark() {
  return h("img", { src: "/img/mark.svg", alt: "", width: "36", height: "36", class: "brand-mark" });
}

function footer() {
  return h(
    "div",
    { class: "footer-inner" },
    tx("p", "shell.footer_about"),
    h(
      "ul",
      { class: "footer-links" },
      h("li", {}, tx("a", "shell.footer_api", null, { href: "/schema" })),
      h("li", {}, tx("span", "shell.footer_licence")),
    ),
  );
}

/** An error in place of the page content (404, no connection, ...). */
export function errorView(error) {
  const text = errorText(error);
  const body = h("p");
  if (text.key) setText(body, text.key);
  else body.textContent = text.text;
  const titleKey = error instanceof ApiError && error.status === 404 ? "error.not_found_title" : "error.title";
  return h(
    "div",
    { class: "notice notice-error" },
    tx("h1", titleKey),
    body,
    h("p", {}, tx("a", "error.back_home", null, { href: "/" })),
  );
}

/**
 * Render a page: page({ title: {key}, active: "home", render: async (main, ctx) => {...} }).
 * ctx = { user }. render may throw an ApiError: it is shown in place of the content.
 */
export async function page({ title, active = null, render }) {
  document.documentElement.lang = lang();
  setTitle(title ?? { key: "shell.title_home" });
  onLangChange(renderTitle);

  const body = document.body;
  const skip = tx("a", "shell.skip", null, { class: "skip-link", href: "#main" });
  const headerEl = h("header", { class: "site-header" });
  const main = $("#main") || h("main", { id: "main" });
  main.setAttribute("tabindex", "-1");
  const announcer = h("div", { id: "announcer", class: "visually-hidden", role: "status", "aria-live": "polite" });
  const footerEl = h("footer", { class: "site-footer" }, footer());
  body.replaceChildren(skip, headerEl, main, footerEl, announcer);

  let user = null;
  try {
    user = await currentUser();
  } catch {
    user = null; // the page itself will report the connection problem
  }
  headerEl.append(header(user, active));

  const flashed = takeFlash();
  const content = h("div", { class: "page" });
  clear(main).append(content);
  if (flashed) {
    content.append(
      h("div", { class: "notice notice-success", role: "status" }, icon("check"), tx("p", flashed.key, flashed.args)),
    );
  }
  try {
    await render(content, { user });
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(error); // an ApiError is an answer, not a defect
    content.replaceChildren(errorView(error));
    setTitle({ key: "error.title" });
  }
  document.body.dataset.ready = "true";
}
