// Group board (breakouts): each group's board on its phones, an overview of
// every group on the console, report-back on the projector. The phone view
// lives in board_phone.js, the console's in board_console.js, the
// projector's in board_report.js; this module is what the pages ask a kind.
import { el } from "../dom.js";
import { renderPhoneBoard } from "../board_phone.js";
import { consolePanel as boardConsolePanel, renderOverview } from "../board_console.js";
import { renderProjector } from "../board_report.js";

// The board draws its own phone view (no common answer form, and the same
// view after the reveal: totals then show on it) ...
export const ownPhoneView = true;
// ... and is always shown whole: no split by municipality.
export const singleView = true;

export function buildForm() {
  return { node: el("div"), value: () => null };
}

// The console gets every board, the projector progress or the group being
// reported (the server cuts the result for each audience: `view`).
export function renderResult(result, definition, context = {}) {
  if (result.view === "presenter") return renderProjector(result, context);
  if (result.view === "console") return renderOverview(result, context);
  return el("div");
}

export function renderPhone(result, ctx) {
  return renderPhoneBoard(result, ctx);
}

export function consolePanel(item, ctx) {
  return boardConsolePanel(item, ctx);
}
