import { el } from "../dom.js";
import { t } from "../i18n.js";
import { bars } from "../bars.js";

export function renderResult(result) {
  return bars(result.options.map((option) => ({ label: option.label, value: option.points })),
    { valueText: (row) => t("points", { n: row.value }) });
}

// Up and down buttons rather than drag and drop: they work with a thumb, a
// keyboard and a screen reader alike.
export function buildForm(definition, previous) {
  let order = Array.isArray(previous) && previous.length === definition.options.length
    ? [...previous] : definition.options.map((_, index) => index);
  const list = el("ol", { class: "rank-list" });
  // A move is said once: where the option went (the buttons keep focus).
  const moved = el("p", { class: "visually-hidden", "aria-live": "polite", "data-rank-moved": "" });
  const draw = (focusIndex, focusDirection) => {
    list.replaceChildren(...order.map((option, place) => el("li", { "data-option": option },
      el("strong", { text: `${place + 1}.` }),
      el("span", { text: definition.options[option] }),
      el("button", { type: "button", class: "small", "aria-label": `${t("move_up")}: ${definition.options[option]}`,
                     disabled: place === 0, onclick: () => move(place, -1) }, "↑"),
      el("button", { type: "button", class: "small", "aria-label": `${t("move_down")}: ${definition.options[option]}`,
                     disabled: place === order.length - 1, onclick: () => move(place, 1) }, "↓"))));
    if (focusIndex !== undefined) {
      const buttons = list.children[focusIndex].querySelectorAll("button");
      const target = focusDirection < 0 ? buttons[0] : buttons[1];
      (target.disabled ? buttons[focusDirection < 0 ? 1 : 0] : target).focus();
    }
  };
  const move = (place, direction) => {
    const other = place + direction;
    [order[place], order[other]] = [order[other], order[place]];
    draw(other, direction);
    moved.textContent = t("rank_moved", { option: definition.options[order[other]], n: other + 1 });
  };
  draw();
  return { node: el("div", {}, el("p", { class: "muted", text: t("rank_first") }), list, moved),
           value: () => [...order] };
}

// What was saved, in words, for the phone's confirmation.
export function summarize(definition, value) {
  return (value ?? []).map((option, place) => `${place + 1}. ${definition.options[option]}`);
}
