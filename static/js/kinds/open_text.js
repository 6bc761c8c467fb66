import { el } from "../dom.js";
import { t } from "../i18n.js";

export function renderResult(result) {
  if (!result.answers.length) return el("p", { class: "muted", text: t("no_answers") });
  return el("ul", { class: "texts", "data-texts": "" }, result.answers.map((answer) =>
    el("li", { text: answer.text })));
}

export function buildForm(definition, previous) {
  const area = el("textarea", { id: "open-text", maxlength: definition.max_length, rows: 5 });
  area.value = previous ?? "";
  const counter = el("p", { class: "muted", "aria-live": "polite" });
  const update = () => { counter.textContent = t("chars_left", { n: definition.max_length - area.value.length }); };
  area.addEventListener("input", update);
  update();
  const node = el("div", { class: "field" },
    el("label", { for: "open-text", class: "visually-hidden", text: definition.question }), area, counter);
  return { node, value: () => area.value.trim() };
}

// What was saved, in words, for the phone's confirmation.
export function summarize(definition, value) {
  return value ? [value] : [];
}
