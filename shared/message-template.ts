/**
 * Message templates: `{{first_name}}` variables (with an optional fallback, `{{first_name|there}}`)
 * filled per contact. An email template's first line is `Subject: …`; the rest is the body.
 */
import { AppError } from './errors';

/** The channels a template can be written for. */
export type Channel = 'sms' | 'email';

type Part = { readonly text: string } | { readonly variable: string; readonly fallback: string };

/** A parsed template. */
export interface Template {
  readonly channel: Channel;
  readonly subject: readonly Part[] | null;
  readonly body: readonly Part[];
  /** Every variable the template uses. */
  readonly variables: readonly string[];
}

/** A rendered message. */
export interface Rendered {
  readonly subject: string | null;
  readonly body: string;
}

/** The largest template accepted (an SMS of 10 segments is 1,530 characters; emails are longer). */
const MAX_TEMPLATE = 64 * 1024;
const VARIABLE = /^[a-z][a-z0-9_]{0,63}$/;

/** Column-style name: `First Name` → `first_name`. */
export function variableName(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function parseParts(text: string, where: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      parts.push({ text: text.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: text.slice(i, open) });
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new AppError('INVALID_INPUT', `The ${where} has a “{{” that is never closed with “}}”.`);
    const inner = text.slice(open + 2, close);
    const bar = inner.indexOf('|');
    const name = variableName(bar < 0 ? inner : inner.slice(0, bar));
    if (!VARIABLE.test(name))
      throw new AppError(
        'INVALID_INPUT',
        `“{{${inner.slice(0, 40)}}}” in the ${where} is not a variable name (letters, digits and underscores).`,
      );
    parts.push({ variable: name, fallback: bar < 0 ? '' : inner.slice(bar + 1).trim() });
    i = close + 2;
  }
  return parts;
}

/** Parses a template for a channel; every variable must be one of `known` (the contact file's columns, or a workflow's variables). */
export function parseTemplate(
  source: string,
  channel: Channel,
  known?: ReadonlySet<string>,
  knownAre: 'columns' | 'workflow' = 'columns',
): Template {
  if (source.length > MAX_TEMPLATE) throw new AppError('INVALID_INPUT', 'The template is too long (64 KB at most).');
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let subject: Part[] | null = null;
  let bodyText = text;
  if (channel === 'email') {
    const nl = text.indexOf('\n');
    const first = nl < 0 ? text : text.slice(0, nl);
    const m = /^subject:\s*(.*)$/i.exec(first.trim());
    if (!m) throw new AppError('INVALID_INPUT', 'An email template starts with a subject line, e.g. “Subject: Your appointment”.');
    const subjectText = (m[1] ?? '').trim();
    if (!subjectText) throw new AppError('INVALID_INPUT', 'The subject line of the email template is empty.');
    if (subjectText.length > 250) throw new AppError('INVALID_INPUT', 'The subject line is too long (250 characters at most).');
    subject = parseParts(subjectText, 'subject');
    bodyText = nl < 0 ? '' : text.slice(nl + 1).replace(/^\n+/, '');
  }
  bodyText = bodyText.replace(/\s+$/, '');
  if (!bodyText.trim())
    throw new AppError(
      'INVALID_INPUT',
      channel === 'email' ? 'The email template has a subject but no body.' : 'The SMS template is empty.',
    );
  const body = parseParts(bodyText, channel === 'email' ? 'email body' : 'message');
  const variables = [...new Set([...(subject ?? []), ...body].flatMap((p) => ('variable' in p ? [p.variable] : [])))];
  if (known) {
    const missing = variables.filter((v) => !known.has(v));
    if (missing.length > 0) {
      const list = missing
        .slice(0, 3)
        .map((v) => `{{${v}}}`)
        .join(', ');
      if (knownAre === 'workflow')
        throw new AppError(
          'INVALID_INPUT',
          `The template uses ${list}; a post-call message can use ${[...known].map((v) => `{{${v}}}`).join(', ')}.`,
        );
      throw new AppError(
        'INVALID_INPUT',
        `The template uses ${list}, which ${missing.length === 1 ? 'is not a column' : 'are not columns'} of the contacts file.`,
      );
    }
  }
  return { channel, subject, body, variables };
}

function fill(parts: readonly Part[], vars: Readonly<Record<string, string>>): string {
  let out = '';
  parts.forEach((p, i) => {
    if ('text' in p) {
      out += p.text;
      return;
    }
    const value = (vars[p.variable] ?? '').trim() || p.fallback;
    const next = parts[i + 1];
    // "Hi {{first_name}}, …" with no name reads "Hi, …" rather than "Hi , …".
    if (!value && out.endsWith(' ') && next && 'text' in next && /^[ ,.!?;:]/.test(next.text)) out = out.slice(0, -1);
    out += value;
  });
  return out;
}

/** Fills a template for one contact; a missing value becomes its fallback (or nothing). */
export function render(t: Template, vars: Readonly<Record<string, string>>): Rendered {
  return { subject: t.subject ? fill(t.subject, vars).trim() : null, body: fill(t.body, vars) };
}
