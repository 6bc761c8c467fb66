// Capability mapping (facilitate/activities/mapping.py). Instead of the
// generic form and per-group result it brings:
//   phoneForm(activity, ctx) -> { node, update(ctx) }: rate an area at a time,
//       each rating saved as it is given (slot = the item key); in the
//       agreement round the group's spread, the scribe's agreed ratings and
//       the barriers and opportunities;
//   renderView(results, item, municipalities): the room's heatmap, profile
//       (radar, 2x2, weakest areas, change since before) or distribution;
//   consolePanel(item, ctx): round, projector view, sort, scribes.
import { el } from "../dom.js";
import { t } from "../i18n.js";
import { colour, dataTable, fmt, quadrant, radar, stackedBar } from "../mapping_charts.js";

// --- shared ---------------------------------------------------------------------

// Short codes for the heatmap's columns: the level number, or the area's
// code and the item's place in its area ("IN3").
function codes(framework) {
  const seen = new Map();
  return new Map(framework.items.map((item) => {
    if (item.number) return [item.key, String(item.number)];
    const area = framework.areas.find((a) => a.key === item.area);
    seen.set(area.key, (seen.get(area.key) ?? 0) + 1);
    return [item.key, `${area.code}${seen.get(area.key)}`];
  }));
}

function frameworkLine(framework) {
  const own = framework.items.some((item) => !item.verified);
  return `${t("map_framework_line", { name: framework.name, version: framework.version })}${own ? ` · ${t("map_unverified_note")}` : ""}`;
}

const marked = (item) => (item.verified ? item.name : `${item.name} *`);

export function renderResult(result, definition) {
  const code = codes(definition.framework);
  return el("ul", { class: "bars" }, result.items.map((item) => el("li", {},
    `${code.get(item.key)}: ${item.distribution.reduce((a, b) => a + b, 0)}`)));
}

// --- the room: heatmap, profile, distribution ----------------------------------------

export function renderView(results, item, municipalities) {
  const framework = item.definition.framework;
  const names = new Map(municipalities.map((m) => [m.id, m.name]));
  const view = el("div", { class: "mapping-view", "data-mapping-view": "", "data-show": results.show,
                           "data-phase": results.phase });
  view.append(el("p", { class: "map-head" },
    el("span", { class: "respondents", "data-respondents": "", text: t("respondents", { n: results.respondents }) }),
    el("span", { class: "muted", text: ` · ${frameworkLine(framework)}` })));
  const body = results.show === "profile" ? profile(results, framework, names)
    : results.show === "distribution" ? distribution(results, framework) : heatmap(results, framework, names);
  view.append(...[body].flat());
  return view;
}

function rowName(row, names) {
  return row.municipality_id === null ? t("others") : names.get(row.municipality_id) ?? row.key;
}

function cell(value, points, attrs) {
  const td = el("td", { ...attrs, text: fmt(value) });
  if (value !== null && value !== undefined) {
    const { background, ink } = colour(value, points);
    td.style.background = background;
    td.style.color = ink;
  }
  return td;
}

function heatmap(results, framework, names) {
  const points = framework.scale.points;
  const byKey = new Map(framework.items.map((it, index) => [it.key, { ...it, index }]));
  const columns = results.columns.map((key) => byKey.get(key));
  const code = codes(framework);
  const wide = columns.length <= 8; // few columns: their names fit
  const table = el("table", { class: `map-heatmap${wide ? " wide" : ""}`, "data-heatmap": "", "data-sort": results.sort });
  table.style.setProperty("--cols", String(columns.length));
  table.style.setProperty("--rows", String(results.rows.length + 4));
  table.append(el("caption", { class: "visually-hidden", text: t("map_heatmap_caption", { low: framework.scale.labels[0], high: framework.scale.labels[points - 1], points }) }));
  // A fixed table takes its column widths from the first row: name them here.
  table.append(el("colgroup", {}, el("col", { class: "map-name-col" }), columns.map(() => el("col"))));
  const head = el("thead");
  if (results.sort === "area") {
    head.append(el("tr", { class: "map-areas" }, el("td"), framework.areas.map((area) =>
      el("th", { scope: "colgroup", colspan: framework.items.filter((i) => i.area === area.key).length,
                 title: area.name, text: wide || framework.areas.length <= 4 ? area.name : area.code }))));
  }
  head.append(el("tr", {}, el("td"), columns.map((it) => el("th", {
    scope: "col", "data-item": it.key, title: marked(it), "aria-label": marked(it),
    class: it.verified ? "" : "own-wording", text: wide ? marked(it) : code.get(it.key) + (it.verified ? "" : "*") }))));
  table.append(head);
  const body = el("tbody");
  for (const row of results.rows) {
    const name = rowName(row, names);
    const label = el("th", { scope: "row", text: name });
    if (row.suppressed) {
      body.append(el("tr", { "data-row": row.key, "data-suppressed": "" }, label,
        el("td", { colspan: columns.length, class: "map-suppressed", text: t("map_hidden_row", { min: results.min_group }) })));
      continue;
    }
    label.append(el("span", { class: "map-n", text: ` (${row.n})` }));
    body.append(el("tr", { "data-row": row.key }, label, columns.map((it) => cell(row.medians[it.index], points, {
      "data-municipality": row.municipality_id ?? "others", "data-item": it.key,
      "data-median": row.medians[it.index] ?? "", "data-spread": row.spreads[it.index] ?? "" }))));
  }
  body.append(el("tr", { class: "map-room", "data-row": "room" }, el("th", { scope: "row", text: t("map_room") }),
    columns.map((it) => cell(results.items[it.index].median, points, { "data-room-median": results.items[it.index].median ?? "", "data-item": it.key }))));
  body.append(el("tr", { class: "map-spread", "data-row": "spread" }, el("th", { scope: "row", text: t("map_spread_row") }),
    columns.map((it) => el("td", { "data-room-spread": results.items[it.index].spread ?? "", "data-item": it.key, text: fmt(results.items[it.index].spread) }))));
  table.append(body);
  return el("div", { class: "map-fit" }, table);
}

// As mapping_stats.spokes_are_items: a spoke per item for the generations,
// or when fewer than three areas are mapped.
const spokesAreItems = (framework) => framework.radar === "items" || framework.areas.length < 3;

function spokesOf(framework) {
  const code = codes(framework);
  return spokesAreItems(framework)
    ? framework.items.map((it) => ({ code: code.get(it.key), name: marked(it) }))
    : framework.areas.map((area) => ({ code: area.code, name: area.name }));
}

function profile(results, framework, names) {
  const rows = results.rows.filter((row) => !row.suppressed && row.municipality_id !== null);
  const row = rows.find((r) => r.municipality_id === results.focus) ?? rows[0];
  if (!row) return el("p", { class: "suppressed", "data-no-profile": "", text: t("map_no_profile") });
  const name = names.get(row.municipality_id);
  const points = framework.scale.points;
  const spokes = spokesOf(framework);
  const title = t("map_vs_room", { name });
  const chart = radar({ spokes, points, title, series: [
    { kind: "room", values: results.room.spokes }, { kind: "own", values: row.spokes }] });
  const legend = el("table", { class: "map-legend", "data-radar": row.municipality_id },
    el("caption", { text: title }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "" }), el("th", { scope: "col", text: t(spokesAreItems(framework) ? "map_item" : "map_spoke") }),
      el("th", { scope: "col", class: "own", text: name }), el("th", { scope: "col", class: "room", text: t("map_room") }))),
    el("tbody", {}, spokes.map((spoke, i) => el("tr", { "data-spoke": spoke.code, "data-own": row.spokes[i] ?? "", "data-room": results.room.spokes[i] ?? "" },
      el("th", { scope: "row", text: spoke.code }), el("td", { text: spoke.name }),
      el("td", { class: "own", text: fmt(row.spokes[i]) }), el("td", { class: "room", text: fmt(results.room.spokes[i]) })))));
  const side = el("div", { class: "map-side" }, legend);
  if (framework.grid) side.append(grid(results, framework, names, row, rows));
  if (framework.weakest && row.weakest.length) {
    side.append(el("div", { class: "map-weakest", "data-weakest": row.weakest.join(",") },
      el("h3", { text: t("map_weakest") }),
      el("ol", {}, row.weakest.map((key) => {
        const area = framework.areas.find((a) => a.key === key);
        return el("li", { "data-weak": key, text: `${area.name} (${fmt(row.areas[key])})` });
      }))));
  }
  side.append(changes(row, framework));
  return el("div", { class: "map-profile", "data-profile": row.municipality_id },
    el("h2", { class: "map-profile-title", text: t("map_profile_of", { name }) }),
    el("div", { class: "map-profile-body" }, el("div", { class: "map-radar" }, chart), side));
}

function grid(results, framework, names, focus, rows) {
  const g = framework.grid;
  const dimension = (key) => framework.dimensions.find((d) => d.key === key)?.name ?? key;
  const dots = rows.filter((row) => row.position).map((row) => ({
    key: row.municipality_id, x: row.position.x, y: row.position.y, type: row.position.type,
    kind: row === focus ? "focus" : "other", label: names.get(row.municipality_id) }));
  if (results.room.position) {
    dots.unshift({ key: "room", x: results.room.position.x, y: results.room.position.y,
                   type: results.room.position.type, kind: "room", label: t("map_room") });
  }
  const type = focus.position ? g.types.find((k) => k.key === focus.position.type) : null;
  const title = t("map_grid_title", { x: dimension(g.x), y: dimension(g.y) });
  return el("div", { class: "map-grid", "data-grid-type": focus.position?.type ?? "" },
    quadrant({ grid: g, points: framework.scale.points, dots, title, labels: { x: dimension(g.x), y: dimension(g.y) } }),
    el("p", { class: "map-type", text: type ? type.name : t("map_no_position") }),
    dataTable(title, [t("map_group"), dimension(g.x), dimension(g.y), t("map_type")],
      dots.map((dot) => ({ attrs: { "data-position": dot.key }, cells: [dot.label, fmt(dot.x), fmt(dot.y), dot.type] }))));
}

function changes(row, framework) {
  const code = codes(framework);
  const keys = framework.items.map((it) => it.key).filter((key) => row.changes[key]);
  if (!keys.length) return el("p", { class: "muted map-change-none", "data-change-none": "", text: t("map_change_none") });
  return el("table", { class: "map-changes", "data-changes": "" },
    el("caption", { text: t("map_change") }),
    el("thead", {}, el("tr", {}, [t("map_item"), t("map_before"), t("map_now"), t("map_change_col")].map((text) => el("th", { scope: "col", text })))),
    el("tbody", {}, keys.map((key) => {
      const change = row.changes[key];
      return el("tr", { "data-change": key, "data-delta": change.change ?? "" },
        el("th", { scope: "row", text: code.get(key) }),
        el("td", { text: `${fmt(change.before)} (${t("map_module", { n: change.module })})` }),
        el("td", { text: fmt(change.now) }),
        el("td", { class: change.change > 0 ? "up" : change.change < 0 ? "down" : "", text: change.change > 0 ? `+${fmt(change.change)}` : fmt(change.change) }));
    })));
}

function distribution(results, framework) {
  const points = framework.scale.points;
  const code = codes(framework);
  const list = el("table", { class: "map-distribution", "data-distribution-view": "" },
    el("caption", { class: "visually-hidden", text: t("map_distribution_caption") }),
    el("colgroup", {}, el("col", { class: "map-code-col" }), el("col", { class: "map-text-col" }),
      el("col"), el("col", { class: "map-median-col" })));
  list.style.setProperty("--rows", String(framework.items.length + 1));
  list.append(el("tbody", {}, framework.items.map((it, index) => {
    const room = results.items[index];
    return el("tr", { "data-distribution": it.key, "data-counts": room.distribution.join(","), "data-dont-know": room.dont_know },
      el("th", { scope: "row", text: code.get(it.key) }),
      el("td", { class: "map-item-text", text: marked(it) }),
      el("td", { class: "map-bar" }, stackedBar(room.distribution, points),
        el("span", { class: "visually-hidden", text: room.distribution.map((n, i) => `${i + 1}: ${n}`).join(", ") })),
      el("td", { class: "map-median", text: fmt(room.median), "aria-label": `${t("map_median")} ${fmt(room.median)}` }));
  })));
  const legend = el("p", { class: "map-scale-legend muted" }, framework.scale.labels.map((label, i) => {
    const swatch = el("span", { class: "map-swatch", text: String(i + 1) });
    const { background, ink } = colour(i + 1, points);
    swatch.style.background = background;
    swatch.style.color = ink;
    return el("span", {}, swatch, label ? ` ${label} ` : " ");
  }));
  return [el("div", { class: "map-fit" }, list), legend];
}

// --- the console's tools ------------------------------------------------------------

export function consolePanel(item, { results, act, municipalities = [] }) {
  const framework = item.definition.framework;
  const state = item.state ?? {};
  const phase = state.phase ?? "individual";
  const own = framework.items.filter((it) => !it.verified).length;
  const pressed = (on) => String(Boolean(on));
  const button = (text, on, onclick, attrs = {}) => el("button", { type: "button", class: "small", "aria-pressed": pressed(on), onclick, text, ...attrs });
  const shown = (results?.rows ?? []).filter((row) => !row.suppressed && row.municipality_id !== null);
  const focus = el("select", { id: "map-focus", class: "select-auto", "data-map-focus": "",
    onchange: (event) => act("show", { view: "profile", municipality_id: Number(event.target.value) }) },
  municipalities.map((m) => el("option", { value: m.id, selected: state.focus === m.id, disabled: !shown.some((row) => row.municipality_id === m.id), text: m.name })));
  const scribes = results?.scribes ?? {};
  return el("div", { class: "map-console", "data-map-console": "" },
    el("h2", { text: t("map_console_title") }),
    el("p", { class: "muted", text: t("map_framework_info", { name: framework.name, key: framework.key, version: framework.version, n: own, total: framework.items.length }) }),
    el("div", { class: "controls", role: "group", "aria-label": t("map_phase") },
      button(t("map_phase_individual"), phase === "individual", () => act("phase", { phase: "individual" }), { "data-map-phase": "individual" }),
      button(t("map_phase_agree"), phase === "agree", () => act("phase", { phase: "agree" }), { "data-map-phase": "agree" })),
    el("div", { class: "controls", role: "group", "aria-label": t("map_show") },
      ["heatmap", "profile", "distribution"].map((view) => button(t(`map_show_${view}`), (state.show ?? "heatmap") === view,
        () => act("show", view === "profile" && focus.value ? { view, municipality_id: Number(focus.value) } : { view }), { "data-map-show": view })),
      el("label", { for: "map-focus", class: "visually-hidden", text: t("map_focus") }), focus),
    el("div", { class: "controls", role: "group", "aria-label": t("map_sort") },
      ["area", "spread"].map((by) => button(t(`map_sort_${by}`), (state.sort ?? "area") === by, () => act("sort", { by }), { "data-map-sort": by }))),
    el("h3", { text: t("map_scribes") }),
    el("ul", { class: "presence", "data-map-scribes": "" }, municipalities.map((m) => {
      const taken = scribes[m.id]?.taken;
      return el("li", { "data-scribe-for": m.name }, el("strong", { text: `${m.name}: ` }),
        taken ? t("map_scribe_yes") : t("map_scribe_no"), " ",
        taken ? el("button", { type: "button", class: "small", "data-release": m.id,
                               onclick: () => act("release_scribe", { municipality_id: m.id }), text: t("map_release") }) : null);
    })));
}

// --- the phone ------------------------------------------------------------------------

export function phoneForm(activity, context) {
  const framework = activity.definition.framework;
  const scale = framework.scale;
  const code = codes(framework);
  const areas = framework.areas.map((area) => ({ ...area, items: framework.items.filter((it) => it.area === area.key) }));
  const node = el("div", { class: "mapping-phone", "data-mapping-phone": "" });
  let ctx = context;
  let areaIndex = null;

  const pendingFor = (slot) => {
    const found = ctx.pending.filter((entry) => entry.slot === slot);
    return found.length ? found[found.length - 1].value : undefined;
  };
  const valueOf = (slot) => pendingFor(slot) ?? ctx.saved.get(slot);
  const rated = (key) => valueOf(key) !== undefined;

  function scaleRow(name, current, onpick, labelledBy) {
    const options = [];
    for (let point = 1; point <= scale.points; point += 1) {
      const id = `${name}-${point}`;
      options.push(el("label", { for: id, title: scale.labels[point - 1] || String(point) },
        el("input", { type: "radio", id, name, value: point, checked: current === point, onchange: () => onpick(point) }),
        String(point)));
    }
    if (scale.dont_know) {
      const id = `${name}-x`;
      options.push(el("label", { for: id, class: "dont-know" },
        el("input", { type: "radio", id, name, value: "", checked: current === null, onchange: () => onpick(null) }),
        t("map_dont_know")));
    }
    return el("div", { class: "scale-options map-scale", role: "radiogroup", "aria-labelledby": labelledBy }, options);
  }

  function ends() {
    return el("div", { class: "map-ends muted" }, el("span", { text: `1 ${scale.labels[0]}` }),
      el("span", { text: `${scale.points} ${scale.labels[scale.points - 1]}` }));
  }

  function rate(key, rating, note) {
    const value = { item: key, rating };
    if (note) value.note = note;
    ctx.submit(key, value);
  }

  function itemView(item) {
    const current = valueOf(item.key);
    const saved = ctx.saved.get(item.key);
    const waiting = pendingFor(item.key) !== undefined;
    const legendId = `map-legend-${item.key}`;
    const noteId = `map-note-${item.key}`;
    const note = el("input", { type: "text", id: noteId, maxlength: 200, "data-keep": "", value: current?.note ?? "" });
    const status = el("p", { class: "map-item-status", "data-item-status": waiting ? "sending" : saved ? "saved" : "",
      text: waiting ? t("map_item_sending") : saved ? `✓ ${t("map_item_saved")}` : "" });
    return el("fieldset", { class: "map-item", "data-map-item": item.key },
      el("legend", { id: legendId }, el("span", { class: "map-code", text: `${code.get(item.key)} ` }), item.text),
      item.description ? el("p", { class: "muted map-description", text: item.description }) : null,
      item.verified ? null : el("p", { class: "own-wording-note", "data-own-wording": "", text: t("map_own_wording") }),
      scaleRow(`map-${item.key}`, current?.rating, (rating) => rate(item.key, rating, note.value.trim()), legendId),
      ends(),
      el("details", { class: "map-note", "data-details": `note-${item.key}`, open: Boolean(current?.note) },
        el("summary", { text: t("map_add_note") }),
        el("label", { for: noteId, text: t("map_note_label") }), note,
        el("button", { type: "button", class: "small", "data-save-note": item.key, onclick: () => {
          const now = valueOf(item.key);
          if (now === undefined) { status.textContent = t("map_rate_first"); return; }
          rate(item.key, now.rating, note.value.trim());
        }, text: t("map_save_note") })),
      status);
  }

  function individualView() {
    const total = framework.items.length;
    const done = framework.items.filter((it) => rated(it.key)).length;
    if (areaIndex === null) {
      areaIndex = Math.max(0, areas.findIndex((area) => area.items.some((it) => !rated(it.key))));
    }
    const area = areas[areaIndex];
    const heading = el("h2", { id: "map-area-heading", tabindex: "-1", "data-area": area.key,
      text: t("map_area", { i: areaIndex + 1, n: areas.length, name: area.name }) });
    const go = (step) => {
      areaIndex = Math.min(areas.length - 1, Math.max(0, areaIndex + step));
      render();
      node.querySelector("#map-area-heading")?.focus();
    };
    return [
      el("div", { class: "map-progress" },
        el("progress", { max: total, value: done, "aria-labelledby": "map-progress-text" }),
        el("span", { id: "map-progress-text", "data-progress": `${done}/${total}`, text: t("map_progress", { n: done, total }) })),
      heading,
      area.description ? el("p", { class: "muted", text: area.description }) : null,
      area.items.map(itemView),
      el("div", { class: "map-nav" },
        el("button", { type: "button", "data-area-prev": "", disabled: areaIndex === 0, onclick: () => go(-1), text: `← ${t("map_prev_area")}` }),
        el("button", { type: "button", class: "primary", "data-area-next": "", disabled: areaIndex === areas.length - 1, onclick: () => go(1), text: `${t("map_next_area")} →` })),
      done === total ? el("p", { class: "status-line saved", "data-all-rated": "", text: t("map_all_done") }) : null,
    ];
  }

  function agreeView(part) {
    const generation = part.scribe.generation;
    const claim = ctx.saved.get("scribe");
    const mine = part.scribe.taken && claim?.scribe === generation;
    const spread = new Map((part.spread ?? []).map((s) => [s.key, s]));
    const parts = [el("h2", { text: t("map_agree_title") })];
    if (part.suppressed) {
      parts.push(el("p", { class: "suppressed", "data-spread-hidden": "", text: t("map_spread_hidden", { min: part.min_group }) }));
    }
    if (mine) parts.push(el("p", { class: "status-line saved", "data-scribe": "me", text: t("map_you_scribe") }));
    else if (part.scribe.taken) parts.push(el("p", { class: "muted", "data-scribe": "other", text: t("map_other_scribe") }));
    else {
      parts.push(el("p", { class: "muted", text: t("map_scribe_explain") }),
        el("button", { type: "button", class: "primary", "data-take-scribe": "", disabled: pendingFor("scribe") !== undefined,
                       onclick: () => ctx.submit("scribe", { scribe: generation }), text: t("map_take_scribe") }));
    }
    for (const area of areas) {
      parts.push(el("h3", { class: "map-area-title", text: area.name }));
      for (const item of area.items) {
        const group = spread.get(item.key);
        const pending = pendingFor(`agree:${item.key}`);
        const agreed = pending !== undefined ? pending.rating : part.agreed[item.key];
        const has = pending !== undefined || item.key in part.agreed;
        const legendId = `agree-legend-${item.key}`;
        const box = el("section", { class: "map-agree-item", "data-agree-item": item.key },
          el("p", { id: legendId, class: "map-agree-text" }, el("span", { class: "map-code", text: `${code.get(item.key)} ` }), item.text,
            item.verified ? null : el("span", { class: "own-wording-note", text: ` (${t("map_own_wording")})` })));
        if (group) {
          box.append(stackedBar(group.distribution, scale.points),
            el("p", { class: "muted", "data-group-median": group.median ?? "", "data-group-spread": group.spread ?? "",
                      text: group.median === null ? t("map_no_ratings") : t("map_median_spread", { m: fmt(group.median), s: fmt(group.spread) }) + (group.dont_know ? ` · ${t("map_dont_know")}: ${group.dont_know}` : "") }));
          if (group.comments.length) {
            box.append(el("details", { "data-details": `comments-${item.key}` }, el("summary", { text: t("map_comments", { n: group.comments.length }) }),
              el("ul", { class: "texts" }, group.comments.map((text) => el("li", { text })))));
          }
        }
        if (mine) {
          box.append(el("p", { class: "map-agree-label", text: t("map_agree_label") }),
            scaleRow(`agree-${item.key}`, has ? agreed : undefined,
              (rating) => ctx.submit(`agree:${item.key}`, { agree: item.key, rating, generation }), legendId));
        } else {
          box.append(el("p", { "data-agreed": has ? String(agreed ?? "") : "", class: has ? "map-agreed" : "muted",
            text: has ? t("map_agreed", { v: agreed === null ? t("map_dont_know") : agreed }) : t("map_not_agreed") }));
        }
        parts.push(box);
      }
    }
    parts.push(notesView(part, mine));
    return parts;
  }

  function notesView(part, mine) {
    const section = el("section", { class: "map-notes" }, el("h2", { text: t("map_notes_title") }));
    section.append(part.notes.length ? el("ul", { class: "texts", "data-notes": "" }, part.notes.map((note) =>
      el("li", { "data-note": note.type },
        el("strong", { text: `${note.type === "barrier" ? t("map_barrier") : t("map_opportunity")}: ` }), note.text,
        note.items.length ? el("span", { class: "muted", text: ` (${note.items.map((key) => code.get(key)).join(", ")})` }) : null)))
      : el("p", { class: "muted", text: t("map_no_notes") }));
    if (!mine) return section;
    const text = el("textarea", { id: "map-note-text", maxlength: 300, rows: 3, "data-keep": "" });
    const typeRow = el("div", { class: "scale-options", role: "radiogroup", "aria-label": t("map_note_type") },
      ["barrier", "opportunity"].map((type, index) => el("label", { for: `map-note-type-${type}` },
        el("input", { type: "radio", name: "map-note-type", id: `map-note-type-${type}`, value: type, checked: index === 0, "data-keep-check": "" }),
        type === "barrier" ? t("map_barrier") : t("map_opportunity"))));
    const links = el("details", { "data-details": "links" }, el("summary", { text: t("map_link_items") }),
      el("div", { class: "map-links" }, framework.items.map((item) => el("label", { class: "check", for: `map-link-${item.key}` },
        el("input", { type: "checkbox", id: `map-link-${item.key}`, value: item.key, "data-keep-check": "" }),
        `${code.get(item.key)} ${item.name}`))));
    const message = el("p", { class: "status-line", "aria-live": "polite" });
    section.append(el("div", { class: "map-note-form", "data-note-form": "" }, typeRow,
      el("label", { for: "map-note-text", text: t("map_note_text") }), text, links,
      el("button", { type: "button", class: "primary", "data-add-note": "", text: t("map_add"), onclick: () => {
        const chosen = [...links.querySelectorAll("input:checked")].map((box) => box.value);
        if (!text.value.trim()) { message.textContent = t("map_note_empty"); return; }
        if (chosen.length > 5) { message.textContent = t("map_link_items"); return; }
        const type = typeRow.querySelector("input:checked")?.value ?? "barrier";
        ctx.submit(null, { type, text: text.value.trim(), items: chosen });
        text.value = "";
        links.querySelectorAll("input:checked").forEach((box) => { box.checked = false; });
      } }), message));
    return section;
  }

  // Rebuild, keeping what the person is doing: the focused control, typed
  // text, ticked boxes and open details.
  function render() {
    const active = node.contains(document.activeElement) ? document.activeElement.id : null;
    const kept = new Map([...node.querySelectorAll("[data-keep]")].map((input) => [input.id, input.value]));
    const checked = new Map([...node.querySelectorAll("[data-keep-check]")].map((input) => [input.id, input.checked]));
    const open = new Set([...node.querySelectorAll("details[open]")].map((d) => d.dataset.details));
    const part = ctx.results?.phase === "agree" ? ctx.results : null;
    node.replaceChildren(...(part ? agreeView(part) : individualView()).flat().filter(Boolean));
    for (const [id, value] of kept) { const input = node.querySelector(`#${CSS.escape(id)}`); if (input && value) input.value = value; }
    for (const [id, on] of checked) { const input = node.querySelector(`#${CSS.escape(id)}`); if (input) input.checked = on; }
    for (const details of node.querySelectorAll("details")) if (open.has(details.dataset.details)) details.open = true;
    if (active) node.querySelector(`#${CSS.escape(active)}`)?.focus();
  }

  render();
  return { node, update: (next) => { ctx = next; render(); } };
}
