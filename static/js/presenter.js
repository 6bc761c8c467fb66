// The projector: read-only. The join QR stays big until something is on
// screen; then results take the room and the QR shrinks to a corner.
import { $ } from "./dom.js";
import { t } from "./i18n.js";
import { connectLive } from "./live.js";
import { newer, renderResults } from "./results.js";
import { renderProjectorCheckin } from "./checkin.js";

const root = $("[data-presenter]");
const ui = { title: $("[data-current-title]"), results: $("[data-results]"), join: $("[data-join]"),
             qrs: $("[data-municipality-qrs]") };
let state = null;
let results = null;

function render() {
  const item = state?.current;
  const gathering = state?.gathering;
  ui.title.textContent = item ? (item.activity_kind && item.status !== "idle" ? item.definition.question : item.title)
    : gathering?.status === "ended" ? t("ended") : gathering?.title ?? "";
  const showingResults = item?.activity_kind && item.status !== "idle";
  ui.join.classList.toggle("big", !showingResults);
  if (ui.qrs) ui.qrs.hidden = Boolean(item);
  renderResults(ui.results, showingResults && results?.item_id === item.id ? results : null, item,
    state?.municipalities ?? []);
  renderProjectorCheckin(document.querySelector("[data-checkin]"), state);
}

connectLive({
  auth: { role: "presenter", code: root.dataset.code, key: root.dataset.key, lang: root.dataset.lang },
  statusEl: $("[data-connection]"),
  handlers: {
    state: (next) => {
      if (next.full) state = next;
      results = next.results;
      render();
    },
    results: (next) => { if (newer(next, results)) { results = next; render(); } },
  },
});
