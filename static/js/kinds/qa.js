import { el } from "../dom.js";
import { formatNumber, t } from "../i18n.js";

export function renderResult(result) {
  if (!result.questions.length) return el("p", { class: "muted", text: t("no_answers") });
  return el("ol", { class: "texts", "data-questions": "" }, result.questions.map((question) =>
    el("li", { "data-question": question.id, class: question.answered ? "answered" : "" },
      el("strong", { text: `${question.pinned ? "📌 " : ""}▲ ${question.votes}  ` }),
      el("span", { text: question.text }))));
}

// Q&A: phones ask, and vote on what others asked. The questions list comes
// from the results, which phones always get for this kind.
// `previous` is the phone's unsent draft of a question, if any.
export function buildForm(definition, previous) {
  const input = el("textarea", { id: "qa-ask", maxlength: definition.max_length, rows: 3 });
  input.value = previous?.ask ?? "";
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

// Moves a row without taking it out of the page where the browser can
// (moveBefore keeps focus); else puts focus back where it was.
function place(list, row, before) {
  if (row.parentNode === list && typeof list.moveBefore === "function") {
    list.moveBefore(row, before);
    return;
  }
  const focused = row.contains(document.activeElement) ? document.activeElement : null;
  list.insertBefore(row, before);
  focused?.focus({ preventScroll: true });
}

// The questions to vote on. Redrawn in place, row by row (by question id),
// so a focused vote button stays focused whenever anyone asks or votes.
// Votes count only while the question is open: otherwise the buttons say so
// and do nothing (aria-disabled keeps them focusable).
export function renderPhone(result, { item, saved, pending, submit, previous }) {
  const votes = myVotes(saved, pending);
  const open = item.status === "open";
  const list = previous?.matches?.("[data-vote-list]") ? previous
    : el("ul", { class: "qa-list", "data-vote-list": "" });
  const rows = new Map([...list.children].map((row) => [row.dataset.questionId, row]));
  const wanted = result.questions.map((question) => {
    let row = rows.get(String(question.id));
    rows.delete(String(question.id));
    if (!row) {
      const button = el("button", { type: "button", class: "small vote" });
      row = el("li", { "data-question-id": question.id }, el("span", { class: "qa-text" }), button);
      button.addEventListener("click", () => row.vote?.());
    }
    const on = votes.has(question.id);
    const button = row.querySelector("button");
    row.querySelector(".qa-text").textContent = `${question.pinned ? "📌 " : ""}${question.text}`;
    row.classList.toggle("answered", Boolean(question.answered));
    button.textContent = `▲ ${formatNumber(question.votes)}`;
    button.setAttribute("aria-pressed", String(on));
    button.setAttribute("aria-label", t("upvote_label", { text: question.text, n: question.votes }));
    if (open) button.removeAttribute("aria-disabled");
    else button.setAttribute("aria-disabled", "true");
    row.vote = open ? () => submit(`up:${question.id}`, { upvote: question.id, on: !on }) : null;
    return row;
  });
  for (const gone of rows.values()) gone.remove();
  wanted.forEach((row, index) => {
    if (list.children[index] !== row) place(list, row, list.children[index] ?? null);
  });
  return list;
}

// The heading over the questions to vote on.
export function phoneHeading() {
  return t("qa_manage");
}

// What a screen reader hears when the list changes: a new question, or a
// new one on top. Vote counts going up stay silent.
export function announce(before, after) {
  if (!before) return null;
  const known = new Set(before.questions.map((question) => question.id));
  const added = after.questions.filter((question) => !known.has(question.id));
  if (added.length === 1) return t("qa_new", { text: added[0].text });
  if (added.length > 1) return t("qa_new_many", { n: added.length });
  const top = after.questions[0];
  if (top && before.questions[0] && top.id !== before.questions[0].id) {
    return t("qa_top", { text: top.text });
  }
  return null;
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
