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

// The facilitator approves questions (when the item is moderated), marks
// them answered and pins one to the top.
export function consolePanel(item, { results, act }) {
  const seen = new Map();
  for (const group of results?.groups ?? []) {
    for (const question of group.result?.questions ?? []) seen.set(question.id, question);
  }
  const questions = [...seen.values()];
  if (!questions.length) return null;
  const moderated = item.definition?.moderated;
  const waiting = questions.filter((question) => !question.approved);
  const approved = questions.filter((question) => question.approved);
  const button = (key, label, pressed, onclick) => el("button", {
    type: "button", class: "small", "data-focus-key": key, onclick,
    ...(pressed === null ? {} : { "aria-pressed": String(pressed) }) }, label);
  const waitingList = moderated && waiting.length ? [el("h3", { text: t("waiting_approval") }),
    el("ul", { class: "texts", "data-qa-waiting": "" }, waiting.map((question) =>
      el("li", { "data-waiting-question": question.id }, el("span", { text: `${question.text} ` }),
        button(`approve-${question.id}`, t("approve"), null,
          () => act("approve", { question_id: question.id, approved: true })))))] : [];
  return el("div", {}, el("h2", { text: t("qa_manage") }), ...waitingList,
    el("ul", { class: "texts", "data-qa-panel": "" }, approved.map((question) =>
      el("li", { class: question.answered ? "answered" : "" },
        el("span", { text: `▲ ${question.votes} ${question.text} ` }),
        button(`pin-${question.id}`, question.pinned ? t("unpin") : t("pin"), question.pinned,
          () => act("pin", { question_id: question.pinned ? null : question.id })),
        button(`answered-${question.id}`, question.answered ? t("not_answered") : t("mark_answered"), question.answered,
          () => act("answered", { question_id: question.id, answered: !question.answered })),
        moderated ? button(`approve-${question.id}`, t("unapprove"), null,
          () => act("approve", { question_id: question.id, approved: false })) : null))));
}
