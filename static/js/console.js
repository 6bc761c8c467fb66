// The facilitator's console: run of show, controls, results, moderation and
// who is here. Keyboard: arrows/N/P move, O open, L lock, C close, R reveal.
import { $, el } from "./dom.js";
import { t } from "./i18n.js";
import { KINDS } from "./kinds/index.js";
import { connectLive } from "./live.js";
import { newer, renderResults } from "./results.js";
import { vocabulary } from "./vocabulary.js";

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
  results: $("[data-results]"),
  notesCard: $("[data-notes-card]"),
  notes: $("[data-notes]"),
  kindCard: $("[data-kind-card]"),
  kindPanel: $("[data-kind-panel]"),
  moderationCard: $("[data-moderation-card]"),
  moderation: $("[data-moderation]"),
  presence: $("[data-presence]"),
  error: $("[data-error]"),
};
let state = null;
let results = null;
let presence = null;
let moderation = [];

const minutes = (hhmm) => { const [h, m] = hhmm.split(":").map(Number); return h * 60 + m; };
const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString("nb-NO", { hour: "2-digit", minute: "2-digit", hour12: false }) : "");
const minutesOfDay = (date) => date.getHours() * 60 + date.getMinutes() + date.getSeconds() / 60;
const current = () => state?.items?.find((item) => item.position === state.gathering.current_position
  && state.gathering.status === "running") ?? null;

function send(event, payload = {}) {
  ui.error.textContent = "";
  socket.timeout(10000).emit(event, payload, (error, ack) => {
    if (error) ui.error.textContent = t("error", { message: t("offline") });
    else if (!ack.ok) ui.error.textContent = ack.error.message;
  });
}

function renderAgenda() {
  const now = current();
  ui.agenda.replaceChildren(...state.items.map((item) => {
    const actual = item.started_at ? clock(item.started_at) : "";
    const li = el("li", { class: now && item.id === now.id ? "current" : item.ended_at ? "done" : "",
                          "data-item": item.position },
      el("button", { type: "button", "aria-current": now && item.id === now.id ? "step" : false,
                     onclick: () => send("agenda.goto", { position: item.position }) },
        el("span", { class: "times" }, item.planned_start, el("br"), el("span", { class: "muted", text: actual })),
        el("span", {}, el("span", { text: item.title }), el("br"),
          el("span", { class: "muted", text: `${kindLabel(item)} · ${item.duration} min` })),
        item.activity_kind ? el("span", { class: `badge ${item.status}`, text: vocabulary.statuses[item.status] }) : ""));
    return li;
  }));
}

function renderCurrent() {
  const item = current();
  ui.title.textContent = item ? item.title : state.gathering.status === "ended" ? t("ended") : t("not_started");
  ui.meta.textContent = item ? `${item.planned_start} · ${vocabulary.item_types[item.type]}${item.activity_kind ? ` · ${vocabulary.activity_kinds[item.activity_kind]}` : ""}` : "";
  const activity = item?.activity_kind ? item : null;
  ui.activityControls.hidden = !activity;
  ui.viewControls.hidden = !activity || Boolean(KINDS[activity.activity_kind]?.singleView);
  ui.notesCard.hidden = !item?.notes;
  ui.notes.textContent = item?.notes ?? "";
  if (activity) {
    const reveal = $("[data-action='results.reveal']");
    reveal.setAttribute("aria-pressed", String(activity.results_visible));
    $("[data-action='activity.open']").disabled = activity.status === "open";
    $("[data-action='activity.lock']").disabled = activity.status !== "open";
    $("[data-action='activity.close']").disabled = activity.status === "closed" || activity.status === "idle";
    ui.viewMode.value = activity.view_mode;
    ui.viewFocus.hidden = activity.view_mode !== "versus";
    if (activity.view_focus) ui.viewFocus.value = String(activity.view_focus);
  }
  renderKindPanel(activity);
  renderResults(ui.results, results && activity && results.item_id === activity.id ? results : null,
    activity, state.municipalities);
  renderModeration(activity);
  renderTiming();
}

// An agenda item is named by its activity kind when it has one ("Word
// cloud"), else by its type ("Talk").
function kindLabel(item) {
  return item.activity_kind ? vocabulary.activity_kinds[item.activity_kind] : vocabulary.item_types[item.type];
}

// The kind's own console tools (word-cloud merges, Q&A pins). Rebuilt only
// when what it shows changed, and never under the facilitator's typing.
let panelKey = null;
function renderKindPanel(activity) {
  const kind = activity ? KINDS[activity.activity_kind] : null;
  const shown = results && activity && results.item_id === activity.id ? results : null;
  const key = kind?.consolePanel ? JSON.stringify([activity.id, activity.state, shown?.revision]) : null;
  if (key === panelKey || ui.kindPanel.contains(document.activeElement) && document.activeElement.matches("input, textarea, select")) return;
  panelKey = key;
  const panel = key ? kind.consolePanel(activity, {
    results: shown,
    act: (action, params) => send("activity.action", { item_id: activity.id, action, params }),
    send,
    municipalities: new Map(state.municipalities.map((m) => [m.id, m.name])),
  }) : null;
  ui.kindPanel.replaceChildren(...(panel ? [panel] : []));
  ui.kindCard.hidden = !panel;
}

function renderModeration(activity) {
  const texts = activity && moderation.item_id === activity.id ? moderation.texts : [];
  ui.moderationCard.hidden = !texts.length;
  ui.moderation.replaceChildren(...texts.map((entry) => el("li", { class: entry.hidden ? "hidden-answer" : "",
                                                                   "data-moderation-item": entry.response_id },
    el("span", { text: entry.text }), " ",
    el("button", { type: "button", class: "small", "data-hide": entry.response_id,
                   onclick: () => send("response.hide", { response_id: entry.response_id, hidden: !entry.hidden }) },
      entry.hidden ? t("show") : t("hide")))));
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
  ui.meta.textContent += ` · ${t("elapsed", { n: Math.floor(elapsed), d: item.duration })}`;
  if (drift > 0) ui.schedule.textContent = t("behind", { n: drift });
  else if (drift < 0) ui.schedule.textContent = t("ahead", { n: -drift });
}

function renderAll() {
  if (!state) return;
  $("[data-action='gathering.start']").hidden = state.gathering.status === "running";
  renderAgenda();
  renderCurrent();
  renderPresence();
}

function act(action) {
  const item = current();
  if (action.startsWith("agenda.") || action.startsWith("gathering.")) {
    if (action === "gathering.end" && !window.confirm(t("confirm_end"))) return;
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
  const item = current();
  const mode = ui.viewMode.value;
  ui.viewFocus.hidden = mode !== "versus";
  const payload = { item_id: item.id, mode };
  if (mode === "versus") payload.municipality_id = Number(ui.viewFocus.value);
  send("results.view", payload);
});
ui.viewFocus.addEventListener("change", () =>
  send("results.view", { item_id: current().id, mode: "versus", municipality_id: Number(ui.viewFocus.value) }));

const KEYS = { ArrowRight: "agenda.next", n: "agenda.next", PageDown: "agenda.next",
  ArrowLeft: "agenda.prev", p: "agenda.prev", PageUp: "agenda.prev",
  o: "activity.open", l: "activity.lock", c: "activity.close", r: "results.reveal" };
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (KEYS[key]) {
    event.preventDefault();
    act(KEYS[key]);
  } else if (/^[1-9]$/.test(key) && state?.items[Number(key) - 1]) {
    send("agenda.goto", { position: Number(key) - 1 });
  }
});

// A full state replaces the console's view; a partial one (a reconnect that
// missed nothing on the agenda) brings fresh results, presence and moderation.
function adopt(next) {
  if (next.full) state = next;
  results = next.results;
  presence = next.presence;
  moderation = { item_id: current()?.id, texts: next.moderation ?? [] };
  renderAll();
}

const socket = connectLive({
  auth: { role: "console", code: root.dataset.code, lang: root.dataset.lang },
  statusEl: $("[data-connection]"),
  handlers: {
    state: adopt,
    results: (next) => { if (newer(next, results)) { results = next; renderCurrent(); } },
    presence: (next) => { presence = next; renderPresence(); },
    moderation: (next) => { moderation = next; renderModeration(current()); },
    refused: (error) => { ui.error.textContent = error?.data?.message ?? ""; },
  },
});
setInterval(() => state && renderCurrent(), 30000);
