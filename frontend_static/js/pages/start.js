// Start page: the Handlungsfelder, the Kreis and its towns, how participation works.
import { fieldStatusBadge, loadReference } from "../components.js";
import { h, icon, tx } from "../dom.js";
import { page } from "../shell.js";

function fieldCard(f) {
  return h(
    "li",
    {},
    h(
      "article",
      { class: "card field-card" },
      h("h3", { class: "card-title" }, h("a", { href: `/feld.html?slug=${encodeURIComponent(f.slug)}` }, f.title)),
      f.summary ? h("p", {}, f.summary) : null,
      h(
        "p",
        { class: "meta" },
        h("span", { class: "meta-item meta-strong" }, tx("span", "field.idea_count", { count: f.idea_count })),
        f.status !== "open" ? fieldStatusBadge(f.status) : null,
        f.moderation_mode === "pre" ? tx("span", "field.premoderated_short", null, { class: "badge" }) : null,
      ),
    ),
  );
}

function placeList(municipalities) {
  const district = municipalities.find((m) => m.kind === "district");
  const towns = municipalities.filter((m) => m.kind !== "district");
  const link = (m) => h("a", { href: `/ideen.html?ort=${encodeURIComponent(m.slug)}` }, m.name);
  return h(
    "div",
    { class: "places" },
    district
      ? h("p", { class: "place-district" }, icon("place"), tx("span", "start.district_ideas"), " ", link(district))
      : null,
    h("ul", { class: "place-list" }, towns.map((m) => h("li", {}, link(m)))),
  );
}

function steps() {
  return h(
    "ol",
    { class: "steps" },
    ["submit", "discuss", "answer"].map((step) =>
      h("li", {}, tx("h3", `start.step_${step}_title`), tx("p", `start.step_${step}_text`)),
    ),
  );
}

page({
  title: { key: "shell.title_home" },
  active: "home",
  async render(main, { user }) {
    const { municipalities, fields } = await loadReference();
    main.append(
      h(
        "section",
        { class: "hero" },
        tx("h1", "start.title"),
        tx("p", "start.lead", null, { class: "lead" }),
        h(
          "p",
          { class: "button-row" },
          h("a", { class: "button button-primary", href: "/einreichen.html" }, icon("plus"), tx("span", "start.cta_submit")),
          user ? null : tx("a", "start.cta_register", null, { class: "button button-secondary", href: "/registrieren.html" }),
        ),
      ),
      h(
        "section",
        { "aria-labelledby": "fields-heading" },
        tx("h2", "start.fields_heading", null, { id: "fields-heading" }),
        tx("p", "start.fields_intro"),
        h("ul", { class: "card-grid" }, fields.map(fieldCard)),
      ),
      h(
        "section",
        { "aria-labelledby": "places-heading" },
        tx("h2", "start.places_heading", null, { id: "places-heading" }),
        tx("p", "start.places_intro"),
        placeList(municipalities),
      ),
      h(
        "section",
        { "aria-labelledby": "steps-heading" },
        tx("h2", "start.steps_heading", null, { id: "steps-heading" }),
        steps(),
      ),
    );
  },
});
