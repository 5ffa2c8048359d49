// One idea: text, town, author, official status and response, support button, discussion, live.
import { ApiError, api } from "../api.js";
import { discussion } from "../comments.js";
import { breadcrumb, ideaMeta, moderationBadge, officialBadge, updateVoteCount, voteControl } from "../components.js";
import { append, h, setText, timeEl, tx } from "../dom.js";
import { busy, clearErrors, field, isBusy, showErrors } from "../forms.js";
import { follow } from "../live.js";
import { reportButton } from "../report.js";
import { announce, page, setTitle } from "../shell.js";

const OFFICIAL = ["new", "under_consideration", "accepted", "rejected", "implemented"];

function officialSection(idea) {
  const section = h("section", { class: "official", "aria-labelledby": "official-heading" });
  section.append(tx("h2", "idea.official_heading", null, { id: "official-heading" }));
  section.append(h("p", { class: "badges" }, officialBadge(idea.official_status)));
  if (idea.official_response) {
    section.append(h("p", { class: "prose" }, idea.official_response));
    if (idea.official_response_by && idea.official_response_at) {
      section.append(
        h(
          "p",
          { class: "meta" },
          tx("span", "idea.official_by", { name: idea.official_response_by }),
          timeEl(idea.official_response_at),
        ),
      );
    }
  } else {
    section.append(tx("p", "idea.official_none", null, { class: "hint" }));
  }
  return section;
}

/** Why an idea is not (or no longer) public: waiting, rejected or hidden with the reason, merged. */
function statusNotice(idea) {
  if (idea.status === "published") return null;
  if (idea.status === "merged" && idea.merged_into) {
    return h(
      "div",
      { class: "notice notice-warning" },
      tx("p", "idea.merged_note"),
      h("p", {}, h("a", { href: `/idee.html?id=${idea.merged_into.id}` }, idea.merged_into.title)),
    );
  }
  const key = idea.status === "pending" ? "idea.pending_note" : "idea.not_public_note";
  return h(
    "div",
    { class: idea.status === "pending" ? "notice" : "notice notice-warning" },
    tx("p", key),
    idea.moderation_reason ? tx("p", "idea.moderation_reason", { reason: idea.moderation_reason }) : null,
  );
}

/** For the field's advisory board and staff: set the official status and write the response. */
function responseForm(idea, onSaved) {
  const form = h(
    "form",
    { class: "response-form", novalidate: true },
    tx("h3", "idea.respond_heading"),
    field({
      name: "official_status",
      type: "select",
      label: "idea.respond_status",
      required: true,
      value: idea.official_status,
      options: OFFICIAL.map((value) => ({ value, key: `official.${value}` })),
    }),
    field({
      name: "response",
      type: "textarea",
      label: "idea.respond_text",
      value: idea.official_response,
      maxlength: 5000,
      rows: 5,
      counter: true,
    }),
    h("div", { class: "button-row" }, tx("button", "idea.respond_save", null, { type: "submit", class: "button button-primary" })),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(form)) return;
    const data = new FormData(form);
    try {
      const updated = await busy(form, "form.saving", () =>
        api.post(`/api/ideas/${idea.id}/official-response`, {
          official_status: String(data.get("official_status")),
          response: String(data.get("response")),
        }),
      );
      clearErrors(form);
      onSaved(updated);
      announce("idea.respond_saved");
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

page({
  title: { key: "idea.title_fallback" },
  active: "home",
  async render(main, { user }) {
    const id = Number.parseInt(new URLSearchParams(location.search).get("id") || "", 10);
    if (!Number.isFinite(id)) throw new ApiError(404, {});
    let idea = await api.get(`/api/ideas/${id}`);
    const fieldInfo = await api.get(`/api/action-fields/${encodeURIComponent(idea.action_field.slug)}`);
    setTitle({ text: idea.title });
    const open = fieldInfo.status === "open";
    const moderates = Boolean(
      user && (user.role === "staff" || user.role === "admin" || user.moderated_fields.includes(fieldInfo.id)),
    );

    let official = officialSection(idea);
    const removedNotice = h(
      "div",
      { class: "notice notice-warning", role: "status", hidden: true },
      tx("p", "idea.removed_live"),
      h("p", { hidden: true }, tx("a", "idea.merged_link", null, { href: "#" })),
    );
    const vote = idea.status === "published" ? voteControl(idea, { user, open }) : null;
    const talk = discussion({ idea, user, open });
    const onResponse = (updated) => {
      idea = { ...idea, ...updated, voted: idea.voted };
      const fresh = officialSection(idea);
      official.replaceWith(fresh);
      official = fresh;
    };

    const live = follow(`field:${fieldInfo.id}`, {
      apply(event) {
        const data = event.data ?? {};
        const totals = event.type === "tallies" ? (data.items ?? []) : event.type === "vote.changed" ? [data] : [];
        const mine = totals.find((item) => item.idea_id === idea.id && "vote_count" in item);
        if (mine) {
          updateVoteCount(idea.id, mine.vote_count);
          return { key: "live.votes_here", args: { count: mine.vote_count } };
        }
        if (event.type === "idea.official_response" && data.id === idea.id) {
          onResponse(data);
          return { key: "live.official_response_here" };
        }
        if (event.type === "idea.updated" && data.id === idea.id) {
          titleEl.textContent = data.title;
          bodyEl.textContent = data.body;
          bodyEl.hidden = !data.body;
          showNote(data.moderation_note);
          setTitle({ text: data.title });
          return { key: "live.idea_edited" };
        }
        if (event.type === "idea.removed" && data.id === idea.id) {
          removedNotice.hidden = false;
          if (data.merged_into) {
            setText(removedNotice.firstChild, "idea.merged_live");
            removedNotice.lastChild.hidden = false;
            removedNotice.lastChild.firstChild.href = `/idee.html?id=${data.merged_into}`;
          }
          return { key: data.merged_into ? "idea.merged_live" : "idea.removed_live" };
        }
        return talk.applyEvent(event);
      },
      onResync: () => talk.load(),
    });

    const titleEl = h("h1", { id: "idea-title" }, idea.title);
    const bodyEl = h("p", { class: "prose idea-body", hidden: !idea.body }, idea.body);
    const noteEl = h("p", { class: "notice moderation-note", hidden: !idea.moderation_note });
    const showNote = (note) => {
      noteEl.hidden = !note;
      if (note) setText(noteEl, "idea.moderation_note", { note });
    };
    showNote(idea.moderation_note);
    const canReport = user && user.id !== idea.author.id && idea.status === "published";
    const article = h(
      "article",
      { class: "idea", "aria-labelledby": "idea-title" },
      titleEl,
      h(
        "div",
        { class: "badges" },
        idea.status !== "published" ? moderationBadge(idea.status) : null,
        idea.official_status !== "new" ? officialBadge(idea.official_status) : null,
      ),
      ideaMeta(idea),
      statusNotice(idea),
      bodyEl,
      noteEl,
      vote ? h("div", { class: "idea-vote" }, vote.element) : null,
      canReport ? h("p", { class: "report-row" }, reportButton("idea", idea.id, idea.title)) : null,
    );
    append(main, [
      breadcrumb([
        { key: "nav.home", href: "/" },
        { text: idea.action_field.title, href: `/feld.html?slug=${encodeURIComponent(idea.action_field.slug)}` },
        { key: "idea.crumb" },
      ]),
      removedNotice,
      article,
      official,
      moderates ? responseForm(idea, onResponse) : null,
      live.element,
      talk.element,
    ]);
    await talk.load();
    live.ready();
  },
});
