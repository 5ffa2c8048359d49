// Translation: one dictionary per language, German by default. Elements built with `tx()` carry their
// key and arguments in data attributes, so switching the language re-translates the page in place
// (form input and scroll position survive).
import de from "./i18n/de.js";
import en from "./i18n/en.js";
import exportsDe from "./i18n/exports.de.js";
import exportsEn from "./i18n/exports.en.js";
import workshopDe from "./i18n/workshop.de.js";
import workshopEn from "./i18n/workshop.en.js";

const DICTIONARIES = { de: { ...de, ...workshopDe, ...exportsDe }, en: { ...en, ...workshopEn, ...exportsEn } };
const LOCALES = { de: "de-DE", en: "en-GB" };
const STORAGE_KEY = "mw-lang";
const TIME_ZONE = "Europe/Berlin";

export const LANGUAGES = ["de", "en"];

let current = pickInitial();
const listeners = new Set();

function pickInitial() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (LANGUAGES.includes(fromUrl)) return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(stored)) return stored;
  } catch {
    // storage blocked: German
  }
  return "de";
}

export function lang() {
  return current;
}

export function locale() {
  return LOCALES[current];
}

/** The text for `key` in the current language; `{name}` placeholders are filled from `params`. */
export function t(key, params = {}) {
  let entry = DICTIONARIES[current][key] ?? DICTIONARIES.de[key];
  if (entry === undefined) {
    console.warn(`i18n: missing key ${key}`);
    return key;
  }
  if (typeof entry === "object") {
    const rule = new Intl.PluralRules(locale()).select(Number(params.count ?? 0));
    entry = entry[rule] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (match, name) => {
    if (!(name in params)) return match;
    const value = params[name];
    return typeof value === "number" ? formatNumber(value) : String(value);
  });
}

export function has(key) {
  return key in DICTIONARIES.de;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

export function formatDateTime(iso) {
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

export function formatDate(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: TIME_ZONE }).format(new Date(iso));
}

/** Re-translate every element below `root` that was built with a key. */
export function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n, readArgs(el));
  }
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    const args = readArgs(el);
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split("=");
      el.setAttribute(attr, t(key, args));
    }
  }
  for (const el of root.querySelectorAll("time[data-format]")) {
    const iso = el.getAttribute("datetime");
    el.textContent = el.dataset.format === "date" ? formatDate(iso) : formatDateTime(iso);
  }
}

function readArgs(el) {
  return el.dataset.i18nArgs ? JSON.parse(el.dataset.i18nArgs) : {};
}

export function setLang(next) {
  if (!LANGUAGES.includes(next) || next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered; still switched for this page
  }
  document.documentElement.lang = next;
  translate(document);
  for (const listener of listeners) listener(next);
}

export function onLangChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
