// The projector during a breakout: the timer big, and how far each group
// has come (never a note). At report-back: one group's board, most-voted
// first, clusters with their notes; or the room summary (pinned notes).
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { timerNode } from "./board_timer.js";
import { ranked } from "./board_console.js";

export function renderProjector(result, { municipalities } = {}) {
  if (result.shown) return reportBack(result.shown, result, municipalities);
  if (result.report === "summary") return summary(result);
  return el("div", { class: "board-projector", "data-board-projector": "" },
    timerNode(result.timer, { big: true }),
    result.message ? el("p", { class: "board-banner", text: result.message }) : null,
    el("ul", { class: "board-progress" }, result.boards.map((board) =>
      el("li", { "data-progress-group": board.group },
        el("strong", { text: board.name }),
        el("span", { text: t("board_progress", { notes: board.note_count, active: board.active, members: board.member_count }) })))));
}

function reportBack(board, result, municipalities) {
  const columns = result.columns;
  const place = (id) => municipalities?.get(id) ?? "";
  const meta = (entry) => [columns[entry.column], result.grouping === "mixed" ? place(entry.municipality_id) : null]
    .filter(Boolean).join(" · ");
  return el("section", { class: "board-report", "data-report-group": board.group },
    el("h2", { text: board.name }),
    el("ol", { class: "board-ranked big" }, ranked(board).map((entry) => el("li", { "data-report-entry": entry.id },
      el("span", { class: "report-votes", text: `● ${entry.votes}` }),
      el("span", { class: "report-text", text: entry.kind === "cluster" ? entry.name : entry.text }),
      entry.kind === "cluster"
        ? el("ul", { class: "report-members" }, entry.members.map((note) => el("li", { text: note.text })))
        : el("span", { class: "report-meta", text: meta(entry) })))));
}

function summary(result) {
  return el("section", { class: "board-report", "data-room-summary": "" },
    el("h2", { text: t("board_summary") }),
    result.summary.length ? el("ol", { class: "board-ranked big" }, result.summary.map((pin) =>
      el("li", { "data-summary-note": pin.note }, el("span", { class: "report-text", text: pin.text }),
        el("span", { class: "report-meta", text: pin.group_name }))))
      : el("p", { class: "muted", text: t("board_summary_empty") }));
}
