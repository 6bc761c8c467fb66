import { el } from "../dom.js";
import { t } from "../i18n.js";
import { bars } from "../bars.js";

export function renderResult(result) {
  return bars(result.options.map((option) => ({ label: option.label, value: option.sum })),
    { valueText: (row) => t("points", { n: row.value }) });
}

export function buildForm(definition, previous) {
  const inputs = definition.options.map((label, index) =>
    el("input", { type: "number", min: 0, max: definition.total, step: 1, inputmode: "numeric",
                  id: `points-${index}`, value: previous?.[index] ?? 0 }));
  const left = el("p", { class: "status-line", "aria-live": "polite", "data-points-left": "" });
  const sum = () => inputs.reduce((total, input) => total + (Number.parseInt(input.value, 10) || 0), 0);
  const update = () => {
    const remaining = definition.total - sum();
    left.textContent = remaining >= 0 ? t("points_left", { n: remaining }) : t("points_over", { n: -remaining });
    left.classList.toggle("failed", remaining < 0);
  };
  inputs.forEach((input) => input.addEventListener("input", update));
  update();
  const node = el("div", {}, definition.options.map((label, index) =>
    el("div", { class: "points-row" }, el("label", { for: inputs[index].id, text: label }), inputs[index])), left);
  return { node, value: () => inputs.map((input) => Number.parseInt(input.value, 10) || 0) };
}

// What was saved, in words, for the phone's confirmation.
export function summarize(definition, value) {
  return definition.options.map((label, index) => [label, value?.[index] ?? 0])
    .filter(([, points]) => points > 0)
    .map(([label, points]) => `${label}: ${t("points", { n: points })}`);
}
