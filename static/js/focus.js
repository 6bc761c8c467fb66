// Keep focus where the person is when part of a page is drawn again.
// Elements that can hold focus carry `data-focus-key` (stable across
// redraws: "agenda-3", "hide-41-0"); after the redraw the element with the
// same key gets focus back. If it is gone or disabled, the nearest enabled
// control in the same container takes it, never the top of the page.

export function redraw(container, draw) {
  const active = document.activeElement;
  const inside = active && active !== document.body && container.contains(active);
  const key = inside ? active.dataset.focusKey : null;
  const index = inside ? [...container.querySelectorAll("[data-focus-key]")].indexOf(active) : -1;
  draw();
  if (!inside || container.contains(active) && document.activeElement === active) return;
  const focusable = [...container.querySelectorAll("[data-focus-key]")];
  const same = key ? focusable.find((node) => node.dataset.focusKey === key) : null;
  const target = same && !same.disabled ? same
    : focusable.slice(Math.max(0, index)).find((node) => !node.disabled)
      ?? focusable.slice(0, Math.max(0, index)).reverse().find((node) => !node.disabled);
  target?.focus({ preventScroll: true });
}

// A control about to be disabled while focused (the Open button once the
// question is open) hands focus to the next enabled control beside it.
export function disableKeepingFocus(button, disabled) {
  if (disabled && document.activeElement === button) {
    const siblings = [...button.parentElement.querySelectorAll("button")];
    const after = siblings.slice(siblings.indexOf(button) + 1).find((node) => !node.disabled && !node.hidden);
    const before = siblings.slice(0, siblings.indexOf(button)).reverse().find((node) => !node.disabled && !node.hidden);
    button.disabled = true;
    (after ?? before)?.focus();
    return;
  }
  button.disabled = disabled;
}
