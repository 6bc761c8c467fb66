import { el } from "../dom.js";
import { t } from "../i18n.js";

export function renderResult(result) {
  if (!result.words.length) return el("p", { class: "muted", text: t("no_answers") });
  const max = Math.max(...result.words.map((word) => word.count));
  return el("div", { class: "cloud", "data-cloud": "" }, result.words.map((word) =>
    el("span", { "data-word": word.key, title: String(word.count),
                 style: `font-size:${(1 + 2.2 * (word.count / max)).toFixed(2)}em`, text: word.word })));
}

export function buildForm(definition, previous) {
  const inputs = [];
  for (let index = 0; index < definition.max_entries; index += 1) {
    inputs.push(el("input", { type: "text", maxlength: definition.max_length, autocomplete: "off",
                              id: `word-${index}`, value: previous?.[index] ?? "" }));
  }
  const node = el("div", {}, inputs.map((input, index) =>
    el("div", { class: "field" }, el("label", { for: input.id, text: t("word_n", { n: index + 1 }) }), input)));
  return { node, value: () => inputs.map((input) => input.value.trim()).filter(Boolean) };
}
