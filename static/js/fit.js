// Make a slide's content fit its box without scrolling: first the largest
// font (and number of columns) at which everything fits; when even the
// smallest readable size does not hold it all, pages that turn by
// themselves ("Side 1 av 3"). Used by the projector (presenter.js).
//
// The units that pages are made of: the groups of a split view, else the
// entries of the one list inside (text answers, questions, bars, words).

const UNIT_LISTS = "[data-texts], [data-questions], .bars, [data-cloud]";

export function overflows(box) {
  return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
}

function units(content) {
  const groups = [...content.querySelectorAll("[data-group]")];
  if (groups.length > 1) return { units: groups, lists: [] };
  const list = content.querySelector(UNIT_LISTS);
  return { units: list ? [...list.children] : [], lists: list ? [list] : [] };
}

// The largest font size in [min, max] (px) at which `fits()` holds, or null.
function largestFont(node, min, max, fits) {
  node.style.fontSize = `${min}px`;
  if (!fits()) return null;
  let low = min;
  let high = max;
  while (high - low > 0.5) {
    const middle = (low + high) / 2;
    node.style.fontSize = `${middle}px`;
    if (fits()) low = middle; else high = middle;
  }
  node.style.fontSize = `${low}px`;
  return low;
}

function show(all, from, to) {
  all.forEach((unit, index) => { unit.hidden = index < from || index >= to; });
}

// Greedy pages: each holds as many units as fit from where the last ended.
function pagesOf(all, box) {
  const pages = [];
  let start = 0;
  while (start < all.length) {
    let low = start + 1; // always at least one unit, even if it alone overflows
    let high = all.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      show(all, start, middle);
      if (overflows(box)) high = middle - 1; else low = middle;
    }
    pages.push([start, low]);
    start = low;
  }
  return pages;
}

// Fit `content` (inside the fixed-size `box`). `columns` are tried for a
// single list; returns {pages, show(page)} so the caller can turn them.
export function fit(box, content, { min, max, columns = [1, 2, 3] }) {
  content.style.removeProperty("--columns");
  const found = units(content);
  found.units.forEach((unit) => { unit.hidden = false; });
  const fits = () => !overflows(box);
  let best = null;
  const layouts = found.lists.length ? columns : [1];
  for (const count of layouts) {
    content.style.setProperty("--columns", String(count));
    const size = largestFont(content, min, max, fits);
    // A wider layout must win clearly: one column reads best.
    if (size !== null && (best === null || size > best.size * 1.15)) best = { size, count };
  }
  if (best) {
    content.style.setProperty("--columns", String(best.count));
    content.style.fontSize = `${best.size}px`;
    return { pages: [[0, found.units.length]], show: () => {} };
  }
  // Too much for one screen even at the smallest size: pages.
  content.style.setProperty("--columns", String(found.lists.length ? Math.max(...layouts) : 1));
  content.style.fontSize = `${min}px`;
  const pages = found.units.length ? pagesOf(found.units, box) : [[0, 0]];
  // A unit too big for a page of its own (one long card) is drawn a little
  // smaller rather than cut off: never below three quarters of the minimum.
  for (const page of pages) {
    show(found.units, page[0], page[1]);
    page[2] = overflows(box) ? largestFont(content, min * 0.75, min, fits) ?? min * 0.75 : min;
    content.style.fontSize = `${min}px`;
  }
  const turnTo = (page) => {
    const [from, to, size] = pages[page];
    content.style.fontSize = `${size}px`;
    show(found.units, from, to);
  };
  turnTo(0);
  return { pages, show: turnTo };
}

// A grid of equal cells (per-municipality QR codes) as large as the box allows.
export function gridFor(count, width, height, captionPx, gapPx) {
  let best = { columns: 1, size: 0 };
  for (let columns = 1; columns <= count; columns += 1) {
    const rows = Math.ceil(count / columns);
    const size = Math.min((width - gapPx * (columns - 1)) / columns,
      (height - gapPx * (rows - 1)) / rows - captionPx);
    if (size > best.size) best = { columns, size: Math.floor(size) };
  }
  return best;
}
