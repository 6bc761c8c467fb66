import { el } from "../dom.js";
import { t } from "../i18n.js";

export function renderResult(result) {
  if (!result.questions.length) return el("p", { class: "muted", text: t("no_answers") });
  return el("ol", { class: "texts", "data-questions": "" }, result.questions.map((question) =>
    el("li", { "data-question": question.id, class: question.answered ? "answered" : "" },
      el("strong", { text: `${question.pinned ? "📌 " : ""}▲ ${question.votes}  ` }),
      el("span", { text: question.text }))));
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

// This phone's votes: the saved ones, then what still waits in the outbox.
function myVotes(saved, pending) {
  const votes = new Set();
  for (const [slot, value] of saved) {
    if (slot.startsWith("up:") && value.on) votes.add(value.upvote);
  }
  for (const entry of pending) {
    if (entry.value.upvote === undefined) continue;
    if (entry.value.on) votes.add(entry.value.upvote); else votes.delete(entry.value.upvote);
  }
  return votes;
}

export function renderPhone(result, { saved, pending, submit }) {
  const votes = myVotes(saved, pending);
  return el("ul", { class: "qa-list", "data-vote-list": "" }, result.questions.map((question) => {
    const on = votes.has(question.id);
    return el("li", {}, el("span", { text: question.text }),
      el("button", { type: "button", class: "small", "aria-pressed": String(on),
                     "aria-label": `${t("upvote")}: ${question.text}`,
                     onclick: () => submit(`up:${question.id}`, { upvote: question.id, on: !on }) },
        `▲ ${question.votes}`));
  }));
}

// The facilitator marks questions answered and pins one to the top.
export function consolePanel(item, { results, act }) {
  const all = results?.groups?.find((group) => group.key === "all")?.result;
  if (!all?.questions?.length) return null;
  return el("div", {}, el("h2", { text: t("qa_manage") }), el("ul", { class: "texts", "data-qa-panel": "" }, all.questions.map((question) =>
    el("li", { class: question.answered ? "answered" : "" },
      el("span", { text: `▲ ${question.votes} ${question.text} ` }),
      el("button", { type: "button", class: "small", "aria-pressed": String(question.pinned),
                     onclick: () => act("pin", { question_id: question.pinned ? null : question.id }) },
        question.pinned ? t("unpin") : t("pin")),
      el("button", { type: "button", class: "small", "aria-pressed": String(question.answered),
                     onclick: () => act("answered", { question_id: question.id, answered: !question.answered }) },
        question.answered ? t("not_answered") : t("mark_answered"))))));
}
