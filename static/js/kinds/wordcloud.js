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

// The facilitator merges spellings and variants into one word, and sees
// and undoes every merge made; words hidden one by one (from the moderation
// list) are listed here to show again.
export function consolePanel(item, { act }) {
  const variant = el("input", { id: "merge-variant", type: "text", maxlength: 100, "data-merge-variant": "",
                                "data-focus-key": "merge-variant" });
  const into = el("input", { id: "merge-into", type: "text", maxlength: 100, "data-merge-into": "",
                             "data-focus-key": "merge-into" });
  const form = el("form", { class: "controls", "data-merge-form": "" },
    el("div", {}, el("label", { for: "merge-variant", text: t("merge_word") }), variant),
    el("div", {}, el("label", { for: "merge-into", text: t("merge_into") }), into),
    el("button", { type: "submit", "data-focus-key": "merge-submit", text: t("merge") }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act("merge", { variant: variant.value, into: into.value });
    variant.value = "";
  });
  const merges = Object.entries(item.state?.merges ?? {});
  const list = el("ul", { class: "texts", "data-merges": "" }, merges.map(([word, target]) =>
    el("li", {}, el("span", { text: `${word} → ${target} ` }),
      el("button", { type: "button", class: "small", "data-focus-key": `unmerge-${word}`,
                     onclick: () => act("unmerge", { variant: word }) },
        t("unmerge")))));
  const hidden = item.state?.hidden_words ?? [];
  const hiddenList = hidden.length ? [el("h3", { text: t("hidden_words") }),
    el("ul", { class: "texts", "data-hidden-words": "" }, hidden.map((word) =>
      el("li", { class: "hidden-answer" }, el("span", { text: `${word} ` }),
        el("button", { type: "button", class: "small", "data-focus-key": `unhide-${word}`,
                       onclick: () => act("hide_word", { word, hidden: false }) }, t("show")))))] : [];
  return el("div", {}, el("h2", { text: t("merge_words") }), form, list, ...hiddenList);
}

// What was saved, in words, for the phone's confirmation.
export function summarize(definition, value) {
  return value?.length ? [value.join(", ")] : [];
}
