// The board's countdown, the same second on every screen: the server keeps
// the deadline (its own clock, in ms); each page shows it shifted by its
// offset to the server's clock (measured when the phone asked the server,
// board.me), so a phone whose clock is wrong still shows the right time.
// One ticker updates every countdown on the page once a second.
//
// INTEGRATION POINT: the shared item timer (branch screens-room) replaces
// this module's source of truth once merged; the display can stay.
import { el } from "./dom.js";
import { t } from "./i18n.js";

const ENDING_MS = 60000; // the gentle signal: the last minute
const shown = new Set();
let offsetMs = 0; // server clock minus this page's clock

export function setServerOffset(serverNowMs, sentAt, receivedAt) {
  offsetMs = serverNowMs - (sentAt + receivedAt) / 2;
}

export function remainingMs(timer, localNow = Date.now()) {
  if (!timer) return null;
  if (!timer.running) return timer.remaining_ms;
  return Math.max(0, timer.ends_at_ms - (localNow + offsetMs));
}

export function format(ms) {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function update(node) {
  const left = remainingMs(node.timer);
  const over = left === 0;
  node.querySelector("[data-timer-left]").textContent = over ? t("time_up") : format(left);
  node.classList.toggle("ending", !over && left <= ENDING_MS && node.timer.running);
  node.classList.toggle("over", over);
  node.classList.toggle("paused", !node.timer.running && !over);
  if (over && !node.signalled && node.timer.running) {
    node.signalled = true;
    navigator.vibrate?.(200); // a phone that can, buzzes once
  }
}

// A countdown element for `timer` ({running, ends_at_ms, remaining_ms}).
export function timerNode(timer, { big = false } = {}) {
  const node = el("div", { class: big ? "board-timer big" : "board-timer", "data-board-timer": "",
                           role: "timer", "aria-live": "off" },
    el("span", { class: "visually-hidden", text: t("time_left") }),
    el("span", { class: "timer-left", "data-timer-left": "" }),
    el("span", { class: "timer-state", text: timer.running ? "" : t("timer_paused") }));
  node.timer = timer;
  node.signalled = remainingMs(timer) === 0;
  update(node);
  shown.add(node);
  return node;
}

setInterval(() => {
  for (const node of shown) {
    if (!node.isConnected) shown.delete(node);
    else update(node);
  }
}, 1000);
