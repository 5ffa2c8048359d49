// The JSON API: fetch with the CSRF header on unsafe methods, problem details turned into ApiError.
import { has } from "./i18n.js";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || (status === 0 ? "network" : "error");
    this.title = problem.title || "";
    this.detail = problem.detail || "";
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  get isNetwork() {
    return this.status === 0;
  }
}

function cookie(name) {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

async function ensureCsrf() {
  if (!cookie("csrftoken")) await fetch("/api/municipalities", { credentials: "same-origin" });
  return cookie("csrftoken");
}

/** request("POST", "/api/ideas", { body, headers, query }) → parsed JSON (null for 204). */
export async function request(method, path, { body, headers = {}, query, signal } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, String(value));
  }
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers }, signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (!SAFE.has(method)) {
    const token = await ensureCsrf();
    if (token) init.headers["x-csrftoken"] = token;
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, {});
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data ?? {});
  return data;
}

export const api = {
  get: (path, query, options = {}) => request("GET", path, { ...options, query }),
  post: (path, body, options = {}) => request("POST", path, { ...options, body }),
  patch: (path, body, options = {}) => request("PATCH", path, { ...options, body }),
  del: (path, options = {}) => request("DELETE", path, options),
};

/** A fresh key for one form submission; a retry of the same submission reuses it. */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The dictionary key (and arguments) describing an error as a whole. */
export function errorText(error) {
  if (error instanceof ApiError) {
    if (has(`error.${error.code}`)) return { key: `error.${error.code}` };
    if (error.detail) return { text: error.detail };
    if (has(`error.status.${error.status}`)) return { key: `error.status.${error.status}` };
  }
  return { key: "error.generic" };
}

const MIN_LENGTH = /length >= (\d+)/;
const MAX_LENGTH = /length <= (\d+)/;
const MISSING = /missing required field `(\w+)`/;

/** Map one API field error to {field, key, args} or {field, text} (the server's own words). */
export function fieldError(item, code) {
  let field = String(item.field || "");
  const message = String(item.message || "");
  const missing = message.match(MISSING);
  if (missing) return { field: missing[1], key: "field.required" };
  const min = message.match(MIN_LENGTH);
  if (min) {
    const n = Number(min[1]);
    return { field, key: n <= 1 ? "field.required" : "field.min_length", args: { count: n } };
  }
  const max = message.match(MAX_LENGTH);
  if (max) return { field, key: "field.max_length", args: { count: Number(max[1]) } };
  if (message.includes("matching regex")) {
    return { field, key: has(`field.pattern.${field}`) ? `field.pattern.${field}` : "field.pattern" };
  }
  if (code && has(`field.${code}`)) return { field, key: `field.${code}` };
  if (message.startsWith("Expected")) {
    return { field, key: has(`field.invalid.${field}`) ? `field.invalid.${field}` : "field.invalid" };
  }
  if (field === "data" || field === "body") field = "";
  return { field, text: message };
}
