/** `switchboard workflow add|list|remove|call-ended|run`: post-call workflows (gated by onboarding). */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { CliContext } from '../context';
import { table } from '../io';
import { FILE_LIMITS, readInputFile } from '../files';

/** Registers the workflow commands. */
export function registerWorkflow(program: Command, ctx: CliContext): void {
  const wf = program.command('workflow').description('post-call workflows: when a call ends with an outcome, send an SMS or e-mail');
  wf.command('add <ws>')
    .description('add a rule: on --outcome, send --template over --channel')
    .requiredOption('--outcome <outcome>', 'e.g. interested, voicemail, no_answer')
    .requiredOption('--channel <channel>', 'sms or email')
    .requiredOption('--template <file>', 'template file ({{first_name}}, {{outcome}}, …)')
    .action((ref: string, flags: { outcome: string; channel: string; template: string }) => {
      if (flags.channel !== 'sms' && flags.channel !== 'email') throw new AppError('INVALID_INPUT', 'The channel must be sms or email.');
      const template = readInputFile(flags.template, { what: 'template file', limitBytes: FILE_LIMITS.template, text: true });
      const core = ctx.core();
      const rule = core.workflows.addRule(
        { workspaceId: core.workspaces.find(ref).id, outcome: flags.outcome, channel: flags.channel, template },
        'cli',
      );
      ctx.print(rule, () =>
        ctx.out(`When a call ends “${rule.outcome}”, ${rule.channel === 'sms' ? 'an SMS' : 'an e-mail'} goes out (rule ${rule.id}).`),
      );
    });
  wf.command('list <ws>')
    .description('the workspace’s rules')
    .action((ref: string) => {
      const core = ctx.core();
      const rules = core.workflows.rules(core.workspaces.find(ref).id);
      ctx.print(rules, () =>
        rules.length === 0
          ? ctx.out('No workflow rules yet.')
          : table(
              [
                ['ID', 'OUTCOME', 'CHANNEL', 'ENABLED', 'TEMPLATE'],
                ...rules.map((rule) => [
                  rule.id,
                  rule.outcome,
                  rule.channel,
                  rule.enabled ? 'yes' : 'no',
                  rule.template.split('\n')[0]?.slice(0, 50) ?? '',
                ]),
              ],
              ctx.out,
            ),
      );
    });
  wf.command('remove <id>')
    .description('delete a rule')
    .action((id: string) => {
      ctx.core().workflows.removeRule(id, 'cli');
      ctx.print({ removed: id }, () => ctx.out('Rule removed.'));
    });
  wf.command('call-ended <ws>')
    .description('report an ended call (as the voice runner does) and queue what the rules say')
    .requiredOption('--call-id <id>', 'the call’s id (a call reported twice sends once)')
    .requiredOption('--outcome <outcome>', 'how the call ended')
    .option('--phone <number>', 'the person’s number')
    .option('--email <address>', 'the person’s e-mail')
    .option('--first-name <name>', 'the person’s first name')
    .action((ref: string, flags: { callId: string; outcome: string; phone?: string; email?: string; firstName?: string }) => {
      const core = ctx.core();
      const contact: Record<string, string> = {};
      if (flags.phone) contact.phone = flags.phone;
      if (flags.email) contact.email = flags.email;
      if (flags.firstName) contact.first_name = flags.firstName;
      const handled = core.workflows.onCallEnded(
        { workspaceId: core.workspaces.find(ref).id, callId: flags.callId, outcome: flags.outcome, contact },
        'cli',
      );
      ctx.print(handled, () => {
        ctx.out(`Queued ${handled.queued} message${handled.queued === 1 ? '' : 's'}. Send with: switchboard workflow run ${ref}`);
        for (const skipped of handled.skipped) ctx.out(`  rule ${skipped.ruleId}: ${skipped.reason}`);
      });
    });
  wf.command('run <ws>')
    .description('the workflow runner: send the queued post-call messages')
    .action(async (ref: string) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      await core.workflows.run(ws.id, 'cli');
      const outboxes = core.campaigns.list(ws.id).filter((c) => c.kind === 'workflow');
      ctx.print(outboxes, () => {
        for (const outbox of outboxes)
          ctx.out(
            `${outbox.name}: ${outbox.counts.sent} sent, ${outbox.counts.failed} failed, ${outbox.counts.queued} ` +
              `queued${outbox.pauseReason ? ` — ${outbox.pauseReason}` : ''}`,
          );
      });
    });
}
