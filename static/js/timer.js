// Countdowns on the server's clock (see facilitate/live/timer.py). Every
// `state` message carries `server_time`; the offset to this device's clock
// is kept here, so every screen shows the same second whatever its own clock
// says. A timer is {total, running, ends_at} or {total, running: false, remaining}.
//
//   import { setServerTime, mountCountdown } from "./timer.js";
//   setServerTime(state.server_time);            // on every state message
//   const countdown = mountCountdown(container, { announce: true });
//   countdown.update(item?.timer ?? null);       // on every render
import { el } from "./dom.js";
import { t } from "./i18n.js";

let offset = 0; // server clock minus this device's clock, in ms

export function setServerTime(serverTime) {
  if (typeof serverTime === "number") offset = serverTime - Date.now();
}

export const serverNow = () => Date.now() + offset;

export function remainingMs(timer, now = serverNow()) {
  if (!timer) return null;
  return Math.max(0, timer.running ? timer.ends_at - now : timer.remaining);
}

// "4:05", "12:00", "1:02:03"; rounded up, so 0:00 shows only when time is up.
export function formatRemaining(ms) {
  const seconds = Math.ceil(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

// The gentle signal: the last minute (or the last fifth of a short timer).
export function isEnding(timer, ms) {
  return ms > 0 && ms <= Math.min(60000, timer.total / 5);
}

// A countdown display. `announce` tells a screen reader, once each, that
// one minute is left and that the time is up (the ticking itself is silent).
export function mountCountdown(container, { announce = false, label = t("countdown") } = {}) {
  const digits = el("span", { class: "countdown-digits", "data-countdown-digits": "" });
  const note = el("span", { class: "countdown-note", "data-countdown-note": "" });
  const node = el("div", { class: "countdown", role: "timer", "aria-label": label, "data-countdown": "", hidden: true },
    digits, note);
  const spoken = announce ? el("p", { class: "visually-hidden", "aria-live": "polite", "data-countdown-announce": "" }) : null;
  container.append(node, ...(spoken ? [spoken] : []));
  let timer = null;
  let ticking = null;
  let said = new Set();

  const draw = () => {
    if (!timer) return;
    const ms = remainingMs(timer);
    digits.textContent = formatRemaining(ms);
    const ending = isEnding(timer, ms);
    node.classList.toggle("ending", ending);
    node.classList.toggle("done", ms === 0);
    node.classList.toggle("paused", !timer.running && ms > 0);
    note.textContent = ms === 0 ? t("time_up") : timer.running ? "" : t("paused");
    if (spoken) {
      const moment = ms === 0 ? "up" : ending ? "ending" : null;
      if (moment && !said.has(moment)) {
        said.add(moment);
        spoken.textContent = moment === "up" ? t("time_up") : t("time_ending");
      }
    }
    if (ms === 0 || !timer.running) stop();
  };
  const stop = () => { if (ticking) { clearInterval(ticking); ticking = null; } };

  return {
    node,
    update(next) {
      const key = (value) => JSON.stringify(value ?? null);
      if (key(next) === key(timer)) return;
      if (!next || !timer || next.total !== timer.total) said = new Set();
      timer = next;
      node.hidden = !timer;
      stop();
      if (!timer) return;
      draw();
      if (timer.running && remainingMs(timer) > 0) ticking = setInterval(draw, 250);
    },
  };
}
