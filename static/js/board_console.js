// The facilitator's breakout: an overview of every group (notes and dots,
// who is active, groups gone quiet) and the controls: start, the timer,
// voting, a message to every phone, moving people and choosing scribes,
// report-back on the projector, pins for the room summary, "come back".
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { timerNode } from "./board_timer.js";

const name = (municipalities, id) => municipalities?.get(id) ?? String(id);

function person(member, municipalities) {
  const place = name(municipalities, member.municipality_id);
  const given = member.name ?? member.by;
  return given ? `${given} (${place})` : place;
}

// A group is quiet when nobody has written or voted for `quiet_minutes`
// (counted from the start of the breakout when nothing happened yet); a
// group nobody is in is not.
export function quietMinutes(board, result, now = Date.now()) {
  if (!board.member_count) return null;
  const since = board.last_activity ?? result.started_at;
  if (!since) return null;
  const minutes = Math.floor((now - new Date(since).getTime()) / 60000);
  return minutes >= result.quiet_minutes ? minutes : null;
}

// Notes and clusters, most dots first (the server's ranking).
export function ranked(board) {
  const notes = new Map(board.notes.map((note) => [note.id, note]));
  const clusters = new Map(board.clusters.map((cluster) => [cluster.id, cluster]));
  return (board.ranked ?? []).map((entry) => (entry.type === "cluster"
    ? { ...clusters.get(entry.id), kind: "cluster", members: clusters.get(entry.id).notes.map((ref) => notes.get(ref)) }
    : { ...notes.get(entry.id), kind: "note" }));
}

export function renderOverview(result, { municipalities } = {}) {
  const status = el("p", { class: "board-status" }, timerNode(result.timer), " ",
    el("span", { "data-voting-state": result.voting ? "open" : "closed",
                 text: result.voting ? t("board_voting_open") : t("board_voting_closed") }));
  if (result.message) status.append(" · ", el("span", { "data-console-message": "", text: `${t("board_message")}: ${result.message}` }));
  const cards = result.boards.map((board) => {
    const quiet = quietMinutes(board, result);
    return el("section", { class: quiet === null ? "board-card" : "board-card quiet", "data-overview-group": board.group,
                           "data-quiet": quiet === null ? "no" : "yes" },
      el("h3", {}, el("span", { text: board.name }),
        quiet === null ? null : el("span", { class: "badge quiet", text: t("board_quiet", { n: quiet }) })),
      el("p", { class: "muted", "data-group-counts": "" },
        t("board_counts", { members: board.member_count, active: board.active, notes: board.notes.length,
                            dots: board.dots_spent })),
      el("p", { class: "muted", text: board.scribe ? `${t("board_scribe")}: ${person(board.scribe, municipalities)}` : t("board_no_scribe") }),
      el("ol", { class: "board-ranked" }, ranked(board).map((entry) => el("li", { "data-overview-note": entry.id },
        el("strong", { text: `● ${entry.votes}  ` }),
        el("span", { text: entry.kind === "cluster" ? `${entry.name} (${entry.members.length})` : entry.text }),
        entry.kind === "note" ? el("span", { class: "muted", text: ` · ${person(entry, municipalities)}` }) : null))));
  });
  return el("div", { class: "board-overview", "data-board-overview": "" }, status,
    el("div", { class: "board-cards" }, cards));
}

// --- the controls ------------------------------------------------------------------

function numberField(id, label, value, attrs = {}) {
  const input = el("input", { id, type: "number", value: String(value), class: "narrow-number", ...attrs });
  return { input, field: el("span", { class: "inline-field" }, el("label", { for: id, text: label }), input) };
}

export function consolePanel(item, { results, act, send, municipalities }) {
  const result = results?.groups?.[0]?.result;
  const itemId = item.id;
  const panel = el("div", { class: "board-console", "data-board-console": "" }, el("h2", { text: t("board_run") }));
  const definition = item.definition;

  const size = numberField(`group-size-${itemId}`, t("board_group_size"), definition.group_size, { min: 2, max: 30 });
  panel.append(el("div", { class: "controls" },
    el("button", { type: "button", class: "primary", "data-breakout-start": "", onclick: () => {
      const payload = { item_id: itemId };
      if (definition.grouping === "mixed") payload.group_size = Number(size.input.value);
      send("breakout.start", payload);
    } }, t("board_start")),
    definition.grouping === "mixed" ? size.field : null,
    el("button", { type: "button", class: "danger", "data-breakout-end": "", disabled: item.status === "closed",
                   onclick: () => { if (window.confirm(t("board_confirm_end"))) send("breakout.end", { item_id: itemId }); } },
      t("board_end"))));

  const timer = (doing, amount) => send("breakout.timer", amount === undefined
    ? { item_id: itemId, do: doing } : { item_id: itemId, do: doing, amount });
  const seconds = numberField(`timer-seconds-${itemId}`, t("board_seconds_left"), 60, { min: 0, max: 21600, "data-timer-seconds": "" });
  const running = result?.timer?.running;
  panel.append(el("div", { class: "controls", role: "group", "aria-label": t("board_timer") },
    result ? timerNode(result.timer) : null,
    el("button", { type: "button", "data-timer-toggle": running ? "pause" : "start",
                   onclick: () => timer(running ? "pause" : "start") }, running ? t("board_pause") : t("board_resume")),
    el("button", { type: "button", "data-timer-add": "1", onclick: () => timer("add", 1) }, "+1 min"),
    el("button", { type: "button", "data-timer-add": "5", onclick: () => timer("add", 5) }, "+5 min"),
    el("button", { type: "button", "data-timer-add": "-1", onclick: () => timer("add", -1) }, "−1 min"),
    seconds.field,
    el("button", { type: "button", "data-timer-set": "", onclick: () => timer("set", Number(seconds.input.value)) }, t("board_set"))));

  const voting = result?.voting ?? true;
  panel.append(el("div", { class: "controls" },
    el("button", { type: "button", "aria-pressed": String(voting), "data-voting-toggle": "",
                   onclick: () => act("voting", { open: !voting }) }, voting ? t("board_close_voting") : t("board_open_voting")),
    el("span", { class: "muted", text: t("board_reveal_hint") })));

  const message = el("input", { id: `board-message-${itemId}`, type: "text", maxlength: 280, "data-board-message-input": "" });
  const messageForm = el("form", { class: "controls", "data-board-message-form": "" },
    el("label", { for: message.id, text: t("board_message_all") }), message,
    el("button", { type: "submit", text: t("board_send_message") }),
    el("button", { type: "button", class: "small", onclick: () => send("breakout.message", { item_id: itemId, text: "" }) }, t("board_clear_message")));
  messageForm.addEventListener("submit", (event) => {
    event.preventDefault();
    send("breakout.message", { item_id: itemId, text: message.value });
    message.value = "";
  });
  panel.append(messageForm);

  if (result) panel.append(reportControls(result, act), groupsTools(result, itemId, act, send, municipalities));
  return panel;
}

// Report-back: the projector shows one group's board at a time.
// Groups with nothing on their board are skipped.
function reportControls(result, act) {
  const withNotes = result.boards.filter((board) => board.notes.length);
  const order = (withNotes.length ? withNotes : result.boards).map((board) => board.group);
  const at = order.indexOf(result.report);
  const go = (target) => act("report", { group_id: target });
  const showing = result.report === "summary" ? t("board_summary")
    : at >= 0 ? result.boards.find((board) => board.group === result.report).name : t("board_report_none");
  return el("div", { class: "controls", role: "group", "aria-label": t("board_report") },
    el("strong", { text: `${t("board_report")}: ` }), el("span", { "data-report-showing": "", text: showing }),
    el("button", { type: "button", "data-report-prev": "", disabled: !order.length,
                   onclick: () => go(order[at <= 0 ? order.length - 1 : at - 1]) }, `← ${t("board_previous_group")}`),
    el("button", { type: "button", "data-report-next": "", disabled: !order.length,
                   onclick: () => go(order[at < 0 || at >= order.length - 1 ? 0 : at + 1]) }, `${t("board_next_group")} →`),
    el("button", { type: "button", "data-report-summary": "", onclick: () => go("summary") }, t("board_summary")),
    el("button", { type: "button", "data-report-stop": "", onclick: () => go(null) }, t("board_report_stop")));
}

// Which groups' tools the facilitator has open: the panel is rebuilt with
// every change on the boards, and must not close them.
const openTools = new Set();

// Per group: its scribe, its members (move anyone) and its notes (pin to the summary).
function groupsTools(result, itemId, act, send, municipalities) {
  const pinned = new Set(result.summary.map((pin) => `${pin.group}:${pin.note}`));
  return el("div", { class: "board-groups-tools" }, result.boards.map((board) => {
    const scribe = el("select", { id: `scribe-${board.group}`, "data-scribe-select": board.group },
      el("option", { value: "", text: t("board_no_scribe") }),
      board.members.map((member) => el("option", { value: String(member.device), selected: board.scribe?.device === member.device,
                                                   text: person(member, municipalities) })));
    scribe.addEventListener("change", () => send("breakout.scribe", { item_id: itemId, group_id: board.group,
      device_id: scribe.value ? Number(scribe.value) : null }));
    const details = el("details", { class: "card", "data-group-tools": board.group, open: openTools.has(board.group) },
      el("summary", { text: `${board.name} · ${t("board_counts", { members: board.member_count, active: board.active, notes: board.notes.length, dots: board.dots_spent })}` }),
      el("div", { class: "controls" }, el("label", { for: scribe.id, text: t("board_scribe") }), scribe),
      el("ul", { class: "board-members" }, board.members.map((member) => {
        const move = el("select", { "aria-label": `${t("board_move")}: ${person(member, municipalities)}`, "data-move": member.device },
          result.boards.map((target) => el("option", { value: String(target.group), selected: target.group === board.group, text: target.name })));
        move.addEventListener("change", () => send("breakout.move", { item_id: itemId, device_id: member.device, group_id: Number(move.value) }));
        return el("li", {}, el("span", { text: `${person(member, municipalities)} ` }), move);
      })),
      el("ul", { class: "texts" }, board.notes.map((note) => {
        const on = pinned.has(`${board.group}:${note.id}`);
        return el("li", {}, el("span", { text: `● ${note.votes} ${note.text} ` }),
          el("button", { type: "button", class: "small", "aria-pressed": String(on), "data-pin": note.id,
                         onclick: () => act("pin", { group_id: board.group, note: note.id, pinned: !on }) },
            on ? t("unpin") : t("board_pin")));
      })));
    details.addEventListener("toggle", () => {
      if (details.open) openTools.add(board.group); else openTools.delete(board.group);
    });
    return details;
  }));
}
