// The facilitator's console: run of show, controls, results (what the room
// sees, or a private preview of another view), countdown, notes, moderation
// and who is here. Focus stays where the facilitator is whenever the page
// redraws. Keyboard: arrows/PageUp/PageDown move; single-key shortcuts
// (N/P, O, L, C, R, an item's number) can be switched off (WCAG 2.1.4).
import { consoleClock } from "./console_clock.js";
import { timerControls } from "./console_timer.js";
import { $, el } from "./dom.js";
import { disableKeepingFocus, redraw } from "./focus.js";
import { t } from "./i18n.js";
import { KINDS } from "./kinds/index.js";
import { mountDevices } from "./console_devices.js";
import { connectLive } from "./live.js";
import { newer, renderResults } from "./results.js";
import { setServerTime } from "./timer.js";
import { vocabulary } from "./vocabulary.js";
import { renderConsolePanels } from "./checkin.js";

const root = $("[data-console]");
const ui = {
  agenda: $("[data-agenda]"),
  schedule: $("[data-schedule-status]"),
  title: $("[data-current-title]"),
  meta: $("[data-current-meta]"),
  overrun: $("[data-overrun]"),
  activityControls: $("[data-activity-controls]"),
  viewControls: $("[data-view-controls]"),
  viewMode: $("[data-view-mode]"),
  viewFocus: $("[data-view-focus]"),
  viewNote: $("[data-view-note]"),
  showPreview: $("[data-show-preview]"),
  stopPreview: $("[data-stop-preview]"),
  results: $("[data-results]"),
  notesCard: $("[data-notes-card]"),
  notes: $("[data-notes]"),
  kindCard: $("[data-kind-card]"),
  kindPanel: $("[data-kind-panel]"),
  moderationCard: $("[data-moderation-card]"),
  moderation: $("[data-moderation]"),
  presence: $("[data-presence]"),
  error: $("[data-error]"),
  ended: $("[data-ended-banner]"),
  singleKeys: $("[data-single-keys]"),
  goto: $("[data-goto-form]"),
  gotoNumber: $("[data-goto-number]"),
};
let state = null;
let results = null;
let preview = null;
let presence = null;
let moderation = [];
let lookback = null; // after the end: {item_id, results, moderation} of the item looked at

const minutes = (hhmm) => { const [h, m] = hhmm.split(":").map(Number); return h * 60 + m; };
const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString("nb-NO", { hour: "2-digit", minute: "2-digit", hour12: false }) : "");
const minutesOfDay = (date) => date.getHours() * 60 + date.getMinutes() + date.getSeconds() / 60;
const ended = () => state?.gathering.status === "ended";
const current = () => state?.items?.find((item) => item.position === state.gathering.current_position
  && state.gathering.status === "running") ?? null;
// The item the console shows: on screen while running, the one looked back at after the end.
const shownItem = () => (ended() ? state.items.find((item) => item.id === lookback?.item_id) ?? null : current());

function send(event, payload = {}, onAck = null) {
  ui.error.textContent = "";
  socket.timeout(10000).emit(event, payload, (error, ack) => {
    if (error) ui.error.textContent = t("error", { message: t("offline") });
    else if (!ack.ok) ui.error.textContent = ack.error.message;
    else onAck?.(ack);
  });
}

// An agenda item is named by its activity kind when it has one ("Word
// cloud"), else by its type ("Talk").
function kindLabel(item) {
  return item.activity_kind ? vocabulary.activity_kinds[item.activity_kind] : vocabulary.item_types[item.type];
}

function renderAgenda() {
  const now = current();
  const looked = ended() ? lookback?.item_id : null;
  redraw(ui.agenda, () => ui.agenda.replaceChildren(...state.items.map((item) => {
    const here = now && item.id === now.id;
    const actual = item.started_at ? clock(item.started_at) : "";
    return el("li", { class: here || item.id === looked ? "current" : item.ended_at ? "done" : "",
                      "data-item": item.position },
      el("button", { type: "button", "aria-current": here ? "step" : item.id === looked ? "true" : false,
                     "data-focus-key": `agenda-${item.position}`, onclick: () => chooseItem(item) },
        el("span", { class: "times" }, el("span", { class: "item-number", text: `${item.position + 1}.` }), " ",
          item.planned_start, el("br"), el("span", { class: "muted", text: actual })),
        el("span", {}, el("span", { text: item.title }), el("br"),
          el("span", { class: "muted", "data-item-kind": "", text: `${kindLabel(item)} · ${item.duration} min` })),
        item.activity_kind && item.status !== "idle"
          ? el("span", { class: `badge ${item.status}`, "data-badge": item.status, text: vocabulary.statuses[item.status] }) : ""));
  })));
}

function chooseItem(item) {
  if (ended()) lookBack(item);
  else send("agenda.goto", { position: item.position });
}

// After the end the day stays browsable, read only: the console fetches an
// item's results without changing anything the room sees.
function lookBack(item) {
  if (!item.activity_kind) {
    lookback = { item_id: item.id, results: null, moderation: { item_id: item.id, texts: [] } };
    renderAll();
    return;
  }
  send("results.fetch", { item_id: item.id }, (ack) => {
    lookback = { item_id: item.id, results: ack.results, moderation: ack.moderation };
    renderAll();
  });
}

function renderCurrent() {
  const item = shownItem();
  const looking = ended();
  ui.title.textContent = item ? item.title : looking ? t("ended") : t("not_started");
  ui.meta.dataset.base = item ? `${item.position + 1}. · ${item.planned_start} · ${vocabulary.item_types[item.type]}${item.activity_kind ? ` · ${vocabulary.activity_kinds[item.activity_kind]}` : ""}` : "";
  ui.meta.textContent = ui.meta.dataset.base;
  const activity = item?.activity_kind ? item : null;
  ui.activityControls.hidden = !activity || looking;
  ui.viewControls.hidden = !activity || looking || KINDS[activity.activity_kind].view_modes.length < 2;
  ui.notesCard.hidden = !item?.notes;
  ui.notes.textContent = item?.notes ?? "";
  if (activity && !looking) {
    const reveal = $("[data-action='results.reveal']");
    reveal.setAttribute("aria-pressed", String(activity.results_visible));
    reveal.textContent = activity.results_visible ? t("hide_results") : t("show_results");
    reveal.classList.toggle("on", activity.results_visible);
    // Enabled ones first, so focus leaving a disabled button finds them.
    const states = [["activity.close", activity.status === "closed" || activity.status === "idle"],
      ["activity.lock", activity.status !== "open"], ["activity.open", activity.status === "open"]];
    states.sort((a, b) => Number(a[1]) - Number(b[1]));
    for (const [name, disabled] of states) disableKeepingFocus($(`[data-action='${name}']`), disabled);
    renderViewControls(activity);
  }
  const room = looking ? lookback?.results ?? null
    : results && activity && results.item_id === activity.id ? results : null;
  const private_ = !looking && preview && activity && preview.item_id === activity.id && activity.preview_mode ? preview : null;
  renderKindPanel(activity, room);
  ui.results.classList.toggle("previewing", Boolean(private_));
  renderResults(ui.results, private_ ?? room, activity, state.municipalities);
  renderModeration(activity);
  renderTiming();
  renderTimer(looking ? null : current());
}

// "Look at": the room's view unless a preview is on. Choosing another view
// previews it here only; "Show this to the room" switches the projector.
function renderViewControls(activity) {
  const mode = activity.preview_mode ?? activity.view_mode;
  const focus = activity.preview_mode ? activity.preview_focus : activity.view_focus;
  const choices = (results?.item_id === activity.id ? results.versus_choices : null) ?? [];
  const names = new Map(state.municipalities.map((m) => [m.id, m.name]));
  const options = choices.map((id) => el("option", { value: String(id), text: names.get(id) ?? String(id) }));
  const wanted = JSON.stringify(choices);
  if (ui.viewFocus.dataset.choices !== wanted) {
    ui.viewFocus.dataset.choices = wanted;
    ui.viewFocus.replaceChildren(...options);
  }
  const versus = ui.viewMode.querySelector("option[value='versus']");
  versus.disabled = !choices.length && mode !== "versus";
  versus.textContent = choices.length ? vocabulary.view_modes.versus : `${vocabulary.view_modes.versus} (${t("versus_none")})`;
  if (document.activeElement !== ui.viewMode) ui.viewMode.value = mode;
  ui.viewFocus.hidden = mode !== "versus";
  if (focus && document.activeElement !== ui.viewFocus) ui.viewFocus.value = String(focus);
  const previewing = Boolean(activity.preview_mode);
  ui.showPreview.hidden = !previewing;
  ui.stopPreview.hidden = !previewing;
  const roomView = vocabulary.view_modes[activity.view_mode]
    + (activity.view_mode === "versus" ? `: ${names.get(activity.view_focus) ?? ""}` : "");
  ui.viewNote.textContent = previewing ? t("preview_note", { view: roomView })
    : activity.results_visible ? t("room_sees", { view: roomView }) : t("room_hidden");
  ui.viewNote.classList.toggle("previewing", previewing);
}

function chosenView() {
  const mode = ui.viewMode.value;
  const payload = { mode };
  if (mode === "versus") {
    if (!ui.viewFocus.value) return null;
    payload.municipality_id = Number(ui.viewFocus.value);
  }
  return payload;
}

function previewChosen() {
  const item = current();
  const view = chosenView();
  if (!item || !view) return;
  const same = view.mode === item.view_mode && (view.mode !== "versus" || view.municipality_id === item.view_focus);
  send("results.preview", { item_id: item.id, ...(same ? { mode: null } : view) });
}

// The kind's own console tools (word-cloud merges and hidden words, Q&A
// approval and pins). Rebuilt only when what it shows changed, and never
// under the facilitator's typing; focus stays on the button pressed.
let panelKey = null;
function renderKindPanel(activity, shown) {
  const kind = activity ? KINDS[activity.activity_kind] : null;
  const readOnly = ended();
  const key = kind?.consolePanel ? JSON.stringify([activity.id, activity.state, shown?.revision, readOnly]) : null;
  if (key === panelKey || ui.kindPanel.contains(document.activeElement) && document.activeElement.matches("input, textarea")) return;
  panelKey = key;
  redraw(ui.kindPanel, () => {
    const panel = key && !readOnly ? kind.consolePanel(activity, {
      results: shown,
      municipalities: state.municipalities,
      act: (action, params) => send("activity.action", { item_id: activity.id, action, params }),
    }) : null;
    ui.kindPanel.replaceChildren(...(panel ? [panel] : []));
    ui.kindCard.hidden = !panel;
  });
}

function renderModeration(activity) {
  const source = ended() ? lookback?.moderation : moderation;
  const texts = activity && source?.item_id === activity.id ? source.texts : [];
  const readOnly = ended();
  ui.moderationCard.hidden = !texts.length;
  const seen = new Map();
  redraw(ui.moderation, () => ui.moderation.replaceChildren(...texts.map((entry) => {
    // A word cloud hides single words; other kinds hide a whole answer.
    const word = entry.word_hidden !== undefined;
    const hidden = word ? entry.word_hidden : entry.hidden;
    const n = seen.get(entry.response_id) ?? 0;
    seen.set(entry.response_id, n + 1);
    const toggle = () => (word
      ? send("activity.action", { item_id: activity.id, action: "hide_word", params: { word: entry.text, hidden: !hidden } })
      : send("response.hide", { response_id: entry.response_id, hidden: !hidden }));
    return el("li", { class: hidden || entry.hidden ? "hidden-answer" : "", "data-moderation-item": entry.response_id },
      el("span", { text: entry.text }), " ",
      readOnly ? null : el("button", { type: "button", class: "small", "data-hide": entry.response_id,
                                        "data-focus-key": `hide-${entry.response_id}-${n}`,
                                        "aria-label": `${hidden ? t("show") : t("hide")}: ${entry.text}`, onclick: toggle },
        hidden ? t("show") : t("hide")));
  })));
}

function renderPresence() {
  const connected = presence?.connected ?? {};
  const answered = presence?.answered ?? {};
  const item = current();
  ui.presence.replaceChildren(...state.municipalities.map((m) => {
    const here = connected[m.id] ?? 0;
    const text = item?.activity_kind && presence?.item_id === item.id
      ? t("answered_of", { answered: answered[m.id] ?? 0, connected: here })
      : t("here", { n: here });
    return el("li", { "data-presence-for": m.name }, el("strong", { text: `${m.name}: ` }), text);
  }));
}

// Planned against actual: how long the current item has run, and how far the
// whole day is from its plan.
function renderTiming() {
  const item = current();
  ui.overrun.hidden = true;
  ui.schedule.textContent = "";
  if (!item?.started_at) return;
  const started = new Date(item.started_at);
  const elapsed = (Date.now() - started.getTime()) / 60000;
  const drift = Math.round(minutesOfDay(started) - minutes(item.planned_start));
  if (elapsed > item.duration) {
    ui.overrun.hidden = false;
    ui.overrun.textContent = t("overrun", { n: Math.ceil(elapsed - item.duration) });
  }
  ui.meta.textContent = `${ui.meta.dataset.base} · ${t("elapsed", { n: Math.floor(elapsed), d: item.duration })}`;
  if (drift > 0) ui.schedule.textContent = t("behind", { n: drift });
  else if (drift < 0) ui.schedule.textContent = t("ahead", { n: -drift });
}

const renderTimer = timerControls({ display: $("[data-timer-display]"), controls: $("[data-timer-controls]"), send });

function renderAll() {
  if (!state) return;
  const running = state.gathering.status === "running";
  const start = $("[data-action='gathering.start']");
  start.hidden = running;
  start.textContent = ended() ? t("start_again") : t("start_gathering");
  $("[data-action='gathering.end']").hidden = !running;
  $("[data-action='agenda.prev']").hidden = !running;
  $("[data-action='agenda.next']").hidden = !running;
  ui.ended.hidden = !ended();
  $("[data-timer-card]").hidden = !running;
  renderAgenda();
  renderCurrent();
  renderPresence();
  renderConsolePanels($("[data-record-panels]"), state, current(), send);
}

function act(action) {
  const item = current();
  if (action.startsWith("agenda.") || action.startsWith("gathering.")) {
    if (action === "gathering.end" && !window.confirm(t("confirm_end"))) return;
    if (action === "gathering.start" && ended() && !window.confirm(t("confirm_restart"))) return;
    send(action);
  } else if (item?.activity_kind) {
    if (action === "activity.reset" && !window.confirm(t("confirm_reset"))) return;
    if (action === "results.reveal") send(action, { item_id: item.id, visible: !item.results_visible });
    else send(action, { item_id: item.id });
  }
}

document.querySelectorAll("[data-action]").forEach((button) =>
  button.addEventListener("click", () => act(button.dataset.action)));

ui.viewMode.addEventListener("change", () => {
  ui.viewFocus.hidden = ui.viewMode.value !== "versus";
  if (ui.viewMode.value === "versus" && !ui.viewFocus.value && ui.viewFocus.options.length) ui.viewFocus.selectedIndex = 0;
  previewChosen();
});
ui.viewFocus.addEventListener("change", previewChosen);
ui.showPreview.addEventListener("click", () => {
  const item = current();
  if (!item?.preview_mode) return;
  const payload = { item_id: item.id, mode: item.preview_mode };
  if (item.preview_mode === "versus") payload.municipality_id = item.preview_focus;
  send("results.view", payload);
  ui.viewMode.focus();
});
ui.stopPreview.addEventListener("click", () => {
  const item = current();
  if (item) send("results.preview", { item_id: item.id, mode: null });
  ui.viewMode.focus();
});

// Go to an item by its number: the form, or typing the number (single keys on).
function goToNumber(number) {
  const item = state?.items[number - 1];
  if (!item) {
    ui.error.textContent = t("no_item_number", { n: number });
    return;
  }
  chooseItem(item);
}
ui.goto.addEventListener("submit", (event) => {
  event.preventDefault();
  goToNumber(Number(ui.gotoNumber.value));
});

// Single-key shortcuts (letters, digits) have an off switch, remembered on
// this laptop; arrows and PageUp/PageDown (a presentation clicker) always work.
const SHORTCUTS_KEY = "facilitate-console-single-keys";
ui.singleKeys.checked = localStorage.getItem(SHORTCUTS_KEY) !== "off";
const markShortcuts = () => document.querySelectorAll("[data-activity-controls] [data-action]").forEach((button) => {
  if (ui.singleKeys.checked) button.setAttribute("aria-keyshortcuts", button.dataset.shortcut ?? button.getAttribute("aria-keyshortcuts"));
  else { button.dataset.shortcut ??= button.getAttribute("aria-keyshortcuts"); button.removeAttribute("aria-keyshortcuts"); }
});
document.querySelectorAll("[data-activity-controls] [data-action]").forEach((button) => {
  button.dataset.shortcut = button.getAttribute("aria-keyshortcuts");
});
markShortcuts();
ui.singleKeys.addEventListener("change", () => {
  localStorage.setItem(SHORTCUTS_KEY, ui.singleKeys.checked ? "on" : "off");
  markShortcuts();
});

const ALWAYS = { ArrowRight: "agenda.next", PageDown: "agenda.next", ArrowLeft: "agenda.prev", PageUp: "agenda.prev" };
const SINGLE = { n: "agenda.next", p: "agenda.prev", o: "activity.open", l: "activity.lock", c: "activity.close", r: "results.reveal" };
let digits = "";
let digitsTimer = null;
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select, summary") || event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (ALWAYS[key] && !ended()) {
    event.preventDefault();
    act(ALWAYS[key]);
    return;
  }
  if (!ui.singleKeys.checked) return;
  if (SINGLE[key]) {
    event.preventDefault();
    act(SINGLE[key]);
  } else if (/^[0-9]$/.test(key)) {
    // "1" then "2" within a moment is item 12.
    digits += key;
    clearTimeout(digitsTimer);
    const count = state?.items.length ?? 0;
    const wait = Number(`${digits}0`) <= count ? 700 : 0;
    digitsTimer = setTimeout(() => { const n = Number(digits); digits = ""; if (n) goToNumber(n); }, wait);
  }
});

// A full state replaces the console's view; a partial one (a reconnect that
// missed nothing on the agenda) brings fresh results, presence and moderation.
function adopt(next) {
  setServerTime(next.server_time);
  if (next.full) state = next;
  results = next.results;
  preview = next.preview ?? null;
  presence = next.presence;
  moderation = { item_id: current()?.id, texts: next.moderation ?? [] };
  if (!ended()) lookback = null;
  if (state.items) ui.gotoNumber.max = String(state.items.length);
  renderAll();
}

const socket = connectLive({
  auth: { role: "console", code: root.dataset.code, lang: root.dataset.lang },
  statusEl: $("[data-connection]"),
  handlers: {
    state: adopt,
    results: (next) => { if (newer(next, results)) { results = next; renderCurrent(); } },
    preview: (next) => { if (newer(next, preview)) { preview = next; renderCurrent(); } },
    presence: (next) => { presence = next; renderPresence(); },
    moderation: (next) => { moderation = next; renderModeration(shownItem()); },
    refused: (error) => { ui.error.textContent = error?.data?.message ?? ""; },
  },
});
consoleClock($("[data-live-clock]"));
setInterval(() => state && renderTiming(), 30000);
mountDevices(socket);
