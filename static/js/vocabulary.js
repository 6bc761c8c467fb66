// Every closed vocabulary (view modes, statuses, agenda item types, activity kinds,
// modules, languages) with its labels, from facilitate/vocabulary.py.
export const vocabulary = JSON.parse(document.getElementById("vocabulary").textContent);
