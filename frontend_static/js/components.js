// Pieces shared by several pages: badges, idea cards, the support (vote) button.
import { ApiError, api, errorText } from "./api.js";
import { append, h, i18nAttr, icon, setText, timeEl, tx } from "./dom.js";
import { announce, loginUrl } from "./shell.js";

export function officialBadge(status) {
  return tx("span", `official.${status}`, null, { class: `badge badge-official badge-${status}` });
}

export function moderationBadge(status) {
  return tx("span", `status.${status}`, null, { class: `badge badge-status badge-status-${status}` });
}

export function fieldStatusBadge(status) {
  return tx("span", `field_status.${status}`, null, { class: `badge badge-field-${status}` });
}

/** Author · town · date line of an idea. */
export function ideaMeta(idea, { author = true } = {}) {
  return h(
    "p",
    { class: "meta" },
    author
      ? h("span", { class: "meta-item" }, icon("user"), tx("span", "idea.by", { name: idea.author.display_name }))
      : null,
    idea.municipality
      ? h("span", { class: "meta-item" }, icon("place"), h("span", {}, idea.municipality.name))
      : null,
    h("span", { class: "meta-item" }, timeEl(idea.created_at, "date")),
  );
}

export function commentCount(count) {
  return h(
    "span",
    { class: "comment-count" },
    icon("comment"),
    tx("span", "idea.comments", { count }, { class: "comment-count-text" }),
  );
}

/** Registry of vote controls on the page, so live events can update every copy of a count. */
const controls = new Map();

export function updateVoteCount(ideaId, count) {
  for (const control of controls.get(ideaId) ?? []) control.setCount(count);
}

/**
 * The support button: optimistic (the count changes at once), a visible "wird gesendet" state while the
 * request runs, the server's absolute total afterwards, and a rollback with a message when it fails.
 */
export function voteControl(idea, { user, open, titleHidden = false, separateCount = false }) {
  let count = idea.vote_count;
  let voted = Boolean(idea.voted);
  let pending = false;
  const countEl = tx("span", "vote.count", { count }, { class: "vote-count" });
  const status = h("span", { class: "vote-pending", hidden: true });
  const error = h("p", { class: "vote-error", role: "alert", hidden: true });
  const wrapper = h("div", { class: "vote", dataset: { idea: String(idea.id) } });

  let button;
  const counter = separateCount ? h("span", { class: "vote-static" }, icon("support"), countEl) : countEl;
  if (!open) {
    wrapper.append(separateCount ? h("span") : h("span", { class: "vote-static" }, icon("support"), countEl));
  } else if (!user) {
    button = h(
      "a",
      { class: "vote-button", href: loginUrl() },
      icon("support"),
      tx("span", "vote.support"),
      titleHidden ? h("span", { class: "visually-hidden" }, `: ${idea.title}`) : null,
      " ",
      tx("span", "vote.login_needed", null, { class: "visually-hidden" }),
    );
    wrapper.append(button);
    if (!separateCount) wrapper.append(countEl);
  } else {
    button = h(
      "button",
      { type: "button", class: "vote-button", "aria-pressed": String(voted) },
      icon("support"),
      tx("span", "vote.support"),
      titleHidden ? h("span", { class: "visually-hidden" }, `: ${idea.title}`) : null,
    );
    button.addEventListener("click", toggle);
    wrapper.append(button);
    if (!separateCount) wrapper.append(countEl);
    wrapper.append(status, error);
  }

  function render() {
    setText(countEl, "vote.count", { count });
    if (button?.tagName === "BUTTON") {
      button.setAttribute("aria-pressed", String(voted));
      button.classList.toggle("is-pending", pending);
      if (pending) button.setAttribute("aria-busy", "true");
      else button.removeAttribute("aria-busy");
    }
    wrapper.classList.toggle("is-voted", voted);
    status.hidden = !pending;
    if (pending) setText(status, "vote.sending");
  }

  async function toggle() {
    if (pending) return;
    const before = { count, voted };
    voted = !voted;
    count += voted ? 1 : -1;
    pending = true;
    error.hidden = true;
    render();
    try {
      const result = voted
        ? await api.post(`/api/ideas/${idea.id}/vote`)
        : await api.del(`/api/ideas/${idea.id}/vote`);
      voted = result.voted;
      count = result.vote_count;
      announce(voted ? "vote.done" : "vote.retracted", { count });
    } catch (failure) {
      ({ count, voted } = before);
      const text = failure instanceof ApiError && failure.code !== "error" ? errorText(failure) : null;
      if (text?.key) setText(error, text.key);
      else if (text?.text) error.textContent = text.text;
      else setText(error, "vote.failed");
      error.hidden = false;
    } finally {
      pending = false;
      render();
    }
  }

  const control = {
    element: wrapper,
    counter,
    setCount(next) {
      if (pending) return; // our own request's answer is about to set the total
      count = next;
      render();
    },
  };
  if (!controls.has(idea.id)) controls.set(idea.id, new Set());
  controls.get(idea.id).add(control);
  render();
  return control;
}

export function forgetVoteControls() {
  controls.clear();
}

/** One idea in a list. */
export function ideaCard(idea, { user, open, showField = false, showStatus = false, headingLevel = "h3" }) {
  const card = h("article", { class: "card idea-card", dataset: { idea: String(idea.id) } });
  const badges = h(
    "div",
    { class: "badges" },
    showStatus ? moderationBadge(idea.status) : null,
    idea.official_status !== "new" ? officialBadge(idea.official_status) : null,
  );
  // own contributions (showStatus) are a status overview: no support button, no author line
  const vote = showStatus ? null : voteControl(idea, { user, open, titleHidden: true, separateCount: true });
  append(card, [
    showField ? h("p", { class: "eyebrow" }, idea.action_field.title) : null,
    h(headingLevel, { class: "card-title" }, h("a", { href: `/idee.html?id=${idea.id}` }, idea.title)),
    badges.children.length ? badges : null,
    idea.body ? h("p", { class: "card-excerpt" }, idea.body) : null,
    ideaMeta(idea, { author: !showStatus }),
    h(
      "div",
      { class: "card-stats" },
      vote
        ? vote.counter
        : h("span", { class: "vote-static" }, icon("support"), tx("span", "vote.count", { count: idea.vote_count })),
      commentCount(idea.comment_count),
    ),
    vote && open ? h("div", { class: "card-actions" }, vote.element) : null,
  ]);
  return card;
}

/** Previous / "Seite 2 von 5" / next. onGo(page) is called for the links. */
export function pagination({ page, total, pageSize, hrefFor, onGo }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const link = (target, key, rel) => {
    const a = tx("a", key, null, { href: hrefFor(target), rel, class: "button button-secondary" });
    a.addEventListener("click", (event) => {
      event.preventDefault();
      onGo(target);
    });
    return a;
  };
  const nav = h(
    "nav",
    { class: "pagination" },
    page > 1 ? link(page - 1, "pagination.previous", "prev") : h("span"),
    tx("p", "pagination.position", { page, pages }, { class: "pagination-position" }),
    page < pages ? link(page + 1, "pagination.next", "next") : h("span"),
  );
  return i18nAttr(nav, { "aria-label": "pagination.label" });
}

/** Start › Handlungsfeld › …: items are [{ key | text, href? }], the last one is the current page. */
export function breadcrumb(items) {
  const list = h("ol");
  items.forEach((item, index) => {
    const last = index === items.length - 1;
    const label = item.key ? tx("span", item.key, item.args) : h("span", {}, item.text);
    list.append(h("li", {}, last ? h("span", { "aria-current": "page" }, label) : h("a", { href: item.href }, label)));
  });
  return i18nAttr(h("nav", { class: "breadcrumb" }, list), { "aria-label": "nav.breadcrumb" });
}

/** Municipalities and action fields, loaded once per page. */
let reference = null;
export function loadReference() {
  reference ??= Promise.all([api.get("/api/municipalities"), api.get("/api/action-fields")]).then(
    ([municipalities, fields]) => ({ municipalities, fields }),
  );
  return reference;
}

/** Options for a municipality select: the district first, then the towns. */
export function municipalityOptions(municipalities, emptyKey) {
  const district = municipalities.filter((m) => m.kind === "district");
  const towns = municipalities.filter((m) => m.kind !== "district");
  return [
    { value: "", key: emptyKey },
    ...district.map((m) => ({ value: m.slug, key: "municipality.district_option", args: { name: m.name } })),
    ...towns.map((m) => ({ value: m.slug, text: m.name })),
  ];
}
