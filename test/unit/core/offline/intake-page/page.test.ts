/** The intake page: its inlined script is the one its source builds, its policy allows no connection, and its lines read back through dotenv exactly. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { envLine } from '../../../../../electron/core/offline/intake-page/config';
import { intakePageConfig, intakePageHtml } from '../../../../../electron/core/offline/intake-page/page';
import { INTAKE_SCRIPT } from '../../../../../electron/core/offline/intake-page/script.generated';

const RECIPIENT = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';

describe('the intake page', () => {
  it('inlines the script its source builds today (run npm run intake-page if not)', async () => {
    const { intakePageModule, GENERATED } = await import('../../../../../scripts/intake-page.mjs');
    expect(readFileSync(GENERATED, 'utf8')).toBe(await intakePageModule());
    expect(GENERATED).toBe(
      join(__dirname, '..', '..', '..', '..', '..', 'electron', 'core', 'offline', 'intake-page', 'script.generated.ts'),
    );
  });

  it('allows only its own script and style, and no connection', () => {
    const html = intakePageHtml({ recipient: RECIPIENT, workspaceName: 'Acme <b>', agencyName: 'Northwind & Co', providers: ['twilio'] });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain(`'sha256-${createHash('sha256').update(INTAKE_SCRIPT).digest('base64')}'`);
    expect(html).toContain(`<script>${INTAKE_SCRIPT}</script>`);
    expect(html).not.toMatch(/<script[^>]+src=|<link /);
    expect(html).toContain('Acme &lt;b&gt;');
    expect(html).toContain('Northwind &amp; Co');
  });

  it('asks for each provider’s fields under their usual variable names', () => {
    const c = intakePageConfig({ recipient: RECIPIENT, workspaceName: 'Acme', agencyName: 'Northwind', providers: ['twilio', 'aws-s3'] });
    expect(c.providers.map((p) => p.name)).toEqual(['Twilio', 'AWS S3']);
    expect(c.providers[0]?.fields.map((f) => [f.env, f.required])).toEqual([
      ['TWILIO_ACCOUNT_SID', true],
      ['TWILIO_AUTH_TOKEN', true],
      ['TWILIO_PHONE_NUMBER', false],
      ['TWILIO_MESSAGING_SERVICE_SID', false],
    ]);
  });

  it('writes lines dotenv reads back exactly, whatever quotes and signs a value holds', () => {
    const values = ['plain', "it's", "it's `x`", 'a#b c', ' =x= ', 'sk-ant-$HOME\\n'];
    for (const v of values) expect(parse(envLine('K', v)).K).toBe(v);
  });
});
