/**
 * The client's intake.html: one self-contained file (styles, config and script inline) that works
 * offline in any current browser. Its Content-Security-Policy allows only its own inline script and
 * style (by hash) and no connection of any kind, so typed keys cannot leave the page except as the
 * age file the client saves.
 */
import { createHash } from 'node:crypto';
import { getProvider } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { envNameFor } from '../env-names';
import type { IntakePageConfig } from './config';
import { INTAKE_SCRIPT } from './script.generated';

/** The file name the page saves, and the sheet names. */
export const INTAKE_FILE_NAME = 'keys.env.age';

const STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#5b6470;--line:#d9dee4;--accent:#3b5bdb;--ok:#1e7a46;--bad:#b42318;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
body{margin:0;background:#f6f7f9}
main{max-width:720px;margin:32px auto;padding:0 24px}
h1{font-size:22px;margin:0 0 8px}
.lead,.muted{color:var(--muted)}
.lead{margin:0 0 24px}
.provider{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 8px}
.provider.is-on{border-color:var(--accent)}
.provider-head{display:flex;gap:8px;align-items:center;cursor:pointer}
.where{margin:2px 0 0 24px;font-size:13px}
.fields{margin:12px 0 4px 24px}
.field{margin:0 0 12px}
.field label{display:block;font-weight:600;font-size:13px}
.field input{box-sizing:border-box;width:100%;padding:8px 10px;border:1px solid var(--line);border-radius:6px;font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.problem,.status.is-bad{color:var(--bad)}
.problem{margin:4px 0 0;font-size:13px}
.status.is-ok{color:var(--ok)}
.actions{display:flex;gap:16px;align-items:center;margin:24px 0}
button{flex-shrink:0;white-space:nowrap;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:10px 16px;font:600 14px system-ui,sans-serif;cursor:pointer}
button:disabled{opacity:.6}
code{font-size:13px}
footer{font-size:13px;color:var(--muted);border-top:1px solid var(--line);padding:16px 0 32px}
`;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** The page's config: the recipient and, per provider asked for, the fields under their usual variable names. */
export function intakePageConfig(input: {
  recipient: string;
  workspaceName: string;
  agencyName: string;
  providers: readonly ProviderId[];
}): IntakePageConfig {
  return {
    recipient: input.recipient,
    agencyName: input.agencyName,
    workspaceName: input.workspaceName,
    fileName: INTAKE_FILE_NAME,
    providers: input.providers.map((id) => {
      const d = getProvider(id);
      return {
        name: d.name,
        keyUrl: d.keyUrl,
        fields: d.fields.flatMap((f) => {
          const env = envNameFor(id, f.name);
          return env
            ? [{ env, label: f.label, required: f.required, secret: f.secret, example: f.example, pattern: f.pattern ?? null }]
            : [];
        }),
      };
    }),
  };
}

/** The whole intake.html for one intake. */
export function intakePageHtml(input: {
  recipient: string;
  workspaceName: string;
  agencyName: string;
  providers: readonly ProviderId[];
}): string {
  const config = intakePageConfig(input);
  // JSON inside <script type="application/json"> is data, never run; `<` is escaped so it cannot close the element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(INTAKE_SCRIPT)}`,
    `style-src ${sha256(STYLE)}`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const agency = escapeHtml(config.agencyName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Send your keys to ${agency}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Send your provider keys to ${agency}</h1>
<p class="lead">For <strong>${escapeHtml(config.workspaceName)}</strong>. Tick the keys you have and paste them in. This page encrypts them on your computer and saves <code>${INTAKE_FILE_NAME}</code>, which only ${agency}'s Switchboard can open, once. The page works offline and sends nothing anywhere.</p>
<div id="providers"></div>
<div class="actions"><button id="encrypt" type="button">Encrypt and save ${INTAKE_FILE_NAME}</button><p id="status" class="status" role="status" aria-live="polite"></p></div>
<footer>Encrypted with <a href="https://age-encryption.org" rel="noreferrer">age</a> to <code>${escapeHtml(config.recipient)}</code>. You can also write the keys as NAME=value lines in a file and run <code>age -r ${escapeHtml(config.recipient)} -o ${INTAKE_FILE_NAME} keys.env</code>.</footer>
</main>
<script type="application/json" id="intake-config">${json}</script>
<script>${INTAKE_SCRIPT}</script>
</body>
</html>
`;
}
