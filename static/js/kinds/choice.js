import { el } from "../dom.js";
import { bars } from "../bars.js";

export function renderResult(result, definition) {
  return bars(definition.options.map((label, index) => ({ label, value: result.counts[index] })));
}

export function buildForm(definition, previous) {
  const multiple = definition.multiple;
  const chosen = new Set(previous ?? []);
  const list = el("ul", { class: "choice-list" }, definition.options.map((label, index) =>
    el("li", {}, el("label", { class: "option" },
      el("input", { type: multiple ? "checkbox" : "radio", name: "choice", value: index,
                    checked: chosen.has(index) }),
      el("span", { text: label })))));
  const fieldset = el("fieldset", { style: "border:none;padding:0;margin:0" },
    el("legend", { class: "visually-hidden", text: definition.question }), list);
  return {
    node: fieldset,
    value: () => [...fieldset.querySelectorAll("input:checked")].map((input) => Number(input.value)),
  };
}
