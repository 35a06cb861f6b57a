/**
 * `switchboard campaign create|run|status|pause|cancel|send-again|export|list|preview`. The contacts and the
 * template are files (data, never secrets); `run` sends in this process with a progress bar on
 * a terminal, resumes an interrupted campaign, and pauses cleanly on Ctrl-C.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CampaignChannel, CampaignView } from '../../../shared/campaigns';
import { AppError } from '../../../shared/errors';
import type { CliContext } from '../context';
import { FILE_LIMITS, readInputFile, streamInputFile } from '../files';
import { EXIT, table } from '../io';
import { printCreated, printStatus, progressPrinter, stateWord } from './campaign-print';
import { printCreatedVoice, printLeads, printVoiceStatus, runVoice, voiceOptions, type VoiceCreateFlags } from './campaign-voice';
import type { ReachFlags } from './voice-print';

const channel = (value: string): CampaignChannel | 'voice' => {
  if (value !== 'sms' && value !== 'email' && value !== 'voice')
    throw new AppError('INVALID_INPUT', 'The channel must be sms, email or voice.');
  return value;
};
const rate = (value: string | undefined): number | null => {
  if (value === undefined) return null;
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(parsed > 0))
    throw new AppError('INVALID_INPUT', 'The rate is a number of requests per second, e.g. --rate 10.');
  return parsed;
};
const count = (value: string | undefined, fallback: number): number => {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new AppError('INVALID_INPUT', 'Give a whole number.');
  return parsed;
};

/** The exit code a finished run earns: 1 when the provider or key resolution stopped it. */
function runExit(campaign: CampaignView): number {
  return campaign.state === 'paused' && campaign.pauseReason ? EXIT.failed : EXIT.ok;
}

/** Registers the campaign commands. */
export function registerCampaign(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('campaign')
    .description('SMS, e-mail and voice campaigns: import contacts, send or call within each recipient’s window, resume after a crash');

  cmd
    .command('create <ws>')
    .description(
      'import a contact CSV and a template (or, for voice, an agent) into a campaign ready to run; shows the estimate before anything goes',
    )
    .requiredOption('--channel <channel>', 'sms, email or voice')
    .requiredOption(
      '--contacts <file>',
      'contact CSV: phone/mobile/phone_number, email, first_name, last_name, timezone, country, any other columns',
    )
    .option(
      '--template <file>',
      'sms/email: message template with {{first_name}}-style variables; an e-mail template starts with “Subject: …”',
    )
    .option('--name <name>', 'campaign name')
    .option('--rate <perSec>', 'sms/email: requests per second (default: the sender’s own limit)')
    .option(
      '--window <HH:MM-HH:MM>',
      'only inside this window of the recipient’s local time (default 08:00-21:00 for messages, 09:00-20:00 for calls)',
    )
    .option('--country <CC>', 'country for numbers without a country code (default: the workspace’s)')
    .option('--agent <name|id>', 'voice: the agent that makes the calls')
    .option('--retries <n>', 'voice: further attempts after no_answer or busy (default 2)')
    .option('--retry-gap <minutes>', 'voice: minutes between attempts, still inside the window (default 60)')
    .option('--max-concurrent <n>', 'voice: this campaign’s cap on calls at once (default 25; the Anthropic key’s ceiling may be lower)')
    .option(
      '--machine <hangup|voicemail>',
      'voice: on an answering machine, hang up (default) or leave the voicemail message after the beep',
    )
    .option('--voicemail-text <text>', 'voice: the voicemail message (default: the agent’s greeting)')
    .option('--cps <n>', 'voice: dial requests per second for the Twilio account (default 1)')
    .action(
      async (
        ref: string,
        flags: {
          channel: string;
          contacts: string;
          template?: string;
          name?: string;
          rate?: string;
          window?: string;
          country?: string;
        } & VoiceCreateFlags,
      ) => {
        const ch = channel(flags.channel);
        if (ch === 'voice') {
          if (flags.template || flags.rate)
            throw new AppError(
              'INVALID_INPUT',
              'A voice campaign has an agent, not a template or a rate: use --agent, and --cps for the dial rate.',
            );
          const options = voiceOptions(flags);
          const core = ctx.core();
          const ws = core.workspaces.find(ref);
          const contacts = streamInputFile(flags.contacts, { what: 'contacts file', limitBytes: FILE_LIMITS.contacts });
          const made = await core.voiceCampaigns.create(
            { ...options, workspaceId: ws.id, name: flags.name, window: flags.window, country: flags.country, contacts },
            'cli',
          );
          return ctx.print(made, () => printCreatedVoice(ctx, made));
        }
        if (flags.agent || flags.retries || flags.retryGap || flags.maxConcurrent || flags.machine || flags.voicemailText || flags.cps)
          throw new AppError(
            'INVALID_INPUT',
            '--agent, --retries, --retry-gap, --max-concurrent, --machine, --voicemail-text and --cps are for --channel voice.',
          );
        if (!flags.template) throw new AppError('INVALID_INPUT', 'An SMS or e-mail campaign needs --template FILE.');
        const perSec = rate(flags.rate);
        const template = readInputFile(flags.template, { what: 'template file', limitBytes: FILE_LIMITS.template, text: true });
        const core = ctx.core();
        const ws = core.workspaces.find(ref);
        // Streamed, never held whole; the reader checks it is UTF-8 text as it goes.
        const contacts = streamInputFile(flags.contacts, { what: 'contacts file', limitBytes: FILE_LIMITS.contacts });
        const made = await core.campaigns.create(
          {
            workspaceId: ws.id,
            name: flags.name,
            channel: ch,
            contacts,
            template,
            window: flags.window ?? '08:00-21:00',
            rate: perSec,
            country: flags.country,
          },
          'cli',
        );
        ctx.print(made, () => printCreated(ctx, made));
      },
    );

  cmd
    .command('run <id>')
    .description('send or call a campaign (or resume a paused or interrupted one) until it is done')
    .option('--public-url <url>', 'voice: the https address your reverse proxy forwards to this computer')
    .option('--tunnel', "voice: open an ngrok tunnel with the agency's authtoken")
    .option('--port <n>', 'voice: the local port of the media server (default any free one)')
    .action(async (id: string, flags: ReachFlags) => {
      if (ctx.core().voiceCampaigns.has(id)) return runVoice(ctx, id, flags);
      if (flags.publicUrl || flags.tunnel || flags.port)
        throw new AppError('INVALID_INPUT', '--public-url, --tunnel and --port are for voice campaigns.');
      const core = await ctx.unlocked();
      const before = core.campaigns.get(id);
      if (before.state === 'completed' || before.state === 'cancelled')
        throw new AppError('CONFLICT', `This campaign is already ${before.state}.`);
      const printer = ctx.json() ? null : progressPrinter(ctx, ctx.progressInPlace);
      const off = core.campaigns.onProgress((p) => p.campaignId === id && printer?.update(p));
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts += 1;
        if (interrupts > 1) process.exit(130);
        ctx.err('\nPausing: waiting for requests in flight (Ctrl-C again to quit at once)…');
        core.campaigns.pause(id, 'cli');
      };
      process.on('SIGINT', onSigint);
      try {
        const after = await core.campaigns.run(id, 'cli');
        printer?.end();
        ctx.print(after, () => printStatus(ctx, after));
        ctx.setExitCode(runExit(after));
      } finally {
        process.off('SIGINT', onSigint);
        off();
      }
    });

  cmd
    .command('status <id>')
    .description('a campaign’s state and counts; --messages for the results, --issues for rows that were not imported')
    .option('--messages', 'list messages with status and provider id')
    .option('--calls', 'voice: list leads with their call (who, state, length, outcome)')
    .option('--issues', 'list every CSV row that did not become a message, with its line and reason')
    .option('--limit <n>', 'rows to list', '100')
    .option('--offset <n>', 'rows to skip', '0')
    .action((id: string, flags: { messages?: boolean; calls?: boolean; issues?: boolean; limit?: string; offset?: string }) => {
      const core = ctx.core();
      const page = { limit: count(flags.limit, 100), offset: count(flags.offset, 0) };
      if (core.voiceCampaigns.has(id)) {
        const voiceCampaign = core.voiceCampaigns.get(id);
        const calls = flags.calls ? core.voiceCampaigns.leads(id, page) : undefined;
        const issues = flags.issues
          ? core.voiceCampaigns.issues(id, { ...page, limit: flags.limit === undefined ? 100_000 : page.limit })
          : undefined;
        return ctx.print({ campaign: voiceCampaign, calls, issues }, () => {
          printVoiceStatus(ctx, voiceCampaign);
          if (calls) printLeads(ctx, calls.rows);
          if (issues) for (const issue of issues.rows) ctx.out(`  line ${issue.line}: ${issue.kind} — ${issue.reason}`);
        });
      }
      if (flags.calls) throw new AppError('INVALID_INPUT', '--calls is for voice campaigns; use --messages.');
      const campaign = core.campaigns.get(id);
      const messages = flags.messages ? core.campaigns.messages(id, page) : undefined;
      const issues = flags.issues
        ? core.campaigns.issues(id, { ...page, limit: flags.limit === undefined ? 100_000 : page.limit })
        : undefined;
      ctx.print({ campaign, messages, issues }, () => {
        printStatus(ctx, campaign);
        if (messages)
          table(
            [
              ['ID', 'TO', 'NAME', 'STATUS', 'PROVIDER ID', 'ATTEMPTS', 'NOTE'],
              ...messages.rows.map((message) => [
                String(message.id),
                message.recipient,
                message.name,
                message.status,
                message.providerId ?? '',
                String(message.attempts),
                message.error ?? '',
              ]),
            ],
            ctx.out,
          );
        if (issues) for (const issue of issues.rows) ctx.out(`  line ${issue.line}: ${issue.kind} — ${issue.reason}`);
      });
    });

  cmd
    .command('pause <id>')
    .description('stop sending (requests in flight finish); `campaign run` resumes')
    .action((id: string) => {
      const core = ctx.core();
      if (core.voiceCampaigns.has(id)) {
        const voiceCampaign = core.voiceCampaigns.pause(id, 'cli');
        return ctx.print(voiceCampaign, () =>
          ctx.out(
            `${voiceCampaign.name} is paused: ${voiceCampaign.counts.done} done, ${voiceCampaign.counts.queued} still queued; calls in ` +
              `progress finish. Resume with: switchboard campaign run ${voiceCampaign.id} --public-url URL (or --tunnel)`,
          ),
        );
      }
      const campaign = core.campaigns.pause(id, 'cli');
      ctx.print(campaign, () =>
        ctx.out(
          `${campaign.name} is paused: ${campaign.counts.sent} sent, ${campaign.counts.queued} still queued. Resume with: switchboard ` +
            `campaign run ${campaign.id}`,
        ),
      );
    });

  cmd
    .command('cancel <id>')
    .description('drop every message not sent yet; a cancelled campaign cannot be resumed')
    .action((id: string) => {
      const core = ctx.core();
      if (core.voiceCampaigns.has(id)) {
        const voiceCampaign = core.voiceCampaigns.cancel(id, 'cli');
        return ctx.print(voiceCampaign, () =>
          ctx.out(
            `${voiceCampaign.name} is cancelled: ${voiceCampaign.counts.done} called, ${voiceCampaign.counts.cancelled} will not be.`,
          ),
        );
      }
      const campaign = core.campaigns.cancel(id, 'cli');
      ctx.print(campaign, () =>
        ctx.out(`${campaign.name} is cancelled: ${campaign.counts.sent} were sent, ${campaign.counts.cancelled} will not be.`),
      );
    });

  cmd
    .command('send-again <id>')
    .description(
      'queue again the messages that failed without a confirmed answer (check the provider’s log first: some may have arrived); `campaign run` sends them',
    )
    .action((id: string) => {
      const campaign = ctx.core().campaigns.sendAgain(id, 'cli');
      ctx.print(campaign, () =>
        ctx.out(
          `${campaign.counts.queued} messages of ${campaign.name} are queued again. Send them with: switchboard campaign run ${campaign.id}`,
        ),
      );
    });

  cmd
    .command('dial-again <id>')
    .description(
      'voice: queue again the calls left in doubt (check the carrier’s call log first: some may have rung); `campaign run` dials them',
    )
    .action((id: string) => {
      const voiceCampaign = ctx.core().voiceCampaigns.dialAgain(id, 'cli');
      ctx.print(voiceCampaign, () =>
        ctx.out(
          `${voiceCampaign.counts.queued} leads of ${voiceCampaign.name} are queued again. Dial them with: switchboard campaign run ` +
            `${voiceCampaign.id} --public-url URL (or --tunnel)`,
        ),
      );
    });

  cmd
    .command('delete <id>')
    .description('voice: delete a campaign that is not running, with its calls and their transcripts')
    .action((id: string) => {
      const core = ctx.core();
      if (!core.voiceCampaigns.has(id)) {
        core.campaigns.repo.get(id); // NOT_FOUND for an id that is no campaign at all
        throw new AppError('INVALID_INPUT', 'Only voice campaigns can be deleted; cancel a messaging campaign instead.');
      }
      const name = core.voiceCampaigns.get(id).name;
      const gone = core.voiceCampaigns.delete(id, 'cli');
      ctx.print({ deleted: true, ...gone }, () =>
        ctx.out(`Deleted ${name} with its ${gone.calls} call${gone.calls === 1 ? '' : 's'} and their transcripts.`),
      );
    });

  cmd
    .command('export <id>')
    .description('voice: the campaign as CSV — each lead and its call, the call’s summary and a column per extracted field')
    .option('--out <file>', 'write to a file (owner-only) instead of standard output')
    .action(async (id: string, flags: { out?: string }) => {
      const core = await ctx.unlocked();
      if (!core.voiceCampaigns.has(id)) {
        core.campaigns.repo.get(id); // NOT_FOUND for an id that is no campaign at all
        throw new AppError('INVALID_INPUT', 'Only voice campaigns export their calls; a messaging campaign’s report is `campaign status`.');
      }
      const doc = core.voiceCampaigns.exportCsv(id, 'cli');
      if (!flags.out) return ctx.print({ rows: doc.rows, csv: doc.content }, () => ctx.write(doc.content));
      try {
        // Summaries and fields are the client's: owner-only, like the data folder.
        writeFileSync(flags.out, doc.content, { mode: 0o600 });
      } catch {
        throw new AppError('INVALID_INPUT', 'The export file could not be written; check that its folder exists and is writable.');
      }
      ctx.print({ written: flags.out, rows: doc.rows }, () =>
        ctx.out(`Exported ${doc.rows} lead${doc.rows === 1 ? '' : 's'} to ${flags.out}.`),
      );
    });

  cmd
    .command('list <ws>')
    .description('a workspace’s campaigns')
    .action((ref: string) => {
      const core = ctx.core();
      const wsId = core.workspaces.find(ref).id;
      const list = core.campaigns.list(wsId);
      const voice = core.voiceCampaigns.list(wsId);
      const rows = [
        ...list.map((campaign) => [
          campaign.id,
          campaign.name,
          campaign.channel,
          stateWord(campaign),
          String(campaign.counts.sent),
          String(campaign.counts.total),
          campaign.createdAt.slice(0, 16),
        ]),
        ...voice.map((campaign) => [
          campaign.id,
          campaign.name,
          'voice',
          stateWord(campaign),
          String(campaign.counts.done),
          String(campaign.counts.total),
          campaign.createdAt.slice(0, 16),
        ]),
      ];
      ctx.print([...list, ...voice], () =>
        rows.length === 0
          ? ctx.out('No campaigns yet.')
          : table([['ID', 'NAME', 'CHANNEL', 'STATE', 'DONE', 'TOTAL', 'CREATED'], ...rows], ctx.out),
      );
    });

  cmd
    .command('preview <id>')
    .description('the message one contact will get')
    .option('--contact <n>', 'which contact (1 is the first)', '1')
    .action((id: string, flags: { contact: string }) => {
      const contactNumber = count(flags.contact, 1);
      const preview = ctx.core().campaigns.preview(id, Math.max(0, contactNumber - 1));
      ctx.print(preview, () => {
        const to = preview.name ? `${preview.name} <${preview.recipient}>` : preview.recipient;
        const segments = preview.encoding ? ` · ${preview.segments} segment${preview.segments === 1 ? '' : 's'} ${preview.encoding}` : '';
        ctx.out(`To ${to}${segments}`);
        if (preview.subject) ctx.out(`Subject: ${preview.subject}`);
        ctx.out(preview.body);
      });
    });
}
