// The programme record page: each filed result drawn by its activity kind's
// own renderer (the same charts the room saw). The server embeds each
// result as JSON beside its container; suppressed parts carry none.
import { KINDS } from "./kinds/index.js";

for (const container of document.querySelectorAll("[data-entry-result]")) {
  const data = JSON.parse(container.nextElementSibling.textContent);
  const kind = KINDS[data.kind];
  if (kind && data.result) container.replaceChildren(kind.renderResult(data.result, data.definition ?? {}));
}
