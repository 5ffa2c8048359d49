// The threaded discussion of an idea: reply, edit own comment within its window, live new comments.
import { api, newIdempotencyKey } from "./api.js";
import { moderationBadge } from "./components.js";
import { h, setText, timeEl, tx } from "./dom.js";
import { busy, clearErrors, field, isBusy, showErrors } from "./forms.js";
import { reportButton } from "./report.js";
import { announce, loginUrl } from "./shell.js";

// what a comment shows: a live event that changes none of these does not redraw it
const SHOWN = ["body", "author", "status", "edited_at", "editable_until", "moderation_note", "moderation_reason"];

/** discussion({ idea, user, open }) → { element, load(), applyEvent(event) } */
export function discussion({ idea, user, open }) {
  const comments = new Map(); // id → { data, li }
  let count = idea.comment_count;
  const heading = tx("h2", "comments.heading", { count }, { id: "comments-heading" });
  const thread = h("ol", { class: "thread" });
  const empty = tx("p", "comments.empty", null, { class: "hint" });
  const canWrite = user && open && idea.status === "published" && !idea.locked;
  const element = h(
    "section",
    { class: "discussion", "aria-labelledby": "comments-heading" },
    heading,
    canWrite ? commentForm({ parent: null }) : writeHint(),
    empty,
    thread,
  );

  function writeHint() {
    if (idea.locked) return tx("p", "comments.locked", null, { class: "notice" });
    if (!open || idea.status !== "published") return tx("p", "comments.closed", null, { class: "notice" });
    return h("p", { class: "notice" }, tx("a", "comments.login_to_write", null, { href: loginUrl() }));
  }

  function setCount(next) {
    count = next;
    setText(heading, "comments.heading", { count });
  }

  /** A form for a new comment (parent null) or a reply; one idempotency key per submission. */
  function commentForm({ parent, onDone }) {
    let key = newIdempotencyKey();
    const body = field({
      name: "body",
      type: "textarea",
      label: parent ? "comments.reply_label" : "comments.new_label",
      required: true,
      maxlength: 3000,
      rows: parent ? 3 : 4,
      counter: true,
      labelArgs: parent ? { name: parent.author?.display_name ?? "" } : null,
    });
    const form = h(
      "form",
      { class: parent ? "comment-form reply-form" : "comment-form", novalidate: true },
      body,
      h(
        "div",
        { class: "button-row" },
        tx("button", parent ? "comments.send_reply" : "comments.send", null, { type: "submit", class: "button button-primary" }),
        parent ? tx("button", "form.cancel", null, { type: "button", class: "button button-secondary", on: { click: () => onDone(null) } }) : null,
      ),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (isBusy(form)) return;
      const textarea = form.querySelector("textarea");
      try {
        const created = await busy(form, "form.sending", () =>
          api.post(
            `/api/ideas/${idea.id}/comments`,
            { body: textarea.value, parent_id: parent?.id ?? null },
            { headers: { "Idempotency-Key": key } },
          ),
        );
        key = newIdempotencyKey();
        clearErrors(form);
        textarea.value = "";
        textarea.dispatchEvent(new Event("input"));
        const seen = comments.has(created.id); // the live event may have been faster
        const li = upsert(created);
        if (created.status === "published" && !seen) setCount(count + 1);
        announce(created.status === "published" ? "comments.published" : "comments.pending");
        if (parent) onDone(li);
      } catch (error) {
        showErrors(form, error);
      }
    });
    return form;
  }

  function editForm(data, article) {
    const body = field({
      name: "body",
      type: "textarea",
      label: "comments.edit_label",
      required: true,
      maxlength: 3000,
      rows: 3,
      value: data.body,
      counter: true,
    });
    const form = h(
      "form",
      { class: "comment-form edit-form", novalidate: true },
      body,
      h(
        "div",
        { class: "button-row" },
        tx("button", "comments.save", null, { type: "submit", class: "button button-primary" }),
        tx("button", "form.cancel", null, { type: "button", class: "button button-secondary", on: { click: close } }),
      ),
    );
    function close() {
      form.remove();
      article.querySelector(".comment-body").hidden = false;
      article.querySelector(".comment-actions").hidden = false;
      article.querySelector(".edit-button")?.focus();
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (isBusy(form)) return;
      try {
        const updated = await busy(form, "form.saving", () =>
          api.patch(`/api/comments/${data.id}`, { body: form.querySelector("textarea").value }),
        );
        form.remove();
        upsert(updated);
        article.querySelector(".comment-body").hidden = false;
        article.querySelector(".comment-actions").hidden = false;
        article.focus();
        announce("comments.saved");
      } catch (error) {
        showErrors(form, error);
      }
    });
    return form;
  }

  function renderArticle(data) {
    const removed = !data.author;
    const article = h("article", { class: "comment", id: `comment-${data.id}`, tabindex: "-1" });
    const head = h("p", { class: "comment-head" });
    if (removed) head.append(tx("span", "comments.removed_author", null, { class: "comment-author" }));
    else head.append(h("span", { class: "comment-author" }, data.author.display_name));
    head.append(" ", timeEl(data.created_at));
    if (data.edited_at) head.append(" ", tx("span", "comments.edited", null, { class: "comment-edited" }));
    if (data.status !== "published" && !removed) head.append(" ", moderationBadge(data.status));
    const body = removed
      ? tx("p", "comments.removed", null, { class: "comment-body comment-removed" })
      : h("p", { class: "comment-body" }, data.body);
    const notes = [
      data.moderation_note ? tx("p", "comments.moderation_note", { note: data.moderation_note }, { class: "hint comment-note" }) : null,
      data.moderation_reason && data.status !== "published"
        ? tx("p", "idea.moderation_reason", { reason: data.moderation_reason }, { class: "hint comment-note" })
        : null,
    ].filter(Boolean);
    const actions = h("div", { class: "comment-actions" });
    const slot = h("div", { class: "comment-slot" });
    if (canWrite && !removed && data.status === "published") {
      const reply = tx("button", "comments.reply", null, {
        type: "button",
        class: "link-button",
        "aria-expanded": "false",
      });
      reply.append(h("span", { class: "visually-hidden" }, `: ${data.author.display_name}`));
      reply.addEventListener("click", () => {
        if (slot.firstChild) {
          slot.replaceChildren();
          reply.setAttribute("aria-expanded", "false");
          return;
        }
        const form = commentForm({
          parent: data,
          onDone(li) {
            slot.replaceChildren();
            reply.setAttribute("aria-expanded", "false");
            if (li) li.querySelector("article").focus();
            else reply.focus();
          },
        });
        slot.append(form);
        reply.setAttribute("aria-expanded", "true");
        form.querySelector("textarea").focus();
      });
      actions.append(reply);
    }
    const until = data.editable_until ? new Date(data.editable_until) : null;
    if (until && until > new Date()) {
      const edit = tx("button", "comments.edit", null, { type: "button", class: "link-button edit-button" });
      const minutes = Math.max(1, Math.ceil((until - new Date()) / 60000));
      const remaining = tx("span", "comments.edit_window", { count: minutes }, { class: "hint" });
      edit.addEventListener("click", () => {
        body.hidden = true;
        actions.hidden = true;
        const form = editForm(data, article);
        article.insertBefore(form, slot);
        form.querySelector("textarea").focus();
      });
      setTimeout(() => {
        edit.remove();
        remaining.remove();
      }, until - new Date());
      actions.append(edit, remaining);
    }
    if (user && !removed && data.status === "published" && data.author.id !== user.id) {
      actions.append(reportButton("comment", data.id, data.author.display_name));
    }
    article.append(head, body, ...notes, actions, slot);
    return article;
  }

  /** Insert or update one comment (from the API or a live event); returns its <li>. */
  function upsert(data) {
    const known = comments.get(data.id);
    if (known) {
      const merged = { ...known.data, ...data };
      if (!data.editable_until) merged.editable_until = known.data.editable_until;
      const changed = SHOWN.some((name) => JSON.stringify(merged[name]) !== JSON.stringify(known.data[name]));
      known.data = merged;
      const old = known.li.querySelector(":scope > article");
      known.stale ||= changed;
      if (known.stale && !old.querySelector("form")) {
        known.stale = false; // an open edit or reply form defers the redraw to the next upsert
        const hadFocus = old.contains(document.activeElement);
        const fresh = renderArticle(merged);
        old.replaceWith(fresh);
        if (hadFocus) fresh.focus(); // the same comment, re-drawn: keep the keyboard's place
      }
      return known.li;
    }
    const li = h("li", {}, renderArticle(data), h("ol", { class: "thread replies" }));
    comments.set(data.id, { data, li });
    const parent = data.parent_id ? comments.get(data.parent_id) : null;
    (parent ? parent.li.querySelector(":scope > ol") : thread).append(li);
    empty.hidden = true;
    for (const reply of data.replies ?? []) upsert(reply);
    return li;
  }

  async function load() {
    const tree = await api.get(`/api/ideas/${idea.id}/comments`);
    thread.replaceChildren();
    comments.clear();
    for (const node of tree) upsert(node);
    empty.hidden = comments.size > 0;
  }

  function applyEvent(event) {
    const data = event.data ?? {};
    if (data.idea_id !== idea.id) return null;
    switch (event.type) {
      case "comment.created":
      case "comment.published": {
        const isNew = !comments.has(data.id);
        upsert(data);
        setCount(data.comment_count);
        return isNew ? { key: "live.new_comment", args: { name: data.author?.display_name ?? "" } } : null;
      }
      case "comment.updated":
        if (!comments.has(data.id)) return null;
        upsert(data);
        return { key: "live.comment_edited" };
      case "comment.removed": {
        setCount(data.comment_count);
        if (!comments.has(data.id)) return null;
        upsert({ id: data.id, body: "", author: null, status: "hidden", edited_at: null, editable_until: null });
        return { key: "live.comment_removed" };
      }
      default:
        return null;
    }
  }

  return { element, load, applyEvent };
}
