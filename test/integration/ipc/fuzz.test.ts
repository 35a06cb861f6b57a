/**
 * Every IPC channel gets 1,000 generated garbage payloads: each must come back INVALID_INPUT,
 * nothing may throw, and the database must be byte-for-byte the same afterwards.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Channel, CHANNELS, contract } from '../../../shared/ipc/contract';
import { createIpcHandlers } from '../../../electron/main/ipc';
import type { IpcHandler } from '../../../electron/main/ipc/handler';
import { FAKE, makeCore } from '../../helpers/core';

type TestCore = Awaited<ReturnType<typeof makeCore>>;

/** A digest of every row of every table: any write changes it. */
function snapshot(core: TestCore): string {
  const hash = createHash('sha256');
  const tables = core.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(name);
    const rows = core.db
      .prepare(`SELECT * FROM "${name}"`)
      .all()
      .map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
    for (const row of rows.sort()) hash.update(row);
  }
  return hash.digest('hex');
}

/** Payloads shaped like real ones but wrong, plus anything at all. */
function garbage(channel: Channel, ids: readonly string[]): fc.Arbitrary<unknown> {
  const schema = contract[channel].input;
  const nasty = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '../../etc/passwd',
      "'; DROP TABLE credentials; --",
      '<img src=x onerror=alert(1)>',
      '__proto__',
      'constructor',
      'x'.repeat(70_000),
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.anything(), { maxLength: 3 }),
    fc.object(),
  );
  const keys = fc.constantFrom(
    'id',
    'workspaceId',
    'provider',
    'fields',
    'name',
    'mode',
    'nickname',
    'environment',
    'endpoint',
    'passphrase',
    'field',
    'format',
    'limit',
    'confirm',
    'capability',
    'archived',
    'allow',
    '__proto__',
    'constructor',
    ...ids,
  );
  const objectish = fc.dictionary(keys, fc.oneof(nasty, fc.constantFrom(...ids)), { maxKeys: 5 });
  return fc
    .oneof({ arbitrary: objectish, weight: 3 }, { arbitrary: fc.anything(), weight: 1 }, { arbitrary: nasty, weight: 1 })
    .filter((v) => !schema.safeParse(v ?? {}).success);
}

describe('IPC handlers under garbage input', () => {
  let core: TestCore;
  let handlers: Readonly<Record<Channel, IpcHandler>>;
  let ids: string[];
  let events = 0;
  beforeAll(async () => {
    core = await makeCore();
    handlers = createIpcHandlers({ core, actor: 'console', emit: () => void events++ });
    const ws = core.workspaces.create({ name: 'Acme' }, 'console');
    const key = core.credentials.add({ workspaceId: ws.id, provider: 'anthropic', fields: FAKE.anthropic }, 'console');
    ids = [ws.id, key.id];
  });
  afterAll(() => core.dispose());

  it('covers every channel of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });

  for (const channel of CHANNELS) {
    it(`answers INVALID_INPUT and changes nothing: ${channel}`, async () => {
      const before = snapshot(core);
      const eventsBefore = events;
      await fc.assert(
        fc.asyncProperty(garbage(channel, ids), async (payload) => {
          const result = await handlers[channel](payload);
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('INVALID_INPUT');
            expect(result.error.message).toMatch(/^[A-Z].*\.$/);
            expect(result.error.message.length).toBeLessThan(200);
          }
        }),
        { numRuns: 1000 },
      );
      expect(snapshot(core)).toBe(before);
      expect(events).toBe(eventsBefore);
      expect(core.vault.isUnlocked()).toBe(true);
    });
  }
});
