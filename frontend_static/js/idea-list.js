// A filterable, sortable, paginated list of ideas (action-field page, town page), state kept in the URL,
// with live changes from the field's event scope applied in place.
import { api } from "./api.js";
import { forgetVoteControls, ideaCard, municipalityOptions, pagination, updateVoteCount } from "./components.js";
import { h, i18nAttr, icon, setText, tx } from "./dom.js";
import { field } from "./forms.js";
import { announce } from "./shell.js";

const PAGE_SIZE = 10;
const SORTS = ["newest", "votes", "comments"];
const OFFICIAL = ["new", "under_consideration", "accepted", "rejected", "implemented"];
// URL parameter → API parameter (German URLs for citizens)
const PARAMS = { q: "q", ort: "municipality", feld: "action_field", stand: "official_status", sort: "sort" };

function readState(fixed) {
  const url = new URLSearchParams(location.search);
  const state = { page: Math.max(1, Number.parseInt(url.get("seite") || "1", 10) || 1) };
  for (const [param, apiName] of Object.entries(PARAMS)) state[apiName] = url.get(param) || "";
  if (!SORTS.includes(state.sort)) state.sort = "newest";
  if (!OFFICIAL.includes(state.official_status)) state.official_status = "";
  return { ...state, ...fixed };
}

function stateUrl(state, fixed, page = state.page) {
  const url = new URL(location.href);
  for (const [param, apiName] of Object.entries(PARAMS)) {
    if (apiName in fixed) continue;
    const value = state[apiName];
    if (value && !(apiName === "sort" && value === "newest")) url.searchParams.set(param, value);
    else url.searchParams.delete(param);
  }
  if (page > 1) url.searchParams.set("seite", String(page));
  else url.searchParams.delete("seite");
  return url.pathname + url.search;
}

/**
 * ideaList({ fixed: { action_field: slug } | { municipality: slug }, user, reference, isOpen(idea) })
 * → { element, load(), applyEvent(event) }
 */
export function ideaList({ fixed, user, reference, isOpen, headingKey = "list.heading" }) {
  let state = readState(fixed);
  const ideas = new Map();
  const heading = tx("h2", headingKey, null, { id: "ideas-heading", tabindex: "-1" });
  const summary = h("p", { class: "results-summary" });
  const list = h("ol", { class: "card-list", "aria-labelledby": "ideas-heading" });
  const pager = h("div", { class: "pager" });
  const refresh = h("div", { class: "list-refresh", hidden: true });
  const refreshButton = tx("button", "list.refresh", null, { type: "button", class: "button button-secondary" });
  refresh.append(refreshButton);
  refreshButton.addEventListener("click", () => load({ focus: true }));

  const form = filterForm();
  const element = h(
    "section",
    { class: "idea-list", "aria-labelledby": "ideas-heading" },
    heading,
    form,
    summary,
    refresh,
    list,
    pager,
  );

  function filterForm() {
    const controls = [];
    const search = field({
      name: "q",
      type: "search",
      label: "list.search",
      value: state.q,
      maxlength: 200,
      optionalMark: false,
    });
    const sort = field({
      name: "sort",
      type: "select",
      label: "list.sort",
      value: state.sort,
      optionalMark: false,
      options: SORTS.map((value) => ({ value, key: `sort.${value}` })),
    });
    if (!("municipality" in fixed)) {
      controls.push(
        field({
          name: "municipality",
          type: "select",
          label: "list.municipality",
          value: state.municipality,
          optionalMark: false,
          options: municipalityOptions(reference.municipalities, "list.all_places"),
        }),
      );
    }
    if (!("action_field" in fixed)) {
      controls.push(
        field({
          name: "action_field",
          type: "select",
          label: "list.action_field",
          value: state.action_field,
          optionalMark: false,
          options: [
            { value: "", key: "list.all_fields" },
            ...reference.fields.map((f) => ({ value: f.slug, text: f.title })),
          ],
        }),
      );
    }
    controls.push(
      field({
        name: "official_status",
        type: "select",
        label: "list.official_status",
        value: state.official_status,
        optionalMark: false,
        options: [{ value: "", key: "list.all_statuses" }, ...OFFICIAL.map((v) => ({ value: v, key: `official.${v}` }))],
      }),
    );
    const apply = h("button", { type: "submit", class: "button button-primary" }, icon("search"), tx("span", "list.apply"));
    const reset = tx("button", "list.reset", null, { type: "button", class: "link-button" });
    const more = h(
      "details",
      { class: "filters-more", open: Boolean(state.municipality && !("municipality" in fixed)) || Boolean(state.official_status) || Boolean(state.action_field && !("action_field" in fixed)) },
      tx("summary", "list.more_filters"),
      h("div", { class: "filters-grid" }, ...controls),
    );
    const formEl = h(
      "form",
      { class: "filters", role: "search", novalidate: true },
      h("div", { class: "filters-main" }, search, sort),
      more,
      h("div", { class: "button-row" }, apply, reset),
    );
    i18nAttr(formEl, { "aria-label": "list.filters_label" });
    formEl.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(formEl);
      for (const name of ["q", "sort", "municipality", "action_field", "official_status"]) {
        if (data.has(name)) state[name] = String(data.get(name)).trim();
      }
      state.page = 1;
      history.pushState(null, "", stateUrl(state, fixed));
      load({ announceResult: true });
    });
    reset.addEventListener("click", () => {
      for (const el of formEl.querySelectorAll("input, select")) el.value = el.name === "sort" ? "newest" : "";
      formEl.requestSubmit();
    });
    return formEl;
  }

  function syncForm() {
    for (const el of form.querySelectorAll("input, select")) el.value = state[el.name] ?? "";
  }

  window.addEventListener("popstate", () => {
    state = readState(fixed);
    syncForm();
    load({});
  });

  async function load({ focus = false, announceResult = false } = {}) {
    list.setAttribute("aria-busy", "true");
    refresh.hidden = true;
    const query = { page: state.page, page_size: PAGE_SIZE, sort: state.sort };
    for (const name of ["q", "municipality", "action_field", "official_status"]) query[name] = state[name];
    const result = await api.get("/api/ideas", query);
    forgetVoteControls();
    ideas.clear();
    list.replaceChildren();
    for (const idea of result.items) {
      ideas.set(idea.id, idea);
      list.append(h("li", {}, card(idea)));
    }
    state.total = result.total;
    renderSummary();
    if (!result.items.length) list.append(h("li", { class: "empty" }, tx("p", filtered() ? "list.empty_filtered" : "list.empty")));
    pager.replaceChildren(
      pagination({
        page: state.page,
        total: result.total,
        pageSize: PAGE_SIZE,
        hrefFor: (page) => stateUrl(state, fixed, page),
        onGo: (page) => {
          state.page = page;
          history.pushState(null, "", stateUrl(state, fixed));
          load({ focus: true });
        },
      }) ?? "",
    );
    list.removeAttribute("aria-busy");
    if (announceResult) announce("list.found", { count: result.total });
    if (focus) heading.focus();
  }

  function card(idea) {
    return ideaCard(idea, { user, open: isOpen(idea), showField: !("action_field" in fixed) });
  }

  function filtered() {
    return Boolean(state.q || state.official_status || (!("municipality" in fixed) && state.municipality));
  }

  function renderSummary() {
    setText(summary, "list.found", { count: state.total });
  }

  function matches(idea) {
    if (state.municipality && idea.municipality?.slug !== state.municipality) return false;
    if (state.official_status && idea.official_status !== state.official_status) return false;
    if (state.q) {
      const needle = state.q.toLocaleLowerCase();
      if (!`${idea.title}\n${idea.body}`.toLocaleLowerCase().includes(needle)) return false;
    }
    return true;
  }

  function addIdea(idea) {
    if (ideas.has(idea.id) || !matches(idea)) return false;
    state.total += 1;
    renderSummary();
    if (state.sort !== "newest" || state.page !== 1) {
      refresh.hidden = false;
      return true;
    }
    list.querySelector(".empty")?.remove();
    ideas.set(idea.id, idea);
    const item = h("li", { class: "is-new" }, card(idea));
    list.prepend(item);
    if (list.children.length > PAGE_SIZE) {
      const last = list.lastElementChild;
      ideas.delete(Number(last.querySelector("[data-idea]")?.dataset.idea));
      last.remove();
    }
    return true;
  }

  function removeIdea(id) {
    if (!ideas.has(id)) return false;
    ideas.delete(id);
    list.querySelector(`article[data-idea="${id}"]`)?.closest("li")?.remove();
    state.total = Math.max(0, state.total - 1);
    renderSummary();
    return true;
  }

  /** Apply one live event; returns what to announce, or null. */
  function applyEvent(event) {
    const data = event.data ?? {};
    switch (event.type) {
      case "idea.submitted":
      case "idea.published":
        return addIdea(data) ? { key: "live.new_idea", args: { title: data.title } } : null;
      case "idea.updated": {
        const idea = ideas.get(data.id);
        const article = list.querySelector(`article[data-idea="${data.id}"]`);
        if (!idea || !article) return null;
        Object.assign(idea, { title: data.title, body: data.body });
        article.querySelector(".card-title a").textContent = data.title;
        const excerpt = article.querySelector(".card-excerpt");
        if (excerpt) excerpt.textContent = data.body;
        return { key: "live.idea_edited_titled", args: { title: data.title } };
      }
      case "idea.removed":
        return removeIdea(data.id) ? { key: "live.idea_removed" } : null;
      case "tallies": {
        // coalesced vote totals: apply each, announce the last one shown on this page
        let announcement = null;
        for (const item of data.items ?? []) {
          if ("vote_count" in item) announcement = applyEvent({ type: "vote.changed", data: item }) ?? announcement;
        }
        return announcement;
      }
      case "vote.changed": {
        const idea = ideas.get(data.idea_id);
        updateVoteCount(data.idea_id, data.vote_count);
        if (!idea) return null;
        idea.vote_count = data.vote_count;
        return { key: "live.votes", args: { title: idea.title, count: data.vote_count } };
      }
      case "comment.created":
      case "comment.published":
      case "comment.removed": {
        const idea = ideas.get(data.idea_id);
        if (!idea) return null;
        idea.comment_count = data.comment_count;
        const text = list.querySelector(`article[data-idea="${data.idea_id}"] .comment-count-text`);
        if (text) setText(text, "idea.comments", { count: data.comment_count });
        return event.type === "comment.removed" ? null : { key: "live.new_comment_on", args: { title: idea.title } };
      }
      case "idea.official_response": {
        const idea = ideas.get(data.id);
        if (!idea) return null;
        Object.assign(idea, data, { voted: idea.voted });
        const article = list.querySelector(`article[data-idea="${data.id}"]`);
        const fresh = card(idea);
        for (const part of [".card-stats", ".card-actions"]) {
          const kept = article.querySelector(part); // keeps the live vote control (and any focus in it)
          if (kept) fresh.querySelector(part)?.replaceWith(kept);
        }
        article.replaceWith(fresh);
        return { key: "live.official_response", args: { title: idea.title } };
      }
      default:
        return null;
    }
  }

  return { element, load, applyEvent };
}
