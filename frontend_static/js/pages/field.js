// An action field: description, its ideas (sort, filter, search, pages) and live changes.
import { ApiError, api } from "../api.js";
import { breadcrumb, fieldStatusBadge, loadReference } from "../components.js";
import { h, icon, tx } from "../dom.js";
import { ideaList } from "../idea-list.js";
import { follow } from "../live.js";
import { page, setTitle } from "../shell.js";

function header(f) {
  const title = h("h1", { id: "field-title" }, f.title);
  const summary = h("p", { class: "lead" }, f.summary);
  const status = h("div", { class: "badges" }, f.status !== "open" ? fieldStatusBadge(f.status) : null);
  const note = tx("p", f.moderation_mode === "pre" ? "field.premoderated" : "field.postmoderated", null, {
    class: "hint",
  });
  const description = f.description
    ? h("details", { class: "description" }, tx("summary", "field.about"), h("p", { class: "prose" }, f.description))
    : null;
  const cta =
    f.status === "open"
      ? h(
          "p",
          { class: "button-row" },
          h(
            "a",
            { class: "button button-primary", href: `/einreichen.html?feld=${encodeURIComponent(f.slug)}` },
            icon("plus"),
            tx("span", "start.cta_submit"),
          ),
        )
      : tx("p", "field.closed_note", null, { class: "notice" });
  return { element: h("div", { class: "page-head" }, title, status, summary, note, description, cta), title, summary };
}

page({
  title: { key: "field.title_fallback" },
  active: "home",
  async render(main, { user }) {
    const slug = new URLSearchParams(location.search).get("slug");
    if (!slug) throw new ApiError(404, {});
    const [f, reference] = await Promise.all([api.get(`/api/action-fields/${encodeURIComponent(slug)}`), loadReference()]);
    setTitle({ text: f.title });
    let open = f.status === "open";
    const head = header(f);
    const list = ideaList({ fixed: { action_field: f.slug }, user, reference, isOpen: () => open });
    const live = follow(`field:${f.id}`, {
      apply(event) {
        if (event.type === "action_field.updated") {
          if (event.data.title) head.title.textContent = event.data.title;
          if (event.data.summary !== undefined) head.summary.textContent = event.data.summary;
          if (event.data.status) open = event.data.status === "open";
          return { key: "live.field_updated" };
        }
        return list.applyEvent(event);
      },
      onResync: () => list.load(),
    });
    main.append(
      breadcrumb([{ key: "nav.home", href: "/" }, { text: f.title }]),
      head.element,
      live.element,
      list.element,
    );
    await list.load();
    live.ready();
  },
});
