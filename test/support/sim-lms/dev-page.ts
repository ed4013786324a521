/**
 * The dev server's single page: register Carnet, launch it as a seeded user, watch grades and service
 * calls arrive. French first, English in small print. Server-rendered forms; a small script polls
 * /dev/state.json and renders tables with DOM APIs (no innerHTML with data).
 */
import { escapeHtml } from "./html-form.js";
import type { Course, ResourceLinkRecord, ToolRegistration } from "./types.js";

export interface DevPageInput {
  issuer: string;
  carnetUrl: string;
  tools: ToolRegistration[];
  course: Course;
  resourceLinks: ResourceLinkRecord[];
}

/** Role choices of the launch form: label → roles sent. */
export const ROLE_CHOICES: Record<string, { fr: string; en: string; roles: string[] }> = {
  member: { fr: "Selon l'inscription", en: "As enrolled", roles: [] },
  Instructor: { fr: "Formateur·rice", en: "Instructor", roles: ["Instructor"] },
  Mentor: { fr: "Tuteur·rice", en: "Mentor", roles: ["Mentor"] },
  Learner: { fr: "Stagiaire", en: "Learner", roles: ["Learner"] },
  Administrator: {
    fr: "Administrateur·rice",
    en: "Site administrator",
    roles: ["Administrator", "Instructor"],
  },
};

function bilingual(fr: string, en: string): string {
  return `${escapeHtml(fr)} <small lang="en">${escapeHtml(en)}</small>`;
}

function options(entries: [string, string][]): string {
  return entries
    .map(([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`)
    .join("");
}

const STYLE = `
  :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f6f7f9; }
  body { margin: 0; }
  header { background: #1d3557; color: #fff; padding: 1rem 2rem; }
  header h1 { margin: 0; font-size: 1.4rem; }
  header p { margin: .25rem 0 0; opacity: .85; }
  main { display: grid; grid-template-columns: minmax(320px, 420px) 1fr; gap: 1.5rem; padding: 1.5rem 2rem; }
  section { background: #fff; border: 1px solid #d9dde3; border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1.5rem; }
  h2 { font-size: 1.1rem; margin-top: 0; }
  small { color: #5b6473; font-weight: normal; }
  label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
  label.inline { display: inline; font-weight: normal; margin-left: .35rem; }
  select, button { font: inherit; padding: .4rem .6rem; }
  select { width: 100%; }
  button { background: #1d3557; color: #fff; border: 0; border-radius: 6px; cursor: pointer; margin-top: 1rem; }
  button.secondary { background: #e7ebf0; color: #1d2330; }
  button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #f4a261; outline-offset: 2px; }
  fieldset { border: 0; padding: 0; margin: .75rem 0 0; }
  legend { font-weight: 600; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  caption { text-align: left; font-weight: 600; padding: .5rem 0; }
  th, td { border-bottom: 1px solid #e3e6ea; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  iframe { width: 100%; height: 640px; border: 1px solid #d9dde3; border-radius: 8px; background: #fff; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem .75rem; font-size: .85rem; }
  dt { font-weight: 600; } dd { margin: 0; word-break: break-all; }
  .status-ok { color: #2a7a3b; } .status-ko { color: #b3261e; }
`;

const SCRIPT = `
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; };
  const row = (cells, cls) => { const tr = el("tr"); for (const c of cells) tr.append(el("td", c ?? "", cls)); return tr; };
  async function refresh() {
    const response = await fetch("/dev/state.json", { cache: "no-store" });
    if (!response.ok) return;
    const state = await response.json();
    const grades = document.getElementById("grades-body");
    grades.replaceChildren(...state.grades.map((g) => row([g.lineItem, g.user, g.score, g.progress, g.timestamp])));
    if (state.grades.length === 0) grades.append(row(["Aucune note reçue — no score yet"]));
    const calls = document.getElementById("calls-body");
    calls.replaceChildren(...state.calls.map((c) => row([c.time, c.kind, c.method + " " + c.url, c.status], c.ok ? "status-ok" : "status-ko")));
    if (state.calls.length === 0) calls.append(row(["Aucun appel — no call yet"]));
  }
  refresh();
  setInterval(refresh, 2000);

  let popup = null;
  document.getElementById("register").addEventListener("click", () => {
    popup = window.open("/dev/register", "carnet-registration", "width=720,height=760");
  });
  // LTI Dynamic Registration §3.7: the tool's page posts org.imsglobal.lti.close when it is done.
  window.addEventListener("message", (event) => {
    if (event.data && event.data.subject === "org.imsglobal.lti.close") {
      if (popup && !popup.closed) popup.close();
      window.location.reload();
    }
  });
  document.getElementById("launch-form").addEventListener("submit", (event) => {
    const target = event.target.querySelector("input[name=target]:checked").value;
    event.target.target = target === "window" ? "_blank" : "tool-frame";
  });
`;

export function renderDevPage(input: DevPageInput): string {
  const { tools, course } = input;
  const toolOptions = options(
    tools.map((t) => [
      t.clientId,
      `${t.tool.name} — ${t.clientId} (déploiement ${t.deploymentIds.join(", ")})`,
    ]),
  );
  const userOptions = options(
    course.members.map((m) => [m.userId, `${m.name ?? m.userId} — ${m.roles.join(", ")}`]),
  );
  const roleOptions = options(
    Object.entries(ROLE_CHOICES).map(([value, choice]) => [value, `${choice.fr} (${choice.en})`]),
  );
  const linkOptions = options([
    ["", "Activité par défaut (default activity)"],
    ...input.resourceLinks.map((l): [string, string] => [l.id, `${l.title || "Sans titre"} — #${l.id}`]),
  ]);
  const toolDetails = tools
    .map(
      (t) => `<dl>
        <dt>Client ID</dt><dd>${escapeHtml(t.clientId)}</dd>
        <dt>Deployment ID</dt><dd>${escapeHtml(t.deploymentIds.join(", "))}</dd>
        <dt>Login URL</dt><dd>${escapeHtml(t.tool.loginUrl)}</dd>
        <dt>Source</dt><dd>${t.source === "dynamic" ? "Dynamic Registration" : "Manuel (manual)"}</dd>
      </dl>`,
    )
    .join("<hr>");

  const launchSection =
    tools.length === 0
      ? `<p>${bilingual("Enregistrez d'abord Carnet.", "Register Carnet first.")}</p>`
      : `<form id="launch-form" method="get" action="/dev/launch" target="tool-frame">
          <label for="tool">${bilingual("Outil", "Tool")}</label>
          <select id="tool" name="tool">${toolOptions}</select>
          <label for="user">${bilingual("Utilisateur·rice", "User")}</label>
          <select id="user" name="user">${userOptions}</select>
          <label for="role">${bilingual("Rôle", "Role")}</label>
          <select id="role" name="role">${roleOptions}</select>
          <label for="link">${bilingual("Activité", "Resource link")}</label>
          <select id="link" name="link">${linkOptions}</select>
          <label for="locale">${bilingual("Langue", "Locale")}</label>
          <select id="locale" name="locale">${options([
            ["fr", "Français"],
            ["en", "English"],
          ])}</select>
          <fieldset>
            <input type="checkbox" id="deep-linking" name="deepLinking" value="1">
            <label class="inline" for="deep-linking">${bilingual("Sélection de contenu (deep linking)", "Deep linking request")}</label>
          </fieldset>
          <fieldset>
            <legend>${bilingual("Ouvrir dans", "Open in")}</legend>
            <input type="radio" id="target-frame" name="target" value="iframe" checked>
            <label class="inline" for="target-frame">${bilingual("le cadre ci-contre", "the frame")}</label><br>
            <input type="radio" id="target-window" name="target" value="window">
            <label class="inline" for="target-window">${bilingual("une nouvelle fenêtre", "a new window")}</label>
          </fieldset>
          <button type="submit">${bilingual("Lancer", "Launch")}</button>
        </form>`;

  return `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>LMS simulé — Carnet</title>
  <style>${STYLE}</style>
</head>
<body>
  <header>
    <h1>${bilingual("LMS simulé (type Moodle 5.1)", "Simulated LMS (Moodle 5.1-like)")}</h1>
    <p>Issuer ${escapeHtml(input.issuer)} · Carnet ${escapeHtml(input.carnetUrl)} · ${escapeHtml(course.title)}</p>
  </header>
  <main>
    <div>
      <section aria-labelledby="register-title">
        <h2 id="register-title">${bilingual("1. Enregistrer Carnet", "1. Register Carnet")}</h2>
        <p>${bilingual(
          "Ouvre l'enregistrement dynamique de Carnet dans une fenêtre ; elle se ferme à la fin.",
          "Opens Carnet's dynamic registration in a popup; it closes when done.",
        )}</p>
        <button type="button" id="register">${bilingual("Enregistrer Carnet", "Register Carnet")}</button>
        <form method="post" action="/dev/register-manual">
          <button type="submit" class="secondary">${bilingual("Enregistrement manuel", "Manual registration")}</button>
        </form>
        ${toolDetails}
        <dl>
          <dt>Issuer</dt><dd>${escapeHtml(input.issuer)}</dd>
          <dt>Auth URL</dt><dd>${escapeHtml(input.issuer)}/auth</dd>
          <dt>Token URL</dt><dd>${escapeHtml(input.issuer)}/token</dd>
          <dt>JWKS URL</dt><dd>${escapeHtml(input.issuer)}/jwks</dd>
        </dl>
      </section>
      <section aria-labelledby="launch-title">
        <h2 id="launch-title">${bilingual("2. Lancer Carnet", "2. Launch Carnet")}</h2>
        ${launchSection}
      </section>
    </div>
    <div>
      <section aria-labelledby="frame-title">
        <h2 id="frame-title">${bilingual("Carnet", "Tool frame")}</h2>
        <iframe name="tool-frame" title="Carnet" allow="clipboard-write"></iframe>
      </section>
      <section aria-labelledby="grades-title">
        <h2 id="grades-title">${bilingual("Carnet de notes", "Gradebook")}</h2>
        <table>
          <thead><tr><th scope="col">Élément</th><th scope="col">Utilisateur·rice</th><th scope="col">Note</th><th scope="col">Progression</th><th scope="col">Horodatage</th></tr></thead>
          <tbody id="grades-body"></tbody>
        </table>
      </section>
      <section aria-labelledby="calls-title">
        <h2 id="calls-title">${bilingual("Appels AGS / NRPS / jeton", "Service calls")}</h2>
        <table>
          <thead><tr><th scope="col">Heure</th><th scope="col">Service</th><th scope="col">Requête</th><th scope="col">Statut</th></tr></thead>
          <tbody id="calls-body"></tbody>
        </table>
      </section>
    </div>
  </main>
  <script>${SCRIPT}</script>
</body>
</html>`;
}
