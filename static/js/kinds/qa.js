import { el } from "../dom.js";
import { t } from "../i18n.js";

export function renderResult(result) {
  if (!result.questions.length) return el("p", { class: "muted", text: t("no_answers") });
  return el("ol", { class: "texts", "data-questions": "" }, result.questions.map((question) =>
    el("li", { "data-question": question.key },
      el("strong", { text: `▲ ${question.votes}  ` }), el("span", { text: question.text }))));
}

// Q&A: phones ask, and vote on what others asked. The questions list comes
// from the results, which phones always get for this kind.
export function buildForm(definition) {
  const input = el("textarea", { id: "qa-ask", maxlength: definition.max_length, rows: 3 });
  const node = el("div", { class: "field" }, el("label", { for: "qa-ask", text: t("ask") }), input);
  return {
    node,
    value: () => ({ ask: input.value.trim() }),
    clearAfterSend: () => { input.value = ""; },
    submitLabel: t("ask_send"),
  };
}

export function voteList(result, myVotes, vote) {
  return el("ul", { class: "qa-list", "data-vote-list": "" }, result.questions.map((question) => {
    const on = myVotes.has(question.key);
    return el("li", {}, el("span", { text: question.text }),
      el("button", { type: "button", class: "small", "aria-pressed": String(on),
                     "aria-label": `${t("upvote")}: ${question.text}`, onclick: () => vote(question.key, !on) },
        `▲ ${question.votes}`));
  }));
}
