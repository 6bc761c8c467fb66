// The projector: read-only, one slide that always fits the screen.
// - The question shows as soon as its item is on screen, opened or not.
// - Results show only when the facilitator reveals them; until then, how
//   many have answered, with the join code big enough to scan.
// - The join address and code stay in a corner on every slide (the QR about
//   190 px once results show); after the gathering ends, the slide says so.
import { $ } from "./dom.js";
import { fit, gridFor } from "./fit.js";
import { t } from "./i18n.js";
import { KINDS } from "./kinds/index.js";
import { connectLive } from "./live.js";
import { newer, renderResults } from "./results.js";
import { renderProjectorCheckin } from "./checkin.js";
import { mountCountdown, setServerTime } from "./timer.js";

const root = $("[data-presenter]");
const ui = {
  eyebrow: $("[data-eyebrow]"), title: $("[data-current-title]"), body: $("[data-slide-body]"),
  results: $("[data-results]"), join: $("[data-join]"), corner: $("[data-join-corner]"),
  qrs: $("[data-municipality-qrs]"), held: $("[data-held]"), heldCount: $("[data-held-count]"),
  heldNote: $("[data-held-note]"), message: $("[data-slide-message]"),
  bigCountdown: $("[data-big-countdown]"), page: $("[data-page-indicator]"),
};
const cornerCountdown = mountCountdown($("[data-countdown-slot]"));
const bigCountdown = mountCountdown(ui.bigCountdown);
const PAGE_SECONDS = 10;
let state = null;
let results = null;
let paging = { pages: [], show: () => {} };
let page = 0;
let pageTimer = null;

// What the slide shows now.
function slideOf() {
  const gathering = state?.gathering;
  const item = state?.current ?? null;
  if (gathering?.status === "ended") return { kind: "ended", item };
  if (!item) return { kind: "join", item };
  const activity = item.activity_kind ? item : null;
  const shown = results && activity && results.item_id === activity.id ? results : null;
  if (activity && activity.status !== "idle" && shown) {
    return { kind: shown.hidden ? "held" : "results", item, results: shown };
  }
  if (activity) return { kind: "join", item };
  return { kind: item.timer ? "countdown" : "join", item };
}

function render() {
  const gathering = state?.gathering;
  const slide = slideOf();
  const { item } = slide;
  ui.eyebrow.textContent = item?.activity_kind ? item.title : gathering?.title ?? "";
  ui.title.textContent = slide.kind === "ended" ? t("ended")
    : item ? (item.activity_kind ? item.definition.question : item.title) : gathering?.title ?? "";
  const welcome = !item || item.type === "welcome";
  const perMunicipality = ui.qrs && welcome && slide.kind === "join";
  ui.join.hidden = slide.kind !== "join" || perMunicipality;
  if (ui.qrs) ui.qrs.hidden = !perMunicipality;
  ui.corner.hidden = slide.kind === "ended" || (slide.kind === "join" && !perMunicipality);
  ui.held.hidden = slide.kind !== "held";
  ui.message.hidden = !(slide.kind === "join" && item?.activity_kind && item.status === "idle");
  ui.message.textContent = t("opens_soon");
  ui.bigCountdown.hidden = slide.kind !== "countdown";
  root.dataset.slide = slide.kind;
  if (slide.kind === "held") {
    ui.heldCount.textContent = t("respondents", { n: slide.results.respondents });
    ui.heldNote.textContent = item.status === "open" ? t("answer_on_phone") : vocabularyStatus(item.status);
  }
  bigCountdown.update(slide.kind === "countdown" ? item.timer : null);
  cornerCountdown.update(slide.kind !== "countdown" && slide.kind !== "ended" ? item?.timer ?? null : null);
  renderResults(ui.results, slide.kind === "results" ? slide.results : null, item, state?.municipalities ?? []);
  ui.results.hidden = slide.kind !== "results";
  renderProjectorCheckin(document.querySelector("[data-checkin]"), state);
  layout(slide);
}

function vocabularyStatus(status) {
  return status === "locked" ? t("locked") : t("closed");
}

// Fit what is shown into the slide's body, turning pages when it must.
function layout(slide) {
  const body = ui.body;
  if (perMunicipalityShown()) sizeQrGrid();
  // A kind that draws its whole view (mapping) fits it to the screen itself.
  if (slide.kind !== "results" || KINDS[slide.item.activity_kind]?.renderView) {
    setPages({ pages: [], show: () => {} });
    return;
  }
  const style = getComputedStyle(document.body);
  const base = Number.parseFloat(style.fontSize);
  // Readable from the back of the room: about 1/45 of the screen's height.
  const min = Math.max(14, window.innerHeight / 45);
  setPages(fit(body, ui.results, { min, max: Math.max(min, base * 1.25) }));
}

function showPage() {
  paging.show(page);
  const several = paging.pages.length > 1;
  ui.page.textContent = several ? t("page_of", { n: page + 1, of: paging.pages.length }) : "";
  ui.page.dataset.page = several ? String(page + 1) : "";
  ui.page.dataset.pages = String(paging.pages.length);
}

function setPages(next) {
  paging = next;
  if (page >= paging.pages.length) page = 0;
  showPage();
  const several = paging.pages.length > 1;
  if (several && !pageTimer) {
    pageTimer = setInterval(() => {
      page = (page + 1) % paging.pages.length;
      showPage();
    }, PAGE_SECONDS * 1000);
  } else if (!several && pageTimer) {
    clearInterval(pageTimer);
    pageTimer = null;
  }
}

function perMunicipalityShown() {
  return ui.qrs && !ui.qrs.hidden;
}

function sizeQrGrid() {
  const box = ui.body.getBoundingClientRect();
  const count = ui.qrs.children.length;
  const fontPx = Number.parseFloat(getComputedStyle(ui.qrs).fontSize);
  const grid = gridFor(count, box.width, box.height, fontPx * 2.6, fontPx * 0.8);
  ui.qrs.style.setProperty("--qr-columns", String(grid.columns));
  ui.qrs.style.setProperty("--qr-size", `${grid.size}px`);
}

// Results can come ten times a second: draw at most four times a second.
let pending = null;
function scheduleRender() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; render(); }, 250);
}

window.addEventListener("resize", scheduleRender);

connectLive({
  auth: { role: "presenter", code: root.dataset.code, key: root.dataset.key, lang: root.dataset.lang },
  statusEl: $("[data-connection]"),
  handlers: {
    state: (next) => {
      setServerTime(next.server_time);
      if (next.full) state = next;
      results = next.results;
      render();
    },
    results: (next) => { if (newer(next, results)) { results = next; scheduleRender(); } },
  },
});
