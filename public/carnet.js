// Progressive enhancement only: every page works without this file.

// Text areas with a character count under them (the tutor's synthesis): the count follows the typing.
document.addEventListener("DOMContentLoaded", () => {
  for (const area of document.querySelectorAll("textarea[data-counted]")) {
    const count = document.getElementById(`${area.id}-count`)?.querySelector("[data-count]");
    if (!count) continue;
    area.addEventListener("input", () => {
      count.textContent = String([...area.value].length);
    });
  }
});

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

// A refused form: move focus to the first field to fix (the error summary, a role="alert", is read
// out meanwhile), or to the summary when no field is marked.
document.addEventListener("DOMContentLoaded", () => {
  const target =
    document.querySelector('[aria-invalid="true"]') || document.querySelector("[data-form-errors]");
  if (target instanceof HTMLElement) target.focus();
});

// Decision sheets (a trainer deciding a request item by item). What each item will become follows
// the choice being made (the level is asked only for a validation); choosing with the mouse puts the
// cursor in that item's reason, so no click is spent on each reason box; "validate all with this
// reason" prepares every undecided item at once, to be adjusted before saving.
let pointerInput = false;
document.addEventListener("pointerdown", () => (pointerInput = true), true);
document.addEventListener("keydown", () => (pointerInput = false), true);

function decisionOf(item) {
  const chosen = item.querySelector('input[type="radio"][name^="decision_"]:checked');
  return chosen ? chosen.value : "none";
}

function syncDecision(item) {
  const sheet = item.closest("[data-decision-sheet]");
  const decision = decisionOf(item);
  const level = item.querySelector('select[name^="level_"]');
  const levelField = level ? level.closest(".field") : null;
  if (level && levelField) {
    levelField.hidden = decision !== "validate";
    level.disabled = decision !== "validate";
  }
  const preview = item.querySelector("[data-decision-preview]");
  if (!preview || !sheet) return;
  let text = sheet.getAttribute(`data-preview-${decision}`) || "";
  const option = level && decision === "validate" ? level.options[level.selectedIndex] : null;
  if (option && option.value) text += ` — ${option.text}`;
  preview.textContent = text;
}

function reasonOf(item) {
  return item.querySelector('textarea[name^="comment_"]');
}

document.addEventListener("change", (event) => {
  const field = event.target instanceof Element ? event.target : null;
  const item = field ? field.closest("[data-decision-sheet] .decision-item") : null;
  if (!field || !item) return;
  syncDecision(item);
  const reason = reasonOf(item);
  if (!reason || !field.matches('input[type="radio"]')) return;
  // A reason copied by "validate all" does not fit another decision: it is cleared for the new one.
  if (reason.dataset.applied && decisionOf(item) !== "validate") {
    reason.value = "";
    delete reason.dataset.applied;
  }
  if (pointerInput && decisionOf(item) !== "none") reason.focus();
});

document.addEventListener("input", (event) => {
  const field = event.target instanceof HTMLElement ? event.target : null;
  if (field && field.dataset.applied) delete field.dataset.applied;
});

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-apply-all]") : null;
  const sheet = button ? button.closest("[data-decision-sheet]") : null;
  if (!button || !sheet) return;
  event.preventDefault();
  const shared = sheet.querySelector('textarea[name="bulkComment"]');
  const sharedLevel = sheet.querySelector('select[name="bulkLevel"]');
  for (const item of sheet.querySelectorAll(".decision-item")) {
    const validate = item.querySelector('input[type="radio"][value="validate"]');
    if (!validate || decisionOf(item) !== "none") continue;
    validate.checked = true;
    const level = item.querySelector('select[name^="level_"]');
    if (level && sharedLevel && sharedLevel.value) level.value = sharedLevel.value;
    const reason = reasonOf(item);
    if (reason && reason.value.trim() === "" && shared && shared.value.trim() !== "") {
      reason.value = shared.value;
      reason.dataset.applied = "1";
    }
    syncDecision(item);
  }
  const status = sheet.querySelector("[data-apply-status]");
  if (status) status.textContent = sheet.getAttribute("data-applied") || "";
});

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-apply-all]")) button.hidden = false;
  for (const item of document.querySelectorAll("[data-decision-sheet] .decision-item")) syncDecision(item);
});

// Inside an LMS's frame the LMS already shows the course and the person: the header drops them.
if (window.self !== window.top) document.documentElement.classList.add("in-frame");
// The dossier's print view: a "Print" button, shown only when a script can press it.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});

// Trace drafts: what is typed in the trace editor is sent as a draft 5 s after the last keystroke,
// when a field is left and when the page is hidden, so an expired session or a closed tab loses at
// most a few seconds of an RSCA. Without script the editor's "save the draft" button does the same.
const DRAFT_DELAY_MS = 5000;
// Browsers refuse keepalive bodies over 64 KiB: a longer draft is sent normally when the page hides.
const KEEPALIVE_MAX_BYTES = 60000;

function draftAutosave(form) {
  const url = form.getAttribute("data-draft-autosave");
  const status = form.querySelector("[data-draft-status]");
  let timer = 0;
  let dirty = false;
  let stopped = false;
  const say = (attribute, time) => {
    if (status) status.textContent = (form.getAttribute(attribute) || "").replace("{time}", time || "");
  };
  const body = () => {
    const data = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === "string" && name !== "intent") data.append(name, value);
    }
    return data;
  };
  // One save in flight at a time: a second one sent meanwhile could arrive first and then be
  // overwritten by the older text. A save asked for meanwhile waits, and sends what is typed by then.
  let inFlight = null;
  let queued = null;
  const send = async (leaving) => {
    dirty = false;
    const data = body();
    try {
      const response = await fetch(url, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        keepalive: leaving && data.toString().length < KEEPALIVE_MAX_BYTES,
      });
      if (response.status === 401) {
        stopped = true;
        say("data-draft-expired");
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const answer = await response.json();
      const at = new Date(answer.savedAt);
      const lang = document.documentElement.lang || undefined;
      say("data-draft-saved", at.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" }));
    } catch {
      dirty = true;
      say("data-draft-failed");
    }
  };
  const save = (leaving) => {
    window.clearTimeout(timer);
    if (inFlight) {
      queued = { leaving: leaving || Boolean(queued && queued.leaving) };
      return;
    }
    if (!dirty || stopped || !url) return;
    inFlight = send(leaving).finally(() => {
      inFlight = null;
      const next = queued;
      queued = null;
      if (next) save(next.leaving);
    });
  };
  const changed = () => {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => save(false), DRAFT_DELAY_MS);
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("focusout", () => save(false));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save(true);
  });
  // Saving the trace (or the draft by its button) sends everything: nothing more to keep.
  form.addEventListener("submit", () => {
    window.clearTimeout(timer);
    stopped = true;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-draft-autosave]")) draftAutosave(form);
});

// At phone widths a box marked data-fold-narrow (the quick decision of a request) starts folded, so
// that the items come first; its summary opens it. A box holding an error stays open.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 40rem)").matches) return;
  for (const box of document.querySelectorAll("details[data-fold-narrow]")) {
    if (!box.querySelector('[aria-invalid="true"]')) box.open = false;
  }
});
