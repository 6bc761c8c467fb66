import { el } from "./dom.js";

// A list of labelled bars; shared by the kinds that count per option.
export function bars(rows, { valueText } = {}) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  return el("ul", { class: "bars" }, rows.map((row) =>
    el("li", { "data-bar": row.label },
      el("div", { class: "bar-label" }, el("span", { text: row.label }),
        el("span", { "data-value": "", text: valueText ? valueText(row) : String(row.value) })),
      el("div", { class: "bar-track", "aria-hidden": "true" },
        el("div", { class: "bar-fill", style: `width:${(100 * row.value) / max}%` })))));
}
