/** `switchboard audit verify|export` and `switchboard vault status|rotate`. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { AUDIT_ACTION } from '../../../shared/ipc/schemas';
import type { RotateOptions } from '../../core/vault/vault';
import type { CliContext } from '../context';
import { EXIT } from '../io';

/** Registers the audit and vault commands. */
export function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('verify and export the audit log');
  audit
    .command('verify')
    .description('walk the hash chain and name any row that was edited, deleted, inserted or moved')
    .action(() => {
      const core = ctx.core();
      const verdict = core.audit.verify();
      ctx.print(verdict, () =>
        ctx.out(verdict.ok ? `The audit log is intact: ${verdict.rows} rows, every link checked.` : verdict.message),
      );
      if (!verdict.ok) ctx.setExitCode(EXIT.failed);
      else core.audit.append({ actor: 'cli', action: 'audit.verify', detail: { ok: true, rows: verdict.rows } });
    });
  audit
    .command('export')
    .description('export the audit log')
    .option('--format <fmt>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--workspace <ws>', 'only rows of this workspace (id or name)')
    .option('--action <action>', 'only rows of this action, e.g. credential.reveal')
    .action((flags: { format: string; out?: string; workspace?: string; action?: string }) => {
      if (flags.format !== 'csv' && flags.format !== 'json') throw new AppError('INVALID_INPUT', 'The format must be csv or json.');
      if (flags.action !== undefined && !AUDIT_ACTION.test(flags.action))
        throw new AppError('INVALID_INPUT', 'An action looks like credential.reveal or campaign.start.');
      const core = ctx.core();
      const filter = {
        workspaceId: flags.workspace === undefined ? undefined : core.workspaces.find(flags.workspace).id,
        action: flags.action,
      };
      const content = flags.format === 'csv' ? core.audit.exportCsv(filter) : core.audit.exportJson(filter);
      core.audit.append({
        actor: 'cli',
        action: 'audit.export',
        workspaceId: filter.workspaceId ?? null,
        detail: { format: flags.format, ...(flags.action ? { filter: flags.action } : {}) },
      });
      if (flags.out) writeFileSync(flags.out, content, { mode: 0o600 });
      else ctx.write(content);
    });

  const vault = program.command('vault').description('the vault that protects stored keys');
  vault
    .command('status')
    .description('how the master key is protected, and whether it is unlocked')
    .action(() => {
      const status = ctx.core().vault.status();
      ctx.print(status, () =>
        ctx.out(
          status.initialized
            ? `Vault: ${status.mode === 'keychain' ? 'master key in the system keychain' : 'master key protected by a passphrase'}, ` +
                `generation ${status.generation}.`
            : 'Vault: not set up yet (it is created with the first key).',
        ),
      );
    });
  vault
    .command('rotate')
    .description(
      'replace the master key and re-wrap every workspace data key; in passphrase mode, the current passphrase (--passphrase-file, ' +
        'SWITCHBOARD_PASSPHRASE or a prompt) and a new one (--new-passphrase-file, or typed twice)',
    )
    .option('--new-passphrase-file <file>', 'passphrase mode: read the new passphrase from this file (first line) instead of asking twice')
    .action(async (flags: { newPassphraseFile?: string }) => {
      const core = ctx.core();
      let rotate: RotateOptions = {};
      if (core.vault.status().mode === 'passphrase') {
        // Asked once, used to unlock and again by the rotation to prove it before anything changes.
        const currentPassphrase = await ctx.passphrase('unlock');
        if (!core.vault.isUnlocked()) await core.start({ passphrase: currentPassphrase });
        const next = await ctx.newPassphrase(flags.newPassphraseFile);
        rotate = { currentPassphrase, newPassphrase: next.passphrase, confirmation: next.confirmation };
      } else {
        await ctx.unlocked();
      }
      const generation = await core.vault.rotateMasterKey(rotate);
      core.audit.append({ actor: 'cli', action: 'vault.rotate', detail: { generation } });
      ctx.print({ generation }, () => ctx.out(`Master key rotated (generation ${generation}); every data key was re-wrapped.`));
    });
}
