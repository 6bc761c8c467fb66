// The participant's phone: follow the facilitator, answer, see results when
// they are shown. Everything sent goes through the outbox until acknowledged;
// what is typed but not sent is kept as a draft; a saved answer is confirmed
// in words, with a way to change it.
import { announcer } from "./announce.js";
import { $, el } from "./dom.js";
import { Drafts } from "./drafts.js";
import { t } from "./i18n.js";
import { KINDS } from "./kinds/index.js";
import { connectLive } from "./live.js";
import { mountMyAnswers } from "./my_answers.js";
import { newSubmissionId, Outbox } from "./outbox.js";
import { newer, renderResults } from "./results.js";
import { renderPhonePrework } from "./checkin.js";
import { followCountdown } from "./phone_timer.js";
import { vocabulary } from "./vocabulary.js";

const root = $("[data-phone]");
const code = root.dataset.code;
const ownMunicipality = Number(root.dataset.municipalityId);
const outbox = new Outbox(code);
const drafts = new Drafts(code);
const announce = announcer($("[data-announcer]"));
const ui = {
  type: $("[data-now-type]"),
  title: $("[data-current-title]"),
  question: $("[data-question]"),
  message: $("[data-message]"),
  form: $("[data-answer-form]"),
  status: $("[data-answer-status]"),
  confirmation: $("[data-confirmation]"),
  confirmHeading: $("[data-confirm-heading]"),
  confirmSummary: $("[data-confirm-summary]"),
  confirmHow: $("[data-confirm-how]"),
  change: $("[data-change-answer]"),
  resultsSection: $("[data-results-section]"),
  resultsHeading: $("#phone-results-heading"),
  results: $("[data-results]"),
};
const ACK_TIMEOUT_MS = 10000;
// Refusals worth trying again later; any other refusal drops the answer for good.
const RETRY_CODES = new Set(["rate_limited", "too_fast"]);
const MAX_ANSWER_BYTES = Number(root.dataset.maxAnswerBytes);

let socket = null;
// The page is rendered with this phone's state, so it shows what is on
// before the connection is up; the socket's state replaces it.
let state = JSON.parse(document.getElementById("phone-state").textContent);
let results = state.results;
// Saved answers by "item:resets:slot". An item's `resets` grows with every
// reset, so an answer from before a reset is never shown as saved.
const mine = new Map();
const editing = new Set(); // items whose saved answer the person is changing
let shownFormKey = null; // which item (and reset) the form was built for
let built = null; // the form of the current item
let sending = false;
let phoneNode = null; // a kind's phone view (Q&A's vote list), redrawn in place
let ownForm = null; // a kind's own phone form (mapping), updated in place

const slotKey = (itemId, resets, slot) => `${itemId}:${resets ?? 0}:${slot}`;
const draftKey = (item) => `${item.id}:${item.resets ?? 0}`;

function setStatus(kind, text) {
  ui.status.className = `status-line ${kind}`;
  ui.status.textContent = text;
}

function show(node, text) {
  node.textContent = text ?? "";
  node.hidden = !text;
}

// This phone's saved answers to the current item, by slot.
function savedFor(item) {
  const prefix = `${item.id}:${item.resets ?? 0}:`;
  const saved = new Map();
  for (const [key, value] of mine) {
    if (key.startsWith(prefix)) saved.set(key.slice(prefix.length), value);
  }
  return saved;
}

const pendingFor = (item) => outbox.all().filter((entry) => entry.item_id === item.id
  && (entry.resets ?? 0) === (item.resets ?? 0));

// --- what is on now ---------------------------------------------------------------

function describeNow() {
  const gathering = state.gathering;
  const current = state.current;
  const now = { type: "", title: gathering.title, question: "", message: "" };
  if (gathering.status === "planned") now.message = t("not_started");
  else if (gathering.status === "ended") now.message = t("ended");
  else if (!current) now.message = t("waiting");
  else {
    now.title = current.title;
    if (current.activity_kind) {
      now.type = vocabulary.activity_kinds[current.activity_kind] ?? "";
      now.question = current.definition.question ?? "";
      now.message = { open: "", locked: t("locked"), closed: t("closed") }[current.status] ?? t("waiting");
    } else {
      now.type = vocabulary.item_types[current.type] ?? "";
      now.message = t("nothing_to_answer");
    }
  }
  return now;
}

function render() {
  const now = describeNow();
  show(ui.type, now.type);
  ui.title.textContent = now.title;
  show(ui.question, now.question);
  show(ui.message, now.message);

  const current = state.current;
  const activity = current?.activity_kind && state.gathering.status === "running" ? current : null;
  const formKey = activity && activity.status === "open" ? draftKey(activity) : null;
  if (formKey !== shownFormKey) {
    shownFormKey = formKey;
    buildForm(activity);
  }
  renderConfirmation(activity);
  // The confirmation says what a locked or closed question means for the answer.
  if (!ui.confirmation.hidden) ui.message.hidden = true;
  renderPhoneResults(activity);
  renderPhonePrework($("[data-prework-phone]"), code, activity);
}

// --- the form, drafts and the confirmation ---------------------------------------------

// What a kind's own phone form works from: this phone's saved and unsent
// answers to the item, its results, and a way to send one answer to a slot.
function phoneContext(activity) {
  return {
    saved: savedFor(activity),
    pending: pendingFor(activity),
    results: results && results.item_id === activity.id ? results : null,
    submit: (slot, value) => submit(activity, slot, value),
  };
}

function buildForm(activity) {
  ui.form.replaceChildren();
  built = null;
  ownForm = null;
  if (!activity || activity.status !== "open") {
    if (!outbox.all().length) setStatus("", "");
    return;
  }
  const kind = KINDS[activity.activity_kind];
  if (kind.phoneForm) { // the kind saves each answer itself (mapping: one per item)
    ownForm = kind.phoneForm(activity, phoneContext(activity));
    ui.form.append(ownForm.node);
    ui.form.onsubmit = (event) => event.preventDefault();
    return;
  }
  const pending = pendingFor(activity).filter((entry) => entry.slot === "");
  const saved = savedFor(activity).get("");
  const draft = drafts.get(draftKey(activity));
  // What this phone last gave: a draft, an answer still in the outbox, else the
  // saved one. A kind with several answers (a Q&A question) starts from its draft only.
  const previous = kind.several_answers ? draft
    : draft ?? (pending.length ? pending[pending.length - 1].value : saved);
  built = kind.buildForm(activity.definition, previous);
  const button = el("button", { type: "submit", class: "primary", "data-send": "",
    text: built.submitLabel ?? (saved === undefined ? t("send") : t("update")) });
  ui.form.append(built.node, button);
  const keepDraft = () => queueMicrotask(() => {
    if (built) drafts.set(draftKey(activity), built.value());
  });
  ui.form.oninput = keepDraft;
  ui.form.onchange = keepDraft;
  ui.form.onclick = (event) => { if (event.target.closest("button[type=button]")) keepDraft(); };
  ui.form.onsubmit = (event) => {
    event.preventDefault();
    const value = built.value();
    // An answer of a kind with several answers per phone (Q&A questions) is
    // new each time (no slot); other kinds have one answer per phone.
    submit(activity, kind.several_answers ? null : "", value);
    built.clearAfterSend?.();
    // A question is in the outbox now; an answer's draft goes when it is saved.
    if (kind.several_answers) drafts.remove(draftKey(activity));
    if (!kind.several_answers) button.textContent = t("update");
  };
  setStatus("", "");
}

function renderConfirmation(activity) {
  const kind = activity ? KINDS[activity.activity_kind] : null;
  const saved = activity && !kind.several_answers ? savedFor(activity).get("") : undefined;
  const waiting = activity ? pendingFor(activity).some((entry) => entry.slot === "") : false;
  const confirm = saved !== undefined && !waiting && !(activity.status === "open" && editing.has(activity.id));
  ui.confirmation.hidden = !confirm;
  ui.form.hidden = !activity || activity.status !== "open" || confirm;
  if (!confirm) return;
  ui.confirmHeading.textContent = `✓ ${t("saved_heading")}`;
  const lines = kind.summarize ? kind.summarize(activity.definition, saved) : [];
  ui.confirmSummary.replaceChildren(lines.length
    ? el("ul", { class: "saved-summary", "data-saved-summary": "" }, lines.map((line) => el("li", { text: line })))
    : "");
  const open = activity.status === "open";
  ui.confirmHow.textContent = open ? t("change_how")
    : activity.status === "locked" ? t("change_when_open") : t("closed_saved");
  ui.change.hidden = !open;
  ui.change.textContent = t("change_answer");
  ui.change.onclick = () => {
    editing.add(activity.id);
    shownFormKey = null; // rebuilt with the saved answer (or the draft)
    render();
    ui.form.querySelector("input:not([disabled]), textarea, select, button")?.focus();
  };
}

// --- results ---------------------------------------------------------------------

// The phone's own municipality first, then the others as the server sends them.
function ownFirst(shown) {
  const own = shown.groups.filter((group) => group.municipality_id === ownMunicipality);
  if (!own.length) return shown;
  return { ...shown, groups: [...own, ...shown.groups.filter((group) => !own.includes(group))] };
}

function renderPhoneResults(activity) {
  const kind = activity ? KINDS[activity.activity_kind] : null;
  if (ownForm && activity) {
    ui.resultsSection.hidden = true;
    ownForm.update(phoneContext(activity));
    return;
  }
  const visible = activity && results && results.item_id === activity.id
    && (activity.results_visible || kind.phones_follow_results);
  ui.resultsSection.hidden = !visible;
  if (!visible) {
    phoneNode = null;
    ui.results.replaceChildren();
    return;
  }
  ui.resultsHeading.textContent = !activity.results_visible && kind.phoneHeading
    ? kind.phoneHeading() : t("results");
  // A kind phones answer from (Q&A: vote on the questions) keeps its own view when revealed too.
  if ((!activity.results_visible || kind.phones_follow_results) && kind.renderPhone) {
    const all = results.groups.find((group) => group.key === "all");
    if (!all?.result) {
      phoneNode = null;
      ui.results.replaceChildren();
      return;
    }
    const node = kind.renderPhone(all.result, {
      item: activity,
      saved: savedFor(activity),
      pending: pendingFor(activity),
      submit: (slot, value) => submit(activity, slot, value),
      previous: phoneNode?.isConnected ? phoneNode : null,
    });
    if (node !== phoneNode || !node.isConnected) ui.results.replaceChildren(node);
    phoneNode = node;
    return;
  }
  phoneNode = null;
  renderResults(ui.results, ownFirst(results), activity, state.municipalities);
}

// --- sending -----------------------------------------------------------------------

function submit(item, slot, value) {
  const entry = { submission_id: newSubmissionId(), item_id: item.id, resets: item.resets ?? 0,
                  slot, value, at: Date.now() };
  outbox.put(entry);
  flush();
  render();
}

// An answer kept from before its item was reset is not sent into the new round.
function outdated(entry) {
  const current = state.current;
  return current && current.id === entry.item_id && (current.resets ?? 0) !== (entry.resets ?? 0);
}

// Send what the outbox holds, oldest first, one at a time: the server then
// sees a phone's answers in the order they were given.
function flush() {
  if (sending || !socket?.connected) {
    if (outbox.all().length) setStatus("sending", t("queued"));
    return;
  }
  const entry = outbox.all().find((candidate) => {
    if (!outdated(candidate)) return true;
    outbox.remove(candidate.submission_id);
    return false;
  });
  if (!entry) return;
  const payload = { item_id: entry.item_id, submission_id: entry.submission_id, value: entry.value };
  // Never send what the server would refuse for its size: drop it and say so.
  if (new TextEncoder().encode(JSON.stringify(["answer", payload])).length > MAX_ANSWER_BYTES) {
    outbox.remove(entry.submission_id);
    setStatus("failed", root.dataset.tooLarge);
    flush();
    return;
  }
  sending = true;
  setStatus("sending", t("sending"));
  socket.timeout(ACK_TIMEOUT_MS).emit("answer", payload,
    (error, ack) => {
      sending = false;
      if (error) { // no ack in time: keep it, try again
        setStatus("sending", t("queued"));
        setTimeout(flush, 1000);
        return;
      }
      if (ack.ok) {
        outbox.remove(entry.submission_id);
        if (entry.slot !== null) {
          mine.set(slotKey(entry.item_id, entry.resets, entry.slot), entry.value);
          if (entry.slot === "") {
            drafts.remove(`${entry.item_id}:${entry.resets ?? 0}`);
            editing.delete(entry.item_id);
          }
        }
        const hadFocus = ui.form.contains(document.activeElement);
        setStatus("saved", entry.slot === null ? t("question_sent") : t("saved"));
        render();
        // The form the person sent from is replaced by the confirmation: take them there.
        if (hadFocus && !ui.confirmation.hidden) ui.confirmation.focus();
      } else if (RETRY_CODES.has(ack.error.code)) {
        setStatus("sending", ack.error.message);
        setTimeout(flush, 1500);
        return;
      } else { // refused for good (too large, closed, removed...): drop it, say why
        outbox.remove(entry.submission_id);
        setStatus("failed", ack.error.message);
        render();
      }
      flush();
    });
}

// Saved answers by item, reset and slot. A kind's several answers (Q&A
// questions) each have a slot of their own made on the server; the form never edits them.
function rememberMine(list) {
  for (const answer of list ?? []) mine.set(slotKey(answer.item_id, answer.resets, answer.key), answer.value);
}

// --- telling a screen reader what changed, once ------------------------------------------

function changeToSay(before, after) {
  const was = before.current;
  const now = after.current;
  if (before.gathering.status !== after.gathering.status) {
    if (after.gathering.status === "ended") return t("ended");
    if (after.gathering.status === "running" && !now) return t("waiting");
  }
  if (!now) return null;
  if (!was || was.id !== now.id) {
    const kind = now.activity_kind ? vocabulary.activity_kinds[now.activity_kind] : vocabulary.item_types[now.type];
    const opened = now.activity_kind && now.status === "open" ? ` ${t("announce_open", { question: now.definition.question })}` : "";
    return `${t("announce_now", { type: kind ?? "", title: now.title })}${opened}`;
  }
  if (!now.activity_kind) return null;
  if (was.status !== now.status) {
    if (now.status === "open") return t("announce_open", { question: now.definition.question });
    if (now.status === "locked") return t("locked");
    if (now.status === "closed") return t("closed");
  }
  if (!was.results_visible && now.results_visible) return t("announce_results");
  return null;
}

function acceptState(next) {
  if (next.full) {
    const before = state;
    state = next;
    if (next.mine) {
      rememberMine(next.mine);
      shownFormKey = undefined; // rebuild the form with what this phone gave
    }
    const said = changeToSay(before, next);
    if (said) announce(said);
  }
  const previousResults = results;
  results = next.results;
  render();
  sayResultChange(previousResults, results);
}

function sayResultChange(before, after) {
  const current = state.current;
  if (!current?.activity_kind || !after || after.item_id !== current.id) return;
  if (!before || before.item_id !== after.item_id) return;
  const kind = KINDS[current.activity_kind];
  if (!kind.announce || current.results_visible) return;
  const all = (shown) => shown.groups.find((group) => group.key === "all")?.result;
  const [was, now] = [all(before), all(after)];
  if (was && now) announce(kind.announce(was, now));
}

rememberMine(state.mine);
render();

socket = connectLive({
  auth: { role: "phone", code, lang: root.dataset.lang },
  version: state.version,
  statusEl: $("[data-connection]"),
  bannerEl: $("[data-offline-banner]"),
  handlers: {
    connect: () => flush(),
    state: (next) => {
      followCountdown(next);
      if (next.full && next.device) $("[data-held-notice]").hidden = !next.device.held;
      acceptState(next);
    },
    results: (next) => {
      if (!newer(next, results)) return;
      const before = results;
      results = next;
      renderPhoneResults(state?.current);
      sayResultChange(before, next);
    },
    refused: (error) => {
      if (error?.data?.message) show(ui.message, error.data.message);
    },
  },
});
// The server's reason before it disconnects this phone (removed by the
// facilitator, too many messages): shown until the page is reloaded.
socket.on("goodbye", (reason) => {
  const goodbye = $("[data-goodbye]");
  goodbye.textContent = reason.message;
  goodbye.hidden = false;
  ui.message.hidden = false;
  ui.message.textContent = reason.message;
  ui.form.hidden = true;
});
socket.on("device", (device) => { $("[data-held-notice]").hidden = !device.held; });
const myAnswers = mountMyAnswers(socket, {
  onErased: () => {
    mine.clear();
    for (const entry of outbox.all()) outbox.remove(entry.submission_id);
    shownFormKey = undefined;
    setStatus("", "");
    render();
  },
});
socket.on("connect", () => myAnswers.refresh());
