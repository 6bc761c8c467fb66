import { el } from "../dom.js";
import { t } from "../i18n.js";
import { bars } from "../bars.js";

export function renderResult(result, definition) {
  return bars(definition.options.map((label, index) => ({ label, value: result.counts[index] })));
}

// Several answers allowed: say how many, and once the most allowed are
// ticked the other boxes cannot be ticked (untick one to change).
export function buildForm(definition, previous) {
  const multiple = definition.multiple;
  const most = multiple ? definition.max_choices ?? definition.options.length : 1;
  const chosen = new Set(previous ?? []);
  const hintId = "choice-hint";
  const hint = multiple
    ? el("p", { class: "hint", id: hintId, "data-choice-hint": "",
                text: most < definition.options.length ? t("choose_up_to", { n: most }) : t("choose_any") })
    : null;
  const inputs = definition.options.map((label, index) =>
    el("input", { type: multiple ? "checkbox" : "radio", name: "choice", value: index,
                  checked: chosen.has(index) }));
  const list = el("ul", { class: "choice-list" }, definition.options.map((label, index) =>
    el("li", {}, el("label", { class: "option" }, inputs[index], el("span", { text: label })))));
  const limit = () => {
    if (!multiple) return;
    const full = inputs.filter((input) => input.checked).length >= most;
    for (const input of inputs) input.disabled = full && !input.checked;
  };
  list.addEventListener("change", limit);
  limit();
  const fieldset = el("fieldset", { class: "bare-fieldset", "aria-describedby": hint ? hintId : null },
    el("legend", { class: "visually-hidden", text: definition.question }), hint, list);
  return {
    node: fieldset,
    value: () => inputs.filter((input) => input.checked).map((input) => Number(input.value)),
  };
}

// What was saved, in words, for the phone's confirmation.
export function summarize(definition, value) {
  return (value ?? []).map((index) => definition.options[index]).filter(Boolean);
}
