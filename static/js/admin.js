// Admin pages: small helpers that need no text of their own (every word on
// these pages comes from the server's templates).

// The join sheets' print button.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

// An invite link: selected whole when focused, ready to copy.
for (const input of document.querySelectorAll("[data-select-on-focus]")) {
  input.addEventListener("focus", () => input.select());
}

// "Go to line N" beside a plan's error: put the caret at the start of that
// line in the textarea and scroll it into view.
for (const button of document.querySelectorAll("[data-goto-line]")) {
  button.addEventListener("click", () => {
    const area = button.closest("form").querySelector("textarea");
    const line = Number(button.dataset.gotoLine);
    const lines = area.value.split("\n");
    const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    area.focus();
    area.setSelectionRange(offset, offset + (lines[line - 1] || "").length);
    const height = area.scrollHeight / Math.max(lines.length, 1);
    area.scrollTop = Math.max(0, (line - 4) * height);
  });
}
