// Charts of a capability mapping, as plain DOM and SVG (no library: see
// docs/ARCHITECTURE.md, "Charts"). Every chart carries its numbers as
// data- attributes and as a table, so a screen reader (and a test) reads the
// same values the room sees. Styles go through the CSSOM (el()'s style) or
// classes, never a style attribute, so the pages keep style-src 'self'.
import { el } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.setAttribute("class", value);
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

// Viridis stops: dark for low, yellow for high; readable for most colour
// vision and in print. A value v on 1..points maps onto them.
const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

export function colour(value, points) {
  const t = Math.min(1, Math.max(0, (value - 1) / (points - 1))) * (STOPS.length - 1);
  const low = Math.floor(t);
  const high = Math.min(STOPS.length - 1, low + 1);
  const mix = STOPS[low].map((c, i) => Math.round(c + (STOPS[high][i] - c) * (t - low)));
  return { background: `rgb(${mix.join(",")})`, ink: t > 2.2 ? "#10201f" : "#ffffff" };
}

export const fmt = (value) => (value === null || value === undefined ? "–"
  : String(Math.round(value * 100) / 100).replace(".", ","));

// A visually hidden table: the text alternative of a chart drawn in SVG.
// (Wrapped in a div: a table does not shrink to the 1px of .visually-hidden.)
export function dataTable(caption, head, rows, attrs = {}) {
  return el("div", { class: "visually-hidden" }, el("table", attrs,
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, head.map((text) => el("th", { scope: "col", text })))),
    el("tbody", {}, rows.map((row) => el("tr", row.attrs ?? {},
      row.cells.map((cell, index) => (index === 0 ? el("th", { scope: "row", text: cell }) : el("td", { text: cell }))))))));
}

// Radar: one polygon per series over the same spokes (values 1..points).
// series: [{ label, values, kind: "own" | "room" }]
export function radar({ spokes, series, points, title }) {
  const size = 420;
  const centre = size / 2;
  const radius = 150;
  const angle = (i) => -Math.PI / 2 + (2 * Math.PI * i) / spokes.length;
  const at = (i, value) => {
    const r = (radius * (value - 1)) / (points - 1);
    return [centre + r * Math.cos(angle(i)), centre + r * Math.sin(angle(i))];
  };
  const rings = [];
  for (let level = 1; level <= points; level += 1) {
    rings.push(svg("polygon", { class: "radar-ring", points: spokes.map((_, i) => at(i, level).join(",")).join(" ") }));
  }
  const axes = spokes.map((spoke, i) => {
    const [x, y] = at(i, points);
    const [lx, ly] = at(i, points + (points - 1) * 0.18);
    return svg("g", {},
      svg("line", { class: "radar-axis", x1: centre, y1: centre, x2: x, y2: y }),
      svg("text", { class: "radar-label", x: lx, y: ly, "text-anchor": Math.abs(lx - centre) < 8 ? "middle" : lx > centre ? "start" : "end",
                    "dominant-baseline": "middle", text: spoke.code }));
  });
  const shapes = series.map((one) => {
    const corners = one.values.map((value, i) => (value === null ? at(i, 1) : at(i, value)));
    return svg("g", { "data-series": one.kind },
      svg("polygon", { class: `radar-shape ${one.kind}`, points: corners.map((c) => c.join(",")).join(" ") }),
      one.values.map((value, i) => (value === null ? null
        : svg("circle", { class: `radar-dot ${one.kind}`, cx: corners[i][0], cy: corners[i][1], r: 5 }))));
  });
  return svg("svg", { viewBox: `-60 -20 ${size + 120} ${size + 40}`, role: "img", "aria-label": title, class: "radar" },
    svg("title", { text: title }), rings, axes, shapes);
}

// The 2x2 grid: x and y on 1..points, split lines, the four types in their
// corners, a dot per group; `focus` is drawn bigger and named.
export function quadrant({ grid, points, dots, labels, title }) {
  const size = 400;
  const pad = 40;
  const scale = (value) => pad + ((value - 1) / (points - 1)) * (size - 2 * pad);
  const flip = (value) => size - scale(value);
  const corner = (kind) => ({
    x: kind.x === "high" ? size - pad - 6 : pad + 6,
    y: kind.y === "high" ? pad + 22 : size - pad - 8,
    anchor: kind.x === "high" ? "end" : "start",
  });
  return svg("svg", { viewBox: `0 0 ${size} ${size}`, role: "img", "aria-label": title, class: "quadrant" },
    svg("title", { text: title }),
    svg("rect", { class: "quadrant-frame", x: pad, y: pad, width: size - 2 * pad, height: size - 2 * pad }),
    svg("line", { class: "quadrant-split", x1: scale(grid.split), x2: scale(grid.split), y1: pad, y2: size - pad }),
    svg("line", { class: "quadrant-split", y1: flip(grid.split), y2: flip(grid.split), x1: pad, x2: size - pad }),
    grid.types.map((kind) => {
      const spot = corner(kind);
      return svg("text", { class: "quadrant-type", x: spot.x, y: spot.y, "text-anchor": spot.anchor, text: kind.key });
    }),
    svg("text", { class: "quadrant-axis", x: size / 2, y: size - 8, "text-anchor": "middle", text: labels.x }),
    svg("text", { class: "quadrant-axis", x: 14, y: size / 2, "text-anchor": "middle",
                  transform: `rotate(-90 14 ${size / 2})`, text: labels.y }),
    dots.map((dot) => svg("g", { "data-dot": dot.key, "data-x": dot.x, "data-y": dot.y, "data-type": dot.type },
      svg("circle", { class: `quadrant-dot ${dot.kind}`, cx: scale(dot.x), cy: flip(dot.y), r: dot.kind === "focus" ? 11 : 6 }),
      dot.kind === "other" ? null : svg("text", { class: "quadrant-name", x: scale(dot.x) + 14, y: flip(dot.y) + 5, text: dot.label }))));
}

// A stacked bar of one distribution (counts per point), as sized divs.
export function stackedBar(distribution, points) {
  const total = distribution.reduce((a, b) => a + b, 0);
  return el("div", { class: "map-stack", "aria-hidden": "true" }, distribution.map((count, index) => {
    if (!count) return null;
    const { background, ink } = colour(index + 1, points);
    const part = el("span", { text: count >= 1 && total ? String(count) : "" });
    part.style.width = `${(100 * count) / total}%`;
    part.style.background = background;
    part.style.color = ink;
    return part;
  }));
}
