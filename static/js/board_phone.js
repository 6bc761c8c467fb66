// A group's board on the phone: notes in columns, the scribe's clusters,
// dot voting, the shared timer and the facilitator's message. Everything the
// phone changes goes through the phone's outbox (ctx.submit: a submission id
// made here, resent until acknowledged, stored once); only joining a group
// and taking the scribe's role are asked directly (ctx.call).
//
// The view is built once per item and redrawn in place, so a note being
// typed keeps its text and focus while the others' notes arrive.
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { setServerOffset, timerNode } from "./board_timer.js";

const views = new Map(); // item id -> the view
const ME_RETRY_MS = 1500;

function newRef() {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function viewFor(itemId) {
  if (!views.has(itemId)) {
    const view = { itemId, me: null, asking: false, askedAt: 0, editing: null, selected: new Set(), dirty: false };
    view.top = el("div", { "data-board-top": "" });
    view.composer = buildComposer(view);
    view.body = el("div", { "data-board-body": "" });
    view.root = el("div", { class: "board-phone", "data-board": "" }, view.top, view.composer, view.body);
    views.set(itemId, view);
  }
  return views.get(itemId);
}

// The add-a-note form: built once, never redrawn.
function buildComposer(view) {
  const text = el("textarea", { id: `note-text-${view.itemId}`, rows: 3, "data-note-text": "" });
  const column = el("select", { id: `note-column-${view.itemId}`, "data-note-column": "" });
  const columnField = el("div", { class: "field" }, el("label", { for: column.id, text: t("board_column") }), column);
  const form = el("form", { class: "board-composer", "data-note-form": "", novalidate: true },
    columnField,
    el("div", { class: "field" }, el("label", { for: text.id, text: t("board_note") }), text),
    el("button", { type: "submit", class: "primary", "data-send": "", "data-add-note": "", text: t("board_add") }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const words = text.value.trim();
    const group = view.result?.group;
    if (!words || !group) return;
    const ref = newRef();
    const value = { op: "add", group: group.id, ref, text: words };
    if (view.result.columns.length) value.column = Number(column.value);
    view.ctx.submit(`n:${ref}`, value);
    text.value = "";
    text.focus();
  });
  form.columnField = columnField;
  form.column = column;
  form.text = text;
  return form;
}

// Ask the server which group this phone is in (it places a late joiner by
// the breakout's rule) and join that group's room. Asked when the view first
// shows, when the result names no group or another group than the one this
// phone knows, and when the group's scribe changed.
function askMe(view, force = false) {
  const now = Date.now();
  if (view.asking || (!force && now - view.askedAt < ME_RETRY_MS)) return;
  view.asking = true;
  view.askedAt = now;
  const sentAt = now;
  view.ctx.call("board.me", { item_id: view.itemId }).then((ack) => adoptMe(view, ack, sentAt))
    .finally(() => { view.asking = false; });
}

function adoptMe(view, ack, sentAt) {
  if (!ack?.ok) return;
  setServerOffset(ack.server_now_ms, sentAt, Date.now());
  view.me = { group: ack.group, scribe: ack.scribe, budget: ack.budget,
              serial: ack.results?.groups?.[0]?.result?.board?.scribe_serial };
  view.ctx.accept(ack.results);
  draw(view);
}

function needsMe(view, result) {
  if (!view.me) return true;
  const known = view.me.group?.id ?? null;
  const shown = result.group?.id ?? null;
  if (shown !== known) return true;
  return result.board && result.board.scribe_serial !== view.me.serial;
}

export function renderPhoneBoard(result, ctx) {
  const view = viewFor(ctx.item.id);
  view.ctx = ctx;
  view.result = result;
  if (needsMe(view, result) && ctx.item.status === "open") {
    // A group's state follows the role's by a moment: ask only if it stays so.
    setTimeout(() => { if (needsMe(view, view.result)) askMe(view); }, view.me ? 400 : 0);
  }
  draw(view);
  return view.root;
}

// --- what this phone gave --------------------------------------------------

function myRefs(view) {
  const refs = new Set();
  for (const slot of view.ctx.saved.keys()) if (slot.startsWith("n:")) refs.add(slot.slice(2));
  for (const entry of view.ctx.pending) if (entry.value?.op === "add") refs.add(entry.value.ref);
  return refs;
}

function myDots(view, existing) {
  let dots = view.ctx.saved.get("v")?.dots ?? {};
  for (const entry of view.ctx.pending) if (entry.value?.op === "vote") dots = entry.value.dots;
  return Object.fromEntries(Object.entries(dots).filter(([ref, n]) => existing.has(ref) && n > 0));
}

// --- drawing -----------------------------------------------------------------

function typingIn(node) {
  const active = document.activeElement;
  return node.contains(active) && active.matches("input:not([type=checkbox]), textarea, select");
}

function draw(view) {
  if (typingIn(view.top) || typingIn(view.body)) {
    // Never redraw under the participant's fingers: once they leave the field.
    if (!view.dirty) {
      view.dirty = true;
      document.activeElement.addEventListener("blur", () => {
        view.dirty = false;
        setTimeout(() => draw(view), 0);
      }, { once: true });
    }
    return;
  }
  const result = view.result;
  const open = view.ctx.item.status === "open";
  const board = result.board;
  if (view.ctx.item.status === "idle") { // on screen, not started: the page says "wait"
    view.top.replaceChildren();
    view.composer.hidden = true;
    view.body.replaceChildren();
    return;
  }
  view.top.replaceChildren(...top(view, result, open));
  const canWrite = open && Boolean(board);
  view.composer.hidden = !canWrite;
  view.composer.columnField.hidden = !result.columns.length;
  if (result.columns.length && view.composer.column.options.length !== result.columns.length) {
    view.composer.column.replaceChildren(...result.columns.map((name, index) =>
      el("option", { value: String(index), text: name })));
  }
  view.body.replaceChildren(...(board ? body(view, result, board, open) : []));
}

function top(view, result, open) {
  const nodes = [];
  if (result.message) {
    nodes.push(el("p", { class: "board-banner", role: "alert", "data-board-message": "", text: result.message }));
  }
  if (view.ctx.item.status === "closed") {
    nodes.push(el("p", { class: "card board-closed", "data-board-closed": "", text: t("board_come_back") }));
  }
  const header = el("div", { class: "board-header" });
  if (result.group) header.append(el("h2", { "data-board-group": result.group.id, text: result.group.name }));
  header.append(timerNode(result.timer));
  nodes.push(header);
  if (!result.group) {
    if (result.choices.length && open) {
      nodes.push(el("p", { text: t("board_choose") }),
        el("ul", { class: "board-choices", "data-group-choices": "" }, result.choices.map((choice) =>
          el("li", {}, el("button", { type: "button", class: "primary", "data-choose-group": choice.id,
            onclick: () => choose(view, choice.id) }, choice.name)))));
    } else {
      nodes.push(el("p", { class: "muted", text: open ? t("board_placing") : t("board_not_in_group") }));
    }
    return nodes;
  }
  const board = result.board;
  const scribe = board?.scribe;
  const line = el("p", { class: "board-scribe", "data-scribe": "" },
    scribe ? `${t("board_scribe")}: ${who(scribe, view)}` : t("board_no_scribe"));
  if (open && view.me?.group?.id === result.group.id) {
    if (view.me.scribe) {
      line.append(" ", el("button", { type: "button", class: "small", "data-give-scribe": "",
        onclick: () => scribeRole(view, false) }, t("board_give_scribe")));
    } else if (!scribe) {
      line.append(" ", el("button", { type: "button", class: "small", "data-take-scribe": "",
        onclick: () => scribeRole(view, true) }, t("board_take_scribe")));
    }
  }
  nodes.push(line);
  return nodes;
}

// Who wrote a note, or who is the scribe: a municipality, and a name only
// where the person gave one when joining.
function who(person, view) {
  const place = view.ctx.municipalityName(person.municipality_id);
  const name = person.name ?? person.by;
  return name ? `${name} (${place})` : place;
}

function body(view, result, board, open) {
  const existing = new Set(board.notes.map((note) => note.id));
  const mine = myRefs(view);
  const dots = myDots(view, existing);
  const spent = Object.values(dots).reduce((a, b) => a + b, 0);
  const budget = result.dots;
  const voting = open && result.voting && budget > 0;
  const scribe = open && Boolean(view.me?.scribe) && view.me.group?.id === board.group;
  for (const ref of [...view.selected]) if (!existing.has(ref)) view.selected.delete(ref);
  const nodes = [];
  if (budget > 0) {
    nodes.push(el("p", { class: "board-dots", "data-dots-left": budget - spent },
      voting ? t("board_dots_left", { n: budget - spent, total: budget }) : t("board_voting_closed")));
  }
  const columns = result.columns.length ? result.columns : [null];
  const clusters = new Map(board.clusters.map((cluster) => [cluster.id, cluster]));
  columns.forEach((name, index) => {
    const notes = board.notes.filter((note) => (result.columns.length ? note.column === index : true));
    const section = el("section", { class: "board-column", "data-board-column": index },
      name ? el("h3", { text: name }) : null,
      notes.length ? null : el("p", { class: "muted", text: t("board_no_notes") }),
      el("ul", { class: "board-notes" }, notes.map((note) =>
        noteItem(view, note, { mine: mine.has(note.id), scribe, voting, dots, spent, budget,
                               cluster: clusters.get(note.cluster), open, revealed: result.revealed }))));
    nodes.push(section);
  });
  if (board.clusters.length) nodes.push(clusterList(view, board, scribe, result.revealed));
  if (scribe) nodes.push(mergeForm(view, board));
  return nodes;
}

function noteItem(view, note, { mine, scribe, voting, dots, spent, budget, cluster, open, revealed }) {
  const item = el("li", { class: mine ? "board-note mine" : "board-note", "data-note": note.id });
  if (view.editing?.ref === note.id && open) {
    item.append(editForm(view, note));
    return item;
  }
  item.append(el("p", { class: "note-text", "data-note-body": "", text: note.text }));
  const meta = [who(note, view)];
  if (note.edited === "scribe") meta.push(t("board_edited_by_scribe"));
  if (cluster) meta.push(`${t("board_in_cluster")}: ${cluster.name}`);
  item.append(el("p", { class: "note-meta muted", text: meta.join(" · ") }));
  const tools = el("div", { class: "note-tools" });
  if (revealed && note.votes !== null) tools.append(el("span", { class: "note-votes", "data-note-votes": note.votes, text: t("board_votes", { n: note.votes }) }));
  if (voting) {
    const given = dots[note.id] ?? 0;
    tools.append(
      el("button", { type: "button", class: "small", "data-dot-remove": note.id, disabled: given === 0,
                     "aria-label": `${t("board_dot_remove")}: ${note.text}`,
                     onclick: () => vote(view, dots, note.id, -1) }, "−"),
      el("span", { class: "note-my-dots", "data-my-dots": given, text: "●".repeat(given) || "○" }),
      el("button", { type: "button", class: "small", "data-dot-add": note.id, disabled: spent >= budget,
                     "aria-label": `${t("board_dot_add")}: ${note.text}`,
                     onclick: () => vote(view, dots, note.id, 1) }, "+"));
  }
  if (open && (mine || scribe)) {
    tools.append(
      el("button", { type: "button", class: "small", "data-edit-note": note.id,
                     onclick: () => { view.editing = { ref: note.id, rev: note.rev, draft: note.text }; draw(view); } },
        t("board_edit")),
      el("button", { type: "button", class: "small danger", "data-delete-note": note.id,
                     onclick: () => remove(view, note) }, t("board_delete")));
  }
  if (scribe) {
    const box = el("input", { type: "checkbox", id: `pick-${note.id}`, "data-pick-note": note.id,
                              checked: view.selected.has(note.id) });
    box.addEventListener("change", () => {
      if (box.checked) view.selected.add(note.id); else view.selected.delete(note.id);
      draw(view);
    });
    tools.append(el("span", { class: "pick" }, box, el("label", { for: box.id, text: t("board_pick") })));
  }
  item.append(tools);
  return item;
}

function editForm(view, note) {
  const area = el("textarea", { id: `edit-${note.id}`, rows: 3, "data-edit-text": "", "aria-label": t("board_edit") });
  area.value = view.editing.draft;
  area.addEventListener("input", () => { view.editing.draft = area.value; });
  const form = el("form", { class: "board-edit", "data-edit-form": note.id }, area,
    el("button", { type: "submit", class: "primary small", text: t("board_save") }),
    el("button", { type: "button", class: "small", text: t("board_cancel"),
                   onclick: () => { view.editing = null; draw(view); } }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const words = area.value.trim();
    if (!words) return;
    view.ctx.submit(null, { op: "edit", group: view.result.group.id, note: note.id, rev: view.editing.rev, text: words });
    view.editing = null;
    area.blur();
    draw(view);
  });
  setTimeout(() => area.isConnected && document.activeElement !== area && area.focus(), 0);
  return form;
}

function clusterList(view, board, scribe, revealed) {
  const byId = new Map(board.notes.map((note) => [note.id, note]));
  return el("section", { class: "board-clusters", "data-clusters": "" }, el("h3", { text: t("board_clusters") }),
    el("ul", {}, board.clusters.map((cluster) => {
      const li = el("li", { "data-cluster": cluster.id },
        el("strong", { "data-cluster-name": "", text: cluster.name }),
        revealed && cluster.votes !== null ? el("span", { class: "note-votes", text: ` ${t("board_votes", { n: cluster.votes })}` }) : null,
        el("ul", { class: "muted" }, cluster.notes.map((ref) => el("li", { text: byId.get(ref)?.text ?? "" }))));
      if (scribe) {
        const name = el("input", { type: "text", maxlength: 80, "aria-label": t("board_cluster_name"),
                                   "data-rename-cluster": cluster.id, value: cluster.name });
        li.append(el("div", { class: "controls" }, name,
          el("button", { type: "button", class: "small", onclick: () => {
            const words = name.value.trim();
            if (words) view.ctx.submit(null, { op: "rename", group: board.group, cluster: cluster.id, name: words });
          } }, t("board_rename")),
          el("button", { type: "button", class: "small", "data-unmerge": cluster.id, onclick: () =>
            view.ctx.submit(null, { op: "unmerge", group: board.group, cluster: cluster.id }) }, t("board_unmerge"))));
      }
      return li;
    })));
}

function mergeForm(view, board) {
  const count = view.selected.size;
  const name = el("input", { type: "text", id: `merge-name-${view.itemId}`, maxlength: 80, "data-merge-name": "" });
  const into = el("select", { id: `merge-into-${view.itemId}`, "data-merge-into": "" },
    el("option", { value: "", text: t("board_new_cluster") }),
    board.clusters.map((cluster) => el("option", { value: String(cluster.id), text: cluster.name })));
  const form = el("form", { class: "board-merge card", "data-merge-form": "" },
    el("p", { text: t("board_selected", { n: count }) }),
    el("div", { class: "field" }, el("label", { for: into.id, text: t("board_merge_into") }), into),
    el("div", { class: "field" }, el("label", { for: name.id, text: t("board_cluster_name") }), name),
    el("button", { type: "submit", class: "primary", "data-merge": "", disabled: count === 0, text: t("board_merge") }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = { op: "merge", group: board.group, notes: [...view.selected] };
    if (into.value) value.cluster = Number(into.value);
    if (name.value.trim()) value.name = name.value.trim();
    view.selected.clear();
    view.ctx.submit(null, value);
    draw(view);
  });
  return form;
}

// --- what the phone does -------------------------------------------------------

function vote(view, dots, ref, change) {
  const next = { ...dots, [ref]: (dots[ref] ?? 0) + change };
  if (next[ref] <= 0) delete next[ref];
  view.ctx.submit("v", { op: "vote", group: view.result.group.id, dots: next });
}

function remove(view, note) {
  if (!window.confirm(t("board_confirm_delete"))) return;
  view.ctx.submit(null, { op: "delete", group: view.result.group.id, note: note.id });
}

function choose(view, groupId) {
  const sentAt = Date.now();
  view.ctx.call("board.choose", { item_id: view.itemId, group_id: groupId })
    .then((ack) => (ack?.ok ? adoptMe(view, ack, sentAt) : view.ctx.fail(ack)));
}

function scribeRole(view, take) {
  const sentAt = Date.now();
  view.ctx.call("board.scribe", { item_id: view.itemId, take })
    .then((ack) => (ack?.ok ? adoptMe(view, ack, sentAt) : view.ctx.fail(ack)));
}
