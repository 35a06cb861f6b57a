/**
 * A canary phrase spoken on a call goes into the calls store as transcript lines, is listed,
 * audited, shown, exported to a file outside the data folder and deleted — and appears in plaintext
 * in no file of the data folder, and in no output except the explicit show and export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { expectNoLeakInDir } from '../../helpers/leaks';
import { runCliLines } from '../../helpers/cli';

const CANARY = 'Canary-Transcript-9f2b7c4e-my-card-is-4111';

describe('transcript canary', () => {
  it('said on a call, reaches only the explicit show and export, never a file of the data folder', async () => {
    const { dir, cleanup } = tempDir();
    const dataDir = join(dir, 'data');
    const keyStore = memoryKeyStore();
    try {
      const core = createCore({ dataDir, actor: 'system', keyStore, autoLockMs: 0 });
      await core.start();
      const ws = core.workspaces.create({ name: 'Acme' }, 'console');
      const kept = core.calls.create(
        { workspaceId: ws.id, agentId: null, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio' },
        'system',
      );
      const gone = core.calls.create(
        { workspaceId: ws.id, agentId: null, agentName: 'Asha', to: '+919812345679', from: '+14155550100', carrier: 'twilio' },
        'system',
      );
      for (const id of [kept.id, gone.id]) {
        core.calls.update(id, { state: 'in-progress', carrierCallId: `CA-${id}` });
        core.calls.appendTranscript(id, { speaker: 'caller', text: `Sure, ${CANARY}, write that down.` });
        core.calls.appendTranscript(id, { speaker: 'agent', text: `I heard ${CANARY}.`, interrupted: true });
        core.calls.finish(id, { outcome: 'interested', reason: 'Gave details.', durationSeconds: 20 }, 'system');
      }
      expectNoLeakInDir(dataDir, [CANARY]);
      core.close();

      const outputs: string[] = [];
      // What a command printed, standard output and error alike.
      const cli = async (args: string[]): Promise<{ code: number; out: string }> => {
        const ran = await runCliLines(args, { env: { SWITCHBOARD_DATA_DIR: dataDir }, keyStore });
        return { code: ran.code, out: [...ran.outLines, ...ran.errLines].join('\n') };
      };
      for (const args of [
        ['calls', 'list', 'Acme'],
        ['calls', 'list', 'Acme', '--json'],
        ['audit', 'export', '--format', 'json', '--out', join(dir, 'audit.json')],
        ['calls', 'delete', 'Acme', gone.id, '--yes'],
      ]) {
        const r = await cli(args);
        expect(r.code, args.join(' ')).toBe(0);
        outputs.push(r.out);
      }
      expect(outputs.join('\n')).not.toContain(CANARY);
      expect(readFileSync(join(dir, 'audit.json'), 'utf8')).not.toContain(CANARY);

      // The explicit reads do show it; the export lands where the operator said, outside the data folder.
      expect((await cli(['calls', 'show', 'Acme', kept.id])).out).toContain(`caller: Sure, ${CANARY}, write that down.`);
      expect((await cli(['calls', 'export', 'Acme', kept.id, '--out', join(dir, 'call.json')])).code).toBe(0);
      expect(readFileSync(join(dir, 'call.json'), 'utf8')).toContain(CANARY);
      expectNoLeakInDir(dataDir, [CANARY]);
    } finally {
      cleanup();
    }
  });
});
