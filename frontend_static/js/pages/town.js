// Ideas from one town (or the whole Kreis) across all action fields.
import { ApiError } from "../api.js";
import { breadcrumb, loadReference } from "../components.js";
import { h, tx } from "../dom.js";
import { ideaList } from "../idea-list.js";
import { page, setTitle } from "../shell.js";

page({
  title: { key: "town.title_fallback" },
  active: "home",
  async render(main, { user }) {
    const slug = new URLSearchParams(location.search).get("ort");
    const reference = await loadReference();
    const place = reference.municipalities.find((m) => m.slug === slug);
    if (!place) throw new ApiError(404, {});
    const titleKey = place.kind === "district" ? "town.title_district" : "town.title";
    setTitle({ key: titleKey, args: { name: place.name } });
    const open = new Map(reference.fields.map((f) => [f.id, f.status === "open"]));
    const list = ideaList({
      fixed: { municipality: place.slug },
      user,
      reference,
      isOpen: (idea) => open.get(idea.action_field.id) ?? false,
    });
    main.append(
      breadcrumb([{ key: "nav.home", href: "/" }, { text: place.name }]),
      h("div", { class: "page-head" }, tx("h1", titleKey, { name: place.name }), tx("p", "town.lead", null, { class: "lead" })),
      list.element,
    );
    await list.load();
  },
});
