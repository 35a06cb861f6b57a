/**
 * The script of the client's intake page, run in their browser (bundled with age-encryption into
 * the page by scripts/intake-page.mjs). It reads the page's config, lets the client tick the keys
 * they have and type them, writes them as NAME='value' lines, encrypts those to the intake
 * recipient with age, and offers the file for download. Nothing is sent anywhere: the page's
 * Content-Security-Policy forbids every connection.
 */
import { Encrypter } from 'age-encryption';
import { envLine, type IntakePageConfig } from './config';

const $ = <T extends HTMLElement>(sel: string): T => {
  const el = document.querySelector<T>(sel);
  if (!el) throw new Error(`missing ${sel}`);
  return el;
};

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function render(config: IntakePageConfig): void {
  const list = $('#providers');
  // A refusal is about what was typed before: it goes once anything changes.
  const clearRefusal = (): void => {
    const status = $('#status');
    if (status.classList.contains('is-bad')) {
      status.textContent = '';
      status.className = 'status';
    }
  };
  list.addEventListener('input', clearRefusal);
  list.addEventListener('change', clearRefusal);
  config.providers.forEach((p, i) => {
    const box = el('input', { type: 'checkbox', id: `p${i}` });
    box.dataset.provider = String(i);
    const fields = el('div', { className: 'fields', hidden: true });
    p.fields.forEach((f, j) => {
      const id = `p${i}f${j}`;
      const input = el('input', {
        id,
        type: f.secret ? 'password' : 'text',
        autocomplete: 'off',
        spellcheck: false,
        placeholder: f.example,
      });
      input.dataset.env = f.env;
      input.setAttribute('autocapitalize', 'off');
      const label = el(
        'label',
        { htmlFor: id },
        f.label,
        el('span', { className: 'muted' }, ` ${f.env}${f.required ? '' : ' · optional'}`),
      );
      const problem = el('p', { className: 'problem', hidden: true });
      // A problem is about the value that was there: it goes as soon as the value changes.
      input.addEventListener('input', () => {
        problem.hidden = true;
        problem.textContent = '';
      });
      fields.append(el('div', { className: 'field' }, label, input, problem));
    });
    box.addEventListener('change', () => {
      fields.hidden = !box.checked;
      section.classList.toggle('is-on', box.checked);
    });
    const link = el('a', { href: p.keyUrl, rel: 'noreferrer' }, p.keyUrl.replace(/^https?:\/\//, '').replace(/\/$/, ''));
    const head = el('label', { className: 'provider-head', htmlFor: `p${i}` }, box, el('strong', {}, p.name));
    const section = el('section', { className: 'provider' }, head, el('p', { className: 'muted where' }, 'Create it at ', link), fields);
    list.append(section);
  });
}

/** Reads the ticked providers' fields into .env lines; null (with problems shown) when something is wrong. */
function collect(config: IntakePageConfig): string[] | null {
  const lines: string[] = [];
  let ok = true;
  let any = false;
  config.providers.forEach((p, i) => {
    const box = document.getElementById(`p${i}`) as HTMLInputElement;
    if (!box.checked) return;
    any = true;
    p.fields.forEach((f, j) => {
      const input = document.getElementById(`p${i}f${j}`) as HTMLInputElement;
      const problem = input.parentElement?.querySelector<HTMLElement>('.problem');
      const value = input.value.trim();
      let note = '';
      if (value === '' && f.required) note = `${p.name} needs the ${f.label}.`;
      else if (value !== '' && /[\r\n]/.test(value)) note = 'A key is one line; paste it without line breaks.';
      else if (value !== '' && f.pattern && !new RegExp(f.pattern).test(value))
        note = `This does not look like a ${p.name} ${f.label} (e.g. ${f.example}).`;
      if (problem) {
        problem.textContent = note;
        problem.hidden = note === '';
      }
      if (note) ok = false;
      else if (value !== '') lines.push(envLine(f.env, value));
    });
  });
  const status = $('#status');
  if (!any) {
    status.textContent = 'Tick at least one provider and type its key.';
    status.className = 'status is-bad';
    return null;
  }
  if (!ok) {
    status.textContent = 'Some keys need a look (marked above); nothing was saved.';
    status.className = 'status is-bad';
    return null;
  }
  return lines;
}

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function encrypt(config: IntakePageConfig): Promise<void> {
  const lines = collect(config);
  if (!lines) return;
  const button = $<HTMLButtonElement>('#encrypt');
  const status = $('#status');
  button.disabled = true;
  try {
    const e = new Encrypter();
    e.addRecipient(config.recipient);
    const file = await e.encrypt(`${lines.join('\n')}\n`);
    download(file, config.fileName);
    // The typed keys leave the page once they are encrypted.
    document.querySelectorAll<HTMLInputElement>('.fields input').forEach((i) => (i.value = ''));
    status.textContent = `Saved ${config.fileName} (${lines.length} value${lines.length === 1 ? '' : 's'}, encrypted). Send that file to ${config.agencyName}; it opens only on their Switchboard, once.`;
    status.className = 'status is-ok';
  } catch {
    status.textContent =
      'This browser could not encrypt the file; try a current Chrome, Edge, Firefox or Safari, or use the age command shown on the sheet.';
    status.className = 'status is-bad';
  } finally {
    button.disabled = false;
  }
}

const config = JSON.parse($('#intake-config').textContent ?? '{}') as IntakePageConfig;
render(config);
$('#encrypt').addEventListener('click', () => void encrypt(config));
