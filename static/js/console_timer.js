// The facilitator's countdown controls for the item on screen: start a
// countdown of some minutes, pause and resume it, add time, clear it.
// The countdown itself (static/js/timer.js) shows here, on the projector
// and on the phones, all on the server's clock.
import { el } from "./dom.js";
import { redraw } from "./focus.js";
import { t } from "./i18n.js";
import { mountCountdown } from "./timer.js";

export function timerControls({ display, controls, send }) {
  const countdown = mountCountdown(display);
  let shownKey = null;
  let minutes = null;

  return function render(item) {
    countdown.update(item?.timer ?? null);
    const timer = item?.timer ?? null;
    const key = JSON.stringify([item?.id ?? null, timer ? [timer.running, timer.total] : null]);
    if (key === shownKey) return;
    shownKey = key;
    redraw(controls, () => {
      if (!item) { controls.replaceChildren(); return; }
      const act = (event, extra = {}) => send(event, { item_id: item.id, ...extra });
      if (!timer) {
        minutes ??= el("input", { type: "number", id: "timer-minutes", min: 1, max: 360, step: 1,
                                  inputmode: "numeric", class: "timer-minutes", "data-timer-minutes": "",
                                  "data-focus-key": "timer-minutes" });
        if (!minutes.value || document.activeElement !== minutes) minutes.value = String(Math.min(item.duration, 360));
        controls.replaceChildren(
          el("label", { for: "timer-minutes", text: t("minutes") }), minutes,
          el("button", { type: "button", class: "small primary", "data-timer": "start", "data-focus-key": "timer-start",
                         onclick: () => act("timer.start", { seconds: Math.round(Number(minutes.value) * 60) }) },
            t("start_countdown")));
        return;
      }
      controls.replaceChildren(
        timer.running
          ? el("button", { type: "button", class: "small", "data-timer": "pause", "data-focus-key": "timer-pause",
                           onclick: () => act("timer.pause") }, t("pause"))
          : el("button", { type: "button", class: "small primary", "data-timer": "resume", "data-focus-key": "timer-pause",
                           onclick: () => act("timer.resume") }, t("resume")),
        el("button", { type: "button", class: "small", "data-timer": "extend", "data-focus-key": "timer-plus1",
                       onclick: () => act("timer.extend", { seconds: 60 }) }, t("plus_minutes", { n: 1 })),
        el("button", { type: "button", class: "small", "data-timer": "extend5", "data-focus-key": "timer-plus5",
                       onclick: () => act("timer.extend", { seconds: 300 }) }, t("plus_minutes", { n: 5 })),
        el("button", { type: "button", class: "small danger", "data-timer": "clear", "data-focus-key": "timer-clear",
                       onclick: () => act("timer.clear") }, t("clear_countdown")));
    });
  };
}
