// The programme record in the room: the pre-work answers beside a live
// activity (console: every municipality; phone: its own municipality's),
// and the check-in of the module before (console lists it, the projector
// shows one municipality's when the facilitator opens it).
import { el } from "./dom.js";
import { t } from "./i18n.js";

function initiativeList(initiatives) {
  if (!initiatives.length) return el("p", { class: "muted", text: t("checkin_empty") });
  return el("ul", { class: "texts", "data-checkin-initiatives": "" }, initiatives.map((item) =>
    el("li", {}, el("strong", { text: item.what }), " ",
      el("span", { class: "muted", text: [item.owner, item.due, t(`term_${item.term}`), t(`status_${item.status}`)].filter(Boolean).join(" · ") }))));
}

function ambitionLine(ambition) {
  if (!ambition?.level) return null;
  return el("p", {}, el("strong", { text: t("ambition_level", { n: ambition.level }) }),
    ambition.text ? el("span", { text: ` – ${ambition.text}` }) : null);
}

function preworkCard(prework) {
  return el("div", { class: "card", "data-prework-card": "" },
    el("h2", { text: t("prework_beside") }),
    el("p", { class: "muted", text: prework.question }),
    el("ul", { class: "texts" }, prework.municipalities.map((m) =>
      el("li", { "data-prework-for": m.name }, el("strong", { text: `${m.name}: ` }),
        m.answers.length ? m.answers.join(" · ") : el("span", { class: "muted", text: t("prework_none") })))));
}

function checkinCard(checkin, send) {
  return el("div", { class: "card", "data-checkin-card": "" },
    el("h2", { text: t("checkin_title", { n: checkin.module }) }),
    el("ul", { class: "texts" }, checkin.municipalities.map((m) => {
      const shown = checkin.shown === m.municipality_id;
      return el("li", { "data-checkin-for": m.name },
        el("h3", { text: m.name }), ambitionLine(m.ambition), initiativeList(m.initiatives),
        el("button", { type: "button", class: "small", "aria-pressed": String(shown), "data-checkin-show": m.municipality_id,
                       onclick: () => send("checkin.show", { municipality_id: shown ? null : m.municipality_id }) },
          shown ? t("checkin_hide") : t("checkin_show")));
    })));
}

// Console: rebuilt with each full state.
export function renderConsolePanels(container, state, currentItem, send) {
  const cards = [];
  if (state.prework && currentItem && state.prework.item_id === currentItem.id) cards.push(preworkCard(state.prework));
  if (state.checkin?.municipalities?.length) cards.push(checkinCard(state.checkin, send));
  container.replaceChildren(...cards);
}

// Projector: the opened check-in, or nothing.
export function renderProjectorCheckin(container, state) {
  const shown = state?.checkin?.shown;
  container.hidden = !shown;
  if (!shown) { container.replaceChildren(); return; }
  container.replaceChildren(
    el("h2", { text: `${shown.name}: ${t("checkin_title", { n: state.checkin.module })}` }),
    ambitionLine(shown.ambition) ?? "", initiativeList(shown.initiatives));
}

// Phone: its municipality's pre-work for the current activity, fetched once per item.
const fetched = new Map();
export function renderPhonePrework(container, code, activity) {
  const named = activity && activity.status !== "idle";
  if (!named) { container.hidden = true; return; }
  const show = (found) => {
    const answers = found?.municipalities?.[0]?.answers ?? [];
    container.hidden = !found;
    if (!found) return;
    container.replaceChildren(el("h2", { text: t("your_prework") }),
      answers.length ? el("ul", { class: "texts" }, answers.map((text) => el("li", { text })))
        : el("p", { class: "muted", text: t("prework_none") }));
  };
  if (fetched.has(activity.id)) { show(fetched.get(activity.id)); return; }
  fetched.set(activity.id, null);
  fetch(`/j/${encodeURIComponent(code)}/prework/${activity.id}`, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : null))
    .then((found) => { fetched.set(activity.id, found); show(found); })
    .catch(() => fetched.delete(activity.id));
}
