// Staff overview: every action field (archived too) with links to edit them, and "create new".
import { api } from "../api.js";
import { fieldStatusBadge } from "../components.js";
import { h, icon, tx } from "../dom.js";
import { isStaff, page } from "../shell.js";
import { exportSection } from "./staff-exports.js";

function staffOnly(main, user) {
  if (isStaff(user)) return true;
  main.append(h("div", { class: "notice notice-error" }, tx("p", user ? "staff.forbidden" : "staff.login_required")));
  return false;
}

page({
  title: { key: "staff.title" },
  active: "staff",
  async render(main, { user }) {
    main.append(h("div", { class: "page-head" }, tx("h1", "staff.title"), tx("p", "staff.lead", null, { class: "lead" })));
    if (!staffOnly(main, user)) return;
    main.querySelector(".page-head").append(
      h("p", {}, h("a", { class: "button button-secondary", href: "/team-werkstaetten.html" }, tx("span", "staff_ws.link"))),
    );
    const fields = await api.get("/api/action-fields", { include_archived: true });
    const list = h(
      "ul",
      { class: "card-list" },
      fields.map((f) =>
        h(
          "li",
          {},
          h(
            "article",
            { class: "card" },
            h("h3", { class: "card-title" }, h("a", { href: `/team-feld.html?slug=${encodeURIComponent(f.slug)}` }, f.title)),
            h(
              "p",
              { class: "badges" },
              fieldStatusBadge(f.status),
              tx("span", `moderation_mode.${f.moderation_mode}`, null, { class: "badge" }),
            ),
            h(
              "dl",
              { class: "facts" },
              h("div", {}, tx("dt", "staff.col_ideas"), h("dd", {}, String(f.idea_count))),
              h(
                "div",
                {},
                tx("dt", "staff.col_moderators"),
                f.moderators.length
                  ? h("dd", {}, f.moderators.map((m) => m.display_name).join(", "))
                  : tx("dd", "staff.no_moderators"),
              ),
              h("div", {}, tx("dt", "staff.col_slug"), h("dd", {}, h("code", {}, f.slug))),
            ),
          ),
        ),
      ),
    );
    main.append(
      h(
        "section",
        { "aria-labelledby": "staff-fields" },
        h(
          "div",
          { class: "section-head" },
          tx("h2", "staff.fields_heading", null, { id: "staff-fields" }),
          h("a", { class: "button button-primary", href: "/team-feld.html" }, icon("plus"), tx("span", "staff.new_field")),
        ),
        list,
      ),
    );
    const workshops = await api.get("/api/workshops").catch(() => []);
    main.append(exportSection(fields, workshops));
  },
});
