// Results of any kind, in the current view: one group for everyone, or small
// multiples per municipality, or one municipality against the rest. Groups too
// small to show (the server marks them suppressed) never carry data.
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { KINDS } from "./kinds/index.js";

export function renderResults(container, results, item, municipalities = []) {
  container.replaceChildren();
  if (!results || !item || !item.activity_kind) return;
  const kind = KINDS[item.activity_kind];
  const names = new Map(municipalities.map((m) => [m.id, m.name]));
  const single = results.mode === "all";
  const groups = el("div", { class: single ? "groups single" : "groups", "data-groups": "" });
  for (const group of results.groups) {
    const label = group.key === "all" ? null
      : group.key === "rest" ? t("rest") : group.key === "others" ? t("others")
        : names.get(group.municipality_id) ?? group.label;
    const box = el("section", { class: "group", "data-group": group.key });
    if (label) {
      box.append(el("h3", {}, el("span", { text: label }),
        group.suppressed ? null : el("span", { class: "respondents", text: t("respondents", { n: group.n }) })));
    } else {
      // The whole room's count shows even while its answers are held back.
      box.append(el("p", { class: "respondents", "data-respondents": "", text: t("respondents", { n: results.respondents }) }));
    }
    if (group.suppressed) {
      box.append(el("p", { class: "suppressed", "data-suppressed": "", text: t("suppressed", { min: results.min_group }) }));
    } else if (group.result) {
      box.append(kind.renderResult(group.result, item.definition, { municipalities: names }));
    }
    groups.append(box);
  }
  container.append(groups);
}

// Results of the same item can arrive out of order when several server
// processes send them; a tally with a lower revision is older than the one shown.
export function newer(next, shown) {
  return !shown || shown.item_id !== next.item_id || next.revision >= shown.revision;
}
