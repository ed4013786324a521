// Progressive enhancement only: every page works without this file.

// "Select all" buttons (validation requests and decisions): a button with data-select-all="<name>"
// ticks every enabled checkbox of that name in its form, or unticks them all when all are ticked.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-select-all]") : null;
  if (!button) return;
  const form = button.closest("form");
  const name = button.getAttribute("data-select-all");
  if (!form || !name) return;
  const boxes = Array.from(form.querySelectorAll('input[type="checkbox"]')).filter(
    (box) => box.getAttribute("name") === name && !box.disabled,
  );
  const allTicked = boxes.length > 0 && boxes.every((box) => box.checked);
  for (const box of boxes) box.checked = !allTicked;
  event.preventDefault();
});

// A refused form: move focus to its error summary (or the first invalid field) so keyboard and
// screen-reader users land on what to fix.
document.addEventListener("DOMContentLoaded", () => {
  const target =
    document.querySelector("[data-form-errors]") || document.querySelector('[aria-invalid="true"]');
  if (target instanceof HTMLElement) target.focus();
});
