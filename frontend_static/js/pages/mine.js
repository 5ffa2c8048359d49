// "Meine Beiträge": the account's own ideas in every moderation state.
import { api } from "../api.js";
import { ideaCard, loadReference, pagination } from "../components.js";
import { h, icon, tx } from "../dom.js";
import { loginUrl, page } from "../shell.js";

const PAGE_SIZE = 20;

page({
  title: { key: "mine.title" },
  active: "mine",
  async render(main, { user }) {
    main.append(h("div", { class: "page-head" }, tx("h1", "mine.title"), tx("p", "mine.lead", null, { class: "lead" })));
    if (!user) {
      main.append(h("p", { class: "notice" }, tx("a", "mine.login", null, { href: loginUrl() })));
      return;
    }
    const { fields } = await loadReference();
    const open = new Map(fields.map((f) => [f.id, f.status === "open"]));
    const list = h("ol", { class: "card-list", "aria-labelledby": "mine-heading" });
    const pager = h("div", { class: "pager" });
    const heading = tx("h2", "mine.ideas_heading", null, { id: "mine-heading", tabindex: "-1" });
    main.append(h("section", { "aria-labelledby": "mine-heading" }, heading, list, pager));

    async function load(pageNumber, focus = false) {
      const result = await api.get("/api/ideas", { mine: true, sort: "newest", page: pageNumber, page_size: PAGE_SIZE });
      list.replaceChildren(
        ...result.items.map((idea) =>
          h("li", {}, ideaCard(idea, { user, open: open.get(idea.action_field.id) ?? false, showField: true, showStatus: true })),
        ),
      );
      if (!result.items.length) {
        list.append(
          h(
            "li",
            { class: "empty" },
            tx("p", "mine.empty"),
            h("p", {}, h("a", { class: "button button-primary", href: "/einreichen.html" }, icon("plus"), tx("span", "start.cta_submit"))),
          ),
        );
      }
      pager.replaceChildren(
        pagination({
          page: pageNumber,
          total: result.total,
          pageSize: PAGE_SIZE,
          hrefFor: (p) => `?seite=${p}`,
          onGo: (p) => {
            history.pushState(null, "", `?seite=${p}`);
            load(p, true);
          },
        }) ?? "",
      );
      if (focus) heading.focus();
    }
    const initial = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get("seite") || "1", 10) || 1);
    await load(initial);
  },
});
