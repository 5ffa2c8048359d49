// The moderators' queue: pending and reported ideas and comments, oldest first, kept current live.
// Keyboard: J/N next, K previous, F approve, A reject (with reason), V hide (with reason), Z merge, ? help.
import { ApiError, api, errorText } from "../api.js";
import { moderationBadge } from "../components.js";
import { append, clear, h, icon, setText, timeEl, tx } from "../dom.js";
import { follow } from "../live.js";
import { mergeDialog, reasonDialog } from "../moderation/dialogs.js";
import { announce, canModerate, isStaff, page } from "../shell.js";

const key = (item) => `${item.item_type}:${item.item_id}`;

const AUDIT_ACTIONS = ["approve", "reject", "hide", "unhide", "edit", "lock", "unlock", "merge", "auto_hide", "official_response", "block", "unblock"];

/** "Freigegeben von Beirat Dorf" for an audit entry (the action's German name, or its code). */
function auditText(entry) {
  const action = entry.action.split(".").pop();
  const name = entry.moderator?.display_name ?? "";
  if (!AUDIT_ACTIONS.includes(action)) return h("strong", {}, `${entry.action} ${name}`);
  return tx("strong", entry.moderator ? `mod.audit.${action}` : "mod.audit.auto", { name, action: "" });
}

page({
  title: { key: "mod.title" },
  active: "moderation",
  async render(main, { user }) {
    main.append(h("div", { class: "page-head" }, tx("h1", "mod.title"), tx("p", "mod.lead", null, { class: "lead" })));
    if (!canModerate(user)) {
      main.append(h("div", { class: "notice notice-error" }, tx("p", user ? "mod.forbidden" : "mod.login_required")));
      return;
    }
    const [allFields, templates] = await Promise.all([
      api.get("/api/action-fields", { include_archived: isStaff(user) }),
      api.get("/api/moderation/reason-templates"),
    ]);
    const fields = isStaff(user) ? allFields : allFields.filter((f) => user.moderated_fields.includes(f.id));
    const state = { items: [], selected: null, filter: "", total: 0, counts: [] };
    const reasons = reasonDialog(templates);
    const merger = mergeDialog();

    // ---- filter ----
    const select = h("select", { id: "mod-field", name: "action_field" });
    const filterForm = h(
      "form",
      { class: "filters mod-filter", novalidate: true },
      h("label", { for: "mod-field", class: "label" }, tx("span", "mod.filter_field")),
      select,
    );
    filterForm.addEventListener("submit", (event) => event.preventDefault());
    select.addEventListener("change", () => {
      state.filter = select.value;
      load({ announceResult: true });
    });
    const renderFilter = () => {
      const counts = new Map(state.counts.map((c) => [c.action_field.id, c]));
      const options = [h("option", { value: "" })];
      setText(options[0], "mod.filter_all", { count: state.total });
      for (const f of fields) {
        const c = counts.get(f.id);
        const option = h("option", { value: String(f.id) });
        setText(option, "mod.filter_option", { title: f.title, pending: c?.pending ?? 0, reported: c?.reported ?? 0 });
        options.push(option);
      }
      select.replaceChildren(...options);
      select.value = state.filter;
    };

    // ---- list and detail ----
    const listHeading = tx("h2", "mod.queue_heading", { count: 0 }, { id: "queue-heading" });
    const list = h("ol", { class: "queue-list", "aria-labelledby": "queue-heading" });
    const detail = h("section", { class: "mod-detail", "aria-labelledby": "detail-heading" });
    const notice = h("div", { class: "notice notice-warning", role: "status", hidden: true });

    const renderList = () => {
      setText(listHeading, "mod.queue_heading", { count: state.items.length });
      list.replaceChildren(...state.items.map((item) => h("li", {}, queueButton(item))));
      if (!state.items.length) list.append(h("li", { class: "empty" }, tx("p", "mod.empty")));
    };

    const queueButton = (item) => {
      const current = state.selected === key(item);
      const button = h(
        "button",
        { type: "button", class: "queue-item", "aria-current": current ? "true" : null, dataset: { key: key(item) } },
        h(
          "span",
          { class: "badges" },
          tx("span", `mod.type.${item.item_type}`, null, { class: "badge" }),
          item.queue_reason === "reported"
            ? tx("span", "mod.reported", { count: item.report_count }, { class: "badge badge-status-rejected" })
            : moderationBadge(item.status),
        ),
        h("span", { class: "queue-title" }, item.title ?? item.body),
        h(
          "span",
          { class: "meta" },
          h("span", {}, item.author.display_name),
          h("span", {}, item.action_field.title),
          timeEl(item.queued_at),
        ),
        item.claimed_by && item.claimed_by.id !== user.id
          ? tx("span", "mod.claimed_by", { name: item.claimed_by.display_name }, { class: "queue-claim" })
          : null,
      );
      button.addEventListener("click", () => select_(item, { focus: true }));
      return button;
    };

    const renderDetail = () => {
      const item = state.items.find((i) => key(i) === state.selected);
      if (!item) {
        detail.replaceChildren(tx("h2", "mod.nothing_selected", null, { id: "detail-heading", tabindex: "-1" }));
        return;
      }
      const heading = h("h2", { id: "detail-heading", tabindex: "-1" });
      if (item.item_type === "idea") heading.textContent = item.title;
      else setText(heading, "mod.comment_by", { name: item.author.display_name });
      const claimedByOther = item.claimed_by && item.claimed_by.id !== user.id;
      const actions = h("div", { class: "button-row mod-actions" });
      const action = (labelKey, shortcut, handler, primary = false) => {
        const button = h(
          "button",
          { type: "button", class: `button ${primary ? "button-primary" : "button-secondary"}`, "aria-keyshortcuts": shortcut },
          tx("span", labelKey),
          h("kbd", { "aria-hidden": "true" }, shortcut),
        );
        button.addEventListener("click", handler);
        return button;
      };
      actions.append(
        action(item.queue_reason === "reported" ? "mod.keep" : "mod.approve", "F", () => decide(item, "approve"), true),
        action("mod.reject_dots", "A", () => askReason(item, "reject")),
      );
      if (item.queue_reason === "reported" && (item.status === "published" || item.hidden_by_reports)) {
        actions.append(action("mod.hide_dots", "V", () => askReason(item, "hide")));
      }
      if (item.item_type === "idea") actions.append(action("mod.merge_dots", "Z", () => askMerge(item)));
      actions.append(action("mod.next", "J", () => move(1)));

      const history = h("ol", { class: "plain-list audit-list" });
      append(clear(detail), [
        heading,
        h(
          "p",
          { class: "badges" },
          tx("span", `mod.type.${item.item_type}`, null, { class: "badge" }),
          moderationBadge(item.status),
          item.hidden_by_reports ? tx("span", "mod.hidden_by_reports", null, { class: "badge badge-status-hidden" }) : null,
        ),
        item.item_type === "comment"
          ? h("p", {}, tx("span", "mod.on_idea"), " ", h("a", { href: `/idee.html?id=${item.idea_id}` }, item.idea_title))
          : h("p", {}, h("a", { href: `/idee.html?id=${item.item_id}` }, tx("span", "mod.open_idea"))),
        h(
          "p",
          { class: "meta" },
          h("span", { class: "meta-item" }, icon("user"), h("span", {}, item.author.display_name)),
          h("span", { class: "meta-item" }, h("span", {}, item.action_field.title)),
          timeEl(item.created_at),
        ),
        item.body ? h("p", { class: "prose mod-body" }, item.body) : null,
        item.reports.length
          ? h(
              "div",
              { class: "mod-reports" },
              tx("h3", "mod.reports_heading", { count: item.report_count }),
              h(
                "ul",
                {},
                item.reports.map((r) =>
                  h("li", {}, tx("strong", `report.reason.${r.reason}`), r.text ? h("span", {}, ` – ${r.text}`) : null, " ", timeEl(r.created_at)),
                ),
              ),
            )
          : null,
        claimedByOther
          ? tx("p", "mod.claimed_warning", { name: item.claimed_by.display_name }, { class: "notice notice-warning" })
          : null,
        actions,
        h("details", { class: "mod-history" }, tx("summary", "mod.history"), history),
      ]);
      loadHistory(item, history);
    };

    const loadHistory = async (item, target) => {
      try {
        const log = await api.get("/api/moderation/audit", { item_type: item.item_type, item_id: item.item_id, page_size: 20 });
        target.replaceChildren(
          ...log.items.map((entry) =>
            h(
              "li",
              {},
              timeEl(entry.created_at),
              " ",
              auditText(entry),
              entry.reason ? h("span", { class: "hint" }, ` – ${entry.reason}`) : null,
            ),
          ),
        );
        if (!log.items.length) target.append(h("li", {}, tx("span", "mod.history_empty", null, { class: "hint" })));
      } catch {
        target.replaceChildren(h("li", {}, tx("span", "error.generic", null, { class: "hint" })));
      }
    };

    // ---- selection, claims, decisions ----
    // claims, releases and decisions go out one after another: each may change the item's version,
    // and the next request must carry the version the previous one produced
    let chain = Promise.resolve();
    const serial = (work) => {
      const run = chain.then(work, work);
      chain = run.catch(() => {});
      return run;
    };
    const select_ = async (item, { focus = false } = {}) => {
      const previous = state.items.find((i) => key(i) === state.selected);
      if (previous && key(previous) !== key(item)) release(previous);
      state.selected = key(item);
      notice.hidden = true;
      renderList();
      renderDetail();
      if (focus) detail.querySelector("#detail-heading").focus();
      try {
        const claim = await serial(() =>
          api.post(`/api/moderation/${item.item_type}s/${item.item_id}/claim`, { version: item.version }),
        );
        Object.assign(item, { version: claim.version, claimed_by: claim.claimed_by, claimed_until: claim.claimed_until });
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) await load({});
      }
    };
    const release = (item) => {
      serial(async () => {
        const claim = await api.del(`/api/moderation/${item.item_type}s/${item.item_id}/claim`);
        item.version = claim.version;
      }).catch(() => {});
    };
    const move = (step) => {
      if (!state.items.length) return;
      const index = state.items.findIndex((i) => key(i) === state.selected);
      const next = state.items[Math.min(state.items.length - 1, Math.max(0, index + step))];
      select_(next, { focus: true });
    };
    const afterDecision = (item, announcementKey) => {
      const index = state.items.findIndex((i) => key(i) === key(item));
      state.items = state.items.filter((i) => key(i) !== key(item));
      const next = state.items[Math.min(index, state.items.length - 1)];
      state.selected = null;
      renderList();
      if (next) select_(next, { focus: true });
      else {
        renderDetail();
        detail.querySelector("#detail-heading").focus();
      }
      announce(announcementKey, { title: item.title ?? item.author.display_name });
    };
    const showError = (error) => {
      const text = errorText(error);
      notice.hidden = false;
      if (text.key) setText(notice, text.key);
      else notice.textContent = text.text;
    };
    const decide = async (item, action, body = {}) => {
      try {
        await serial(() =>
          api.post(`/api/moderation/${item.item_type}s/${item.item_id}/${action}`, { version: item.version, ...body }),
        );
        afterDecision(item, `mod.done.${action}`);
      } catch (error) {
        showError(error);
        if (error instanceof ApiError && error.status === 409) await load({});
        throw error;
      }
    };
    const askReason = (item, action) =>
      reasons.open({
        titleKey: action === "reject" ? "mod.reject_title" : "mod.hide_title",
        submitKey: action === "reject" ? "mod.reject" : "mod.hide",
        send: (body) => decide(item, action, body),
      });
    const askMerge = (item) =>
      merger.open({ item, send: (targetId) => decide(item, "merge", { target_id: targetId }) });

    // ---- keyboard shortcuts ----
    const help = h(
      "details",
      { class: "shortcuts", id: "shortcuts" },
      tx("summary", "mod.shortcuts"),
      h(
        "dl",
        { class: "facts" },
        ["J", "K", "F", "A", "V", "Z", "?"].map((k) => h("div", {}, h("dt", {}, h("kbd", {}, k)), tx("dd", `mod.shortcut.${k === "?" ? "help" : k.toLowerCase()}`))),
      ),
    );
    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (document.querySelector("dialog[open]")) return;
      if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
      const item = state.items.find((i) => key(i) === state.selected);
      const shortcuts = {
        j: () => move(1),
        n: () => move(1),
        k: () => move(-1),
        "?": () => {
          help.open = true;
          help.querySelector("summary").focus();
        },
      };
      if (item) {
        shortcuts.f = () => decide(item, "approve").catch(() => {});
        shortcuts.a = () => askReason(item, "reject");
        if (detail.querySelector('[aria-keyshortcuts="V"]')) shortcuts.v = () => askReason(item, "hide");
        if (item.item_type === "idea") shortcuts.z = () => askMerge(item);
      }
      const run = shortcuts[event.key.toLowerCase()] ?? shortcuts[event.key];
      if (run) {
        event.preventDefault();
        run();
      }
    });

    // ---- data and live ----
    const load = async ({ announceResult = false } = {}) => {
      const queue = await api.get("/api/moderation/queue", { action_field: state.filter, limit: 200 });
      state.items = queue.items;
      state.counts = queue.counts;
      state.total = queue.total;
      renderFilter();
      if (!state.items.some((i) => key(i) === state.selected)) state.selected = state.items[0] ? key(state.items[0]) : null;
      renderList();
      renderDetail();
      if (announceResult) announce("mod.queue_loaded", { count: state.items.length });
    };

    let refreshTimer = null;
    const refreshSoon = () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => load({}), 300); // counts per field come with the queue
    };
    const live = follow(
      fields.map((f) => `moderation:${f.id}`),
      {
        apply(event) {
          const data = event.data ?? {};
          if (event.type === "moderation.item_queued") {
            const isNew = !state.items.some((i) => key(i) === key(data));
            refreshSoon();
            return isNew ? { key: "mod.live_new", args: { title: data.title ?? data.body } } : null;
          }
          if (event.type === "moderation.item_decided") {
            const mine = data.moderator?.id === user.id;
            if (!mine && key(data) === state.selected && !data.in_queue) {
              notice.hidden = false;
              setText(notice, "mod.decided_by_other", { name: data.moderator?.display_name ?? "" });
            }
            refreshSoon();
            return mine ? null : { key: "mod.live_decided", args: { name: data.moderator?.display_name ?? "" } };
          }
          if (event.type === "moderation.item_claimed" || event.type === "moderation.item_released") {
            const item = state.items.find((i) => key(i) === key(data));
            if (item) {
              Object.assign(item, { version: data.version, claimed_by: data.claimed_by, claimed_until: data.claimed_until });
              renderList();
              if (key(item) === state.selected && data.claimed_by && data.claimed_by.id !== user.id) renderDetail();
            }
            return null;
          }
          return null;
        },
        onResync: () => load({}),
      },
    );

    main.append(
      filterForm,
      live.element,
      help,
      notice,
      h("div", { class: "mod-layout" }, h("section", { class: "mod-queue", "aria-labelledby": "queue-heading" }, listHeading, list), detail),
    );
    await load({});
    if (state.selected) {
      const first = state.items.find((i) => key(i) === state.selected);
      if (first) select_(first);
    }
    live.ready();
  },
});
