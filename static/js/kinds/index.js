// The activity kinds, one module per kind (see facilitate/activities/ and
// docs/ARCHITECTURE.md). The server names each kind's module with a
// versioned URL and its flags, so adding a kind needs no line here.
//
// A kind module exports:
//   buildForm(definition, previous) -> { node, value(), clearAfterSend?, submitLabel? }
//   renderResult(result, definition) -> Node   (receives the whole result)
// and may export:
//   renderPhone(result, { item, saved, pending, submit, previous })  what phones
//       show while results are not revealed (Q&A: the questions to vote on);
//       `previous` is the node it returned last time, to update in place
//   phoneHeading() -> text   the heading over renderPhone's view
//   announce(before, after) -> text | null   what a screen reader is told when
//       renderPhone's view changes (running tallies stay silent)
//   summarize(definition, value) -> [text]   a saved answer in words, for the
//       phone's confirmation
//   consolePanel(item, { results, act, municipalities }) -> Node  the facilitator's own tools
//   phoneForm(activity, { saved, pending, results, submit }) -> { node, update(ctx) }
//       a phone form that sends each answer to its own slot (mapping), used
//       instead of buildForm and the send button
//   renderView(results, item, municipalities) -> Node  the whole results view
//       (mapping), used instead of renderResult per group
// A kind module must not import this module, even indirectly (results.js
// does): the await below would wait on itself. Shared helpers live in
// dom.js, i18n.js and bars.js.
const { kinds } = JSON.parse(document.getElementById("live-config").textContent);

const loaded = await Promise.all(Object.entries(kinds).map(async ([name, info]) =>
  [name, { ...info, ...(await import(info.module)) }]));

export const KINDS = Object.fromEntries(loaded);
