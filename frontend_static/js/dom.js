// Building DOM without HTML strings: user text only ever reaches the page through textContent.
import { formatDate, formatDateTime, t } from "./i18n.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * h("a", { href: "/", class: "x", dataset: {...}, on: { click } }, child, ...)
 * Children may be nodes, strings (as text), arrays, or null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "on") {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (name === "class") {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (name === "value" || (name in el && typeof value !== "string" && name !== "list")) {
      el[name] = value; // properties such as `value`, `checked`, `disabled`
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** An element whose text is the translation of `key` (kept in sync when the language changes). */
export function tx(tag, key, args = null, attrs = {}) {
  const el = h(tag, attrs);
  setText(el, key, args);
  return el;
}

/** Set (or change) the translated text of an element. */
export function setText(el, key, args = null) {
  el.dataset.i18n = key;
  if (args && Object.keys(args).length) el.dataset.i18nArgs = JSON.stringify(args);
  else delete el.dataset.i18nArgs;
  el.textContent = t(key, args ?? {});
  return el;
}

/** Translated attributes: i18nAttr(el, { "aria-label": "key" }, args). */
export function i18nAttr(el, mapping, args = null) {
  el.dataset.i18nAttr = Object.entries(mapping)
    .map(([attr, key]) => `${attr}=${key}`)
    .join(";");
  if (args) el.dataset.i18nArgs = JSON.stringify(args);
  for (const [attr, key] of Object.entries(mapping)) el.setAttribute(attr, t(key, args ?? {}));
  return el;
}

/** A <time> that re-formats itself when the language changes. */
export function timeEl(iso, format = "datetime") {
  const el = h("time", { datetime: iso, dataset: { format } });
  el.textContent = format === "date" ? formatDate(iso) : formatDateTime(iso);
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** A small inline SVG icon (decorative: hidden from assistive technology). */
export function icon(name) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `icon icon-${name}`);
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

const ICONS = {
  // thumbs-up outline
  support:
    "M7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3m0 11V11m0 11h10.3a2 2 0 0 0 2-1.7l1.4-9A2 2 0 0 0 18.7 9H14V5a3 3 0 0 0-3-3L7 11",
  comment: "M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z",
  place: "M12 22s7-6.1 7-12a7 7 0 0 0-14 0c0 5.9 7 12 7 12zm0-9a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
  user: "M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
  arrow: "M5 12h14M13 6l6 6-6 6",
  back: "M19 12H5M11 18l-6-6 6-6",
  plus: "M12 5v14M5 12h14",
  pause: "M8 5v14M16 5v14",
  play: "M7 4l13 8-13 8z",
  alert: "M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z",
  check: "M20 6 9 17l-5-5",
  search: "M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zm10 2-4.3-4.3",
};
