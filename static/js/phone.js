// The participant's phone: follow the facilitator, answer, see results when
// they are shown. Everything sent goes through the outbox until acknowledged.
import { $, el } from "./dom.js";
import { t } from "./i18n.js";
import { KINDS } from "./kinds/index.js";
import { connectLive } from "./live.js";
import { newSubmissionId, Outbox } from "./outbox.js";
import { newer, renderResults } from "./results.js";

const root = $("[data-phone]");
const code = root.dataset.code;
const outbox = new Outbox(code);
const ui = {
  title: $("[data-current-title]"),
  message: $("[data-message]"),
  form: $("[data-answer-form]"),
  status: $("[data-answer-status]"),
  resultsSection: $("[data-results-section]"),
  results: $("[data-results]"),
};
const ACK_TIMEOUT_MS = 10000;
const RETRY_CODES = new Set(["rate_limited"]);

let socket = null;
let state = null;
let results = null;
const mine = new Map(); // "item:key" -> last saved value
let shownItemKey = null; // which item/status the form was built for
let sending = false;

function setStatus(kind, text) {
  ui.status.className = `status-line ${kind}`;
  ui.status.textContent = text;
}

// This phone's saved answers to one item, by slot.
function savedFor(itemId) {
  const saved = new Map();
  for (const [slot, value] of mine) {
    if (slot.startsWith(`${itemId}:`)) saved.set(slot.slice(`${itemId}:`.length), value);
  }
  return saved;
}

function render() {
  const current = state?.current;
  const gathering = state?.gathering;
  ui.title.textContent = current ? current.title : gathering?.title ?? "";
  let message = t("waiting");
  if (gathering?.status === "planned") message = t("not_started");
  if (gathering?.status === "ended") message = t("ended");
  const activity = current?.activity_kind ? current : null;
  if (activity) {
    if (activity.status === "closed") message = t("closed");
    else if (activity.status === "locked") message = t("locked");
    else if (activity.status === "open") message = activity.definition.question;
    else message = t("waiting");
  } else if (current) {
    message = "";
  }
  ui.message.textContent = message;
  ui.message.hidden = !message;

  const formKey = activity && activity.status === "open" ? `${activity.id}` : null;
  if (formKey !== shownItemKey) {
    shownItemKey = formKey;
    buildForm(activity);
  }
  renderPhoneResults(activity);
}

function buildForm(activity) {
  ui.form.replaceChildren();
  const kind = activity ? KINDS[activity.activity_kind] : null;
  // A kind with a phone view of its own (a group board) has no common form.
  ui.form.hidden = !activity || activity.status !== "open" || Boolean(kind.ownPhoneView);
  if (ui.form.hidden) return;
  // What this phone last gave: an answer still in the outbox, else the saved one.
  const pending = outbox.all().filter((entry) => entry.item_id === activity.id && entry.slot === "");
  const previous = pending.length ? pending[pending.length - 1].value : mine.get(`${activity.id}:`);
  const built = kind.buildForm(activity.definition, previous);
  const button = el("button", { type: "submit", class: "primary", "data-send": "",
    text: built.submitLabel ?? (previous === undefined ? t("send") : t("update")) });
  ui.form.append(built.node, button);
  ui.form.onsubmit = (event) => {
    event.preventDefault();
    const value = built.value();
    // An answer of a kind with several answers per phone (Q&A questions) is
    // new each time (no slot); other kinds have one answer per phone.
    submit(activity.id, kind.several_answers ? null : "", value);
    built.clearAfterSend?.();
    if (!kind.several_answers) button.textContent = t("update");
  };
  if (previous !== undefined) setStatus("saved", `${t("your_answer")}: ${t("saved")}`);
  else setStatus("", "");
}

function renderPhoneResults(activity) {
  const kind = activity ? KINDS[activity.activity_kind] : null;
  const visible = activity && results && results.item_id === activity.id
    && (activity.results_visible || kind.phones_follow_results);
  ui.resultsSection.hidden = !visible;
  if (!visible) return;
  // A kind's own phone view (a group board) is not "results": no heading.
  ui.resultsSection.querySelector("h2").hidden = Boolean(kind.ownPhoneView);
  if ((!activity.results_visible || kind.ownPhoneView) && kind.renderPhone) {
    const all = results.groups.find((group) => group.key === "all");
    const node = all?.result ? kind.renderPhone(all.result, {
      item: activity,
      saved: savedFor(activity.id),
      pending: outbox.all().filter((entry) => entry.item_id === activity.id),
      submit: (slot, value) => submit(activity.id, slot, value),
      call,
      accept: (next) => {
        if (next && newer(next, results)) {
          results = next;
          renderPhoneResults(state?.current);
        }
      },
      fail: (ack) => setStatus("failed", ack?.error?.message ?? t("offline")),
      municipalityName: (id) => state?.municipalities?.find((m) => m.id === id)?.name ?? "",
    }) : null;
    // A kind may hand back the same node each time (a board keeps the note
    // being typed, and its focus): then it stays where it is.
    if (!node) ui.results.replaceChildren();
    else if (ui.results.firstChild !== node || ui.results.childNodes.length !== 1) ui.results.replaceChildren(node);
    return;
  }
  renderResults(ui.results, results, activity, state.municipalities);
}

// Ask the server something outside the outbox (a board's group, the scribe's
// role); resolves with the ack, or null without one.
function call(event, payload) {
  return new Promise((resolve) => {
    if (!socket?.connected) { resolve(null); return; }
    socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error, ack) => resolve(error ? null : ack));
  });
}

function submit(itemId, slot, value) {
  const entry = { submission_id: newSubmissionId(), item_id: itemId, slot, value, at: Date.now() };
  outbox.put(entry);
  flush();
}

// Send what the outbox holds, oldest first, one at a time: the server then
// sees a phone's answers in the order they were given.
function flush() {
  if (sending || !socket?.connected) {
    if (outbox.all().length) setStatus("sending", t("queued"));
    return;
  }
  const [entry] = outbox.all();
  if (!entry) return;
  sending = true;
  setStatus("sending", t("sending"));
  socket.timeout(ACK_TIMEOUT_MS).emit("answer",
    { item_id: entry.item_id, submission_id: entry.submission_id, value: entry.value },
    (error, ack) => {
      sending = false;
      if (error) { // no ack in time: keep it, try again
        setStatus("sending", t("queued"));
        setTimeout(flush, 1000);
        return;
      }
      if (ack.ok) {
        outbox.remove(entry.submission_id);
        if (entry.slot !== null) mine.set(`${entry.item_id}:${entry.slot}`, entry.value);
        setStatus("saved", t("saved"));
        render();
      } else if (RETRY_CODES.has(ack.error.code)) {
        setStatus("sending", ack.error.message);
        setTimeout(flush, 1500);
        return;
      } else {
        outbox.remove(entry.submission_id);
        setStatus("failed", ack.error.message);
        render(); // what the answer showed before it was refused goes away
      }
      flush();
    });
}

// Saved answers by "item:slot". A kind's several answers (Q&A questions)
// each have a slot of their own made on the server; the form never edits them.
function rememberMine(list) {
  for (const answer of list ?? []) mine.set(`${answer.item_id}:${answer.key}`, answer.value);
}

socket = connectLive({
  auth: { role: "phone", code, lang: root.dataset.lang },
  statusEl: $("[data-connection]"),
  handlers: {
    connect: () => flush(),
    state: (next) => {
      if (next.full) {
        state = next;
        if (next.mine) {
          rememberMine(next.mine);
          shownItemKey = undefined; // rebuild the form with what this phone gave
        }
      }
      results = next.results;
      render();
    },
    results: (next) => {
      if (!newer(next, results)) return;
      results = next;
      renderPhoneResults(state?.current);
    },
    refused: (error) => {
      if (error?.data?.message) {
        ui.message.hidden = false;
        ui.message.textContent = error.data.message;
      }
    },
  },
});
