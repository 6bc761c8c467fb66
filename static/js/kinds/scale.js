import { el } from "../dom.js";
import { t } from "../i18n.js";

export function renderResult(result, definition) {
  const points = [];
  for (let p = definition.min; p <= definition.max; p += 1) points.push(p);
  return el("ul", { class: "bars" }, result.statements.map((statement) => {
    const max = Math.max(1, ...statement.distribution);
    return el("li", { "data-statement": statement.text },
      el("div", { class: "bar-label" }, el("span", { text: statement.text }),
        el("span", { "data-mean": "", text: statement.mean === null ? "–" : t("mean", { m: statement.mean }) })),
      el("div", { class: "scale-hist", style: "display:flex;gap:3px;align-items:flex-end;height:2.4em", "aria-hidden": "true" },
        statement.distribution.map((count, index) =>
          el("div", { title: `${points[index]}: ${count}`,
                      style: `flex:1;background:currentColor;opacity:0.75;height:${Math.max(4, (100 * count) / max)}%` }))),
      el("div", { class: "muted scale-ends", style: "display:flex;justify-content:space-between;font-size:0.8em" },
        el("span", { text: `${definition.min} ${definition.min_label}` }),
        el("span", { text: `${definition.max} ${definition.max_label}` })));
  }));
}

export function buildForm(definition, previous) {
  const rows = definition.statements.map((statement, row) => {
    const options = [];
    for (let point = definition.min; point <= definition.max; point += 1) {
      const id = `scale-${row}-${point}`;
      options.push(el("label", { for: id },
        el("input", { type: "radio", id, name: `scale-${row}`, value: point, checked: previous?.[row] === point }),
        String(point)));
    }
    return el("fieldset", { class: "scale-row" }, el("legend", { text: statement }),
      el("div", { class: "scale-options" }, options),
      el("div", { class: "muted", style: "display:flex;justify-content:space-between;font-size:0.85em" },
        el("span", { text: definition.min_label }), el("span", { text: definition.max_label })));
  });
  const node = el("div", {}, rows);
  return {
    node,
    value: () => rows.map((row) => {
      const checked = row.querySelector("input:checked");
      return checked ? Number(checked.value) : null;
    }),
  };
}

// What was saved, in words, for the phone's confirmation.
export function summarize(definition, value) {
  return definition.statements.map((statement, row) =>
    `${statement}: ${value?.[row] ?? t("skipped")}`);
}
