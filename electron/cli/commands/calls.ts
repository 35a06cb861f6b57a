/** `switchboard calls list|show|export|extract|delete`: a workspace's voice calls, their transcripts, what they cost and what was extracted. */
import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { RecordingExport } from '../../../shared/call-recordings';
import type { Command } from 'commander';
import type { CallSummary, CallView } from '../../../shared/calls';
import { AppError } from '../../../shared/errors';
import { extractedText, type CallExtractionView } from '../../../shared/extraction';
import type { CliContext } from '../context';
import { table } from '../io';
import { confirm } from './import';

const duration = (seconds: number | null): string =>
  seconds === null
    ? '—'
    : seconds < 60
      ? `${Math.round(seconds)}s`
      : `${Math.floor(seconds / 60)}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
const usd = (x: number): string => `$${x.toFixed(4)}`;
const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function limitOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed)) throw new AppError('INVALID_INPUT', 'The limit is a whole number of calls, like 50.');
  return parsed;
}

/** An event's result as a mark and words: ✓/✕, and a transfer's mode and result. */
function eventResult(event: CallView['events'][number]): string {
  const mark = event.ok ? '✓ ok' : '✕ failed';
  if (event.kind !== 'transfer') return mark;
  return `${event.ok ? '✓' : '✕'} ${String(event.detail.mode ?? '')} ${String(event.detail.result ?? '')}`.replace(/\s+/g, ' ').trim();
}
/** Where a call's recording goes beside its JSON export: the same name with .wav. */
const recordingFileFor = (out: string): string => `${extname(out) === '' ? out : out.slice(0, -extname(out).length)}.wav`;

function printCall(ctx: CliContext, call: CallView): void {
  ctx.out(`Call ${call.id}${call.test ? ' (test)' : ''}`);
  ctx.out(`  Agent: ${call.agentName} · ${call.carrier === 'twilio' ? 'Twilio' : 'Exotel'} · ${call.from} → ${call.to}`);
  ctx.out(`  Placed: ${when(call.createdAt)} · State: ${call.state} · Duration: ${duration(call.durationSeconds)}`);
  ctx.out(`  Outcome: ${call.outcome ?? '—'}${call.reason ? ` — ${call.reason}` : ''}`);
  if (call.campaignId) ctx.out(`  Campaign: ${call.campaignId}`);
  if (call.extraction) printExtraction(ctx, call.extraction);
  ctx.out('');
  if (call.transcript.length === 0) ctx.out('(no transcript)');
  for (const line of call.transcript) ctx.out(`${line.speaker}: ${line.text}${line.interrupted ? ' [cut off]' : ''}`);
  if (call.events.length > 0) {
    ctx.out('');
    ctx.out('What the agent did:');
    table(
      [
        ['#', 'KIND', 'NAME', 'RESULT', 'TOOK'],
        ...call.events.map((event) => [
          String(event.seq),
          event.kind,
          event.name,
          eventResult(event),
          `${Math.round(event.durationMs)} ms`,
        ]),
      ],
      ctx.out,
    );
  }
  if (call.usage.length > 0) {
    ctx.out('');
    table(
      [
        ['PROVIDER', 'KEY', 'UNIT', 'AMOUNT', 'COST'],
        ...call.usage.map((usage) => [
          usage.provider,
          usage.owner === 'own' ? 'own' : "agency's",
          usage.unit,
          String(usage.amount),
          usd(usage.costUsd),
        ]),
      ],
      ctx.out,
    );
    ctx.out(`Cost: ${usd(call.cost.totalUsd)} (own keys ${usd(call.cost.ownUsd)}, agency's keys ${usd(call.cost.agencyUsd)})`);
  }
}

function printExtraction(ctx: CliContext, extraction: CallExtractionView): void {
  if (extraction.state === 'not_extracted')
    return ctx.out(`  Not extracted (schema version ${extraction.schemaVersion}): ${extraction.reason}`);
  ctx.out(`  Extracted (schema version ${extraction.schemaVersion}, ${extraction.model}):`);
  ctx.out(`    Summary: ${extraction.summary}`);
  for (const [name, value] of Object.entries(extraction.values)) ctx.out(`    ${name}: ${value === null ? '—' : extractedText(value)}`);
}

const extractionWords = (extraction: CallExtractionView): string =>
  extraction.state === 'extracted' ? `extracted (schema version ${extraction.schemaVersion})` : `not extracted — ${extraction.reason}`;

/** Registers the calls commands. */
export function registerCalls(program: Command, ctx: CliContext): void {
  const calls = program.command('calls').description('voice calls: list, transcript, export, delete');

  calls
    .command('list <ws>')
    .description('list a workspace’s calls, newest first')
    .option('--campaign <id>', 'only the calls of this campaign')
    .option('--limit <n>', 'at most this many calls (default 100)')
    .action((ref: string, flags: { campaign?: string; limit?: string }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const list: CallSummary[] = core.calls.list(ws.id, { campaignId: flags.campaign, limit: limitOf(flags.limit) });
      ctx.print(list, () => {
        if (list.length === 0) return ctx.out(`${ws.name} has no calls yet.`);
        table(
          [
            ['PLACED', 'ID', 'AGENT', 'TO', 'STATE', 'OUTCOME', 'DURATION'],
            ...list.map((call) => [
              when(call.createdAt),
              call.id,
              call.agentName,
              call.to,
              call.state,
              call.outcome ?? '—',
              duration(call.durationSeconds),
            ]),
          ],
          ctx.out,
        );
      });
    });

  calls
    .command('show <ws> <call>')
    .description('show a call with its transcript, what the agent did (tools, transfers) and what it cost')
    .action(async (ref: string, id: string) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const call = core.calls.get(ws.id, id);
      const recording = core.recordings.info(ws.id, id);
      ctx.print({ ...call, recording }, () => {
        printCall(ctx, call);
        if (recording)
          ctx.out(
            `Recording: ${Math.round(recording.durationMs / 1000)}s, caller left · agent right, kept until ` +
              `${when(recording.expiresAt)}${recording.truncated ? ' (cut at 30 minutes)' : ''}`,
          );
      });
    });

  calls
    .command('export <ws> <call>')
    .description('export a call as JSON: the call, its transcript, usage and cost, and its recording (a .wav beside --out, else base64)')
    .option('--out <file>', 'write to a file (owner-only) instead of standard output; a recording goes beside it as <name>.wav')
    .action(async (ref: string, id: string, flags: { out?: string }) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const exported = core.calls.export(ws.id, id, 'cli');
      const opened = core.recordings.open(ws.id, id);
      const wavFile = flags.out && opened ? recordingFileFor(flags.out) : null;
      const recording: RecordingExport | null = opened
        ? {
            ...opened.info,
            file: wavFile ? basename(wavFile) : null,
            wavBase64: wavFile ? null : Buffer.from(opened.wav).toString('base64'),
          }
        : null;
      const doc = `${JSON.stringify({ ...exported, recording }, null, 2)}\n`;
      if (flags.out) {
        try {
          // The transcript and recording are the client's: owner-only, like the data folder (an existing file keeps its mode).
          writeFileSync(flags.out, doc, { mode: 0o600 });
          if (wavFile && opened) writeFileSync(wavFile, opened.wav, { mode: 0o600 });
        } catch {
          throw new AppError('INVALID_INPUT', 'The export file could not be written; check that its folder exists and is writable.');
        }
        const written = wavFile ? { written: flags.out, recording: wavFile } : { written: flags.out };
        ctx.print(written, () => ctx.out(`Exported call ${id} to ${flags.out}${wavFile ? `, its recording to ${wavFile}` : ''}.`));
      } else ctx.write(doc);
    });

  calls
    .command('extract <ws> [call]')
    .description('extract a call’s fields again with its agent’s current schema, or every answered call of an agent (--agent)')
    .option('--agent <agent>', 'every answered call of this agent (oldest first)')
    .option('--since <date>', 'with --agent: only calls placed on or after this date (YYYY-MM-DD or an ISO time)')
    .option('--limit <n>', 'with --agent: at most this many calls (default 100, at most 1000)')
    .action(async (ref: string, id: string | undefined, flags: { agent?: string; since?: string; limit?: string }) => {
      if ((id === undefined) === (flags.agent === undefined))
        throw new AppError('INVALID_INPUT', 'Name one call to extract, or pass --agent to extract every answered call of an agent.');
      if (id !== undefined && (flags.since !== undefined || flags.limit !== undefined))
        throw new AppError('INVALID_INPUT', '--since and --limit go with --agent, not with one call.');
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      if (id !== undefined) {
        const extraction = await core.extractor.rerun(ws.id, id, 'cli');
        return ctx.print({ callId: id, extraction }, () => ctx.out(`Call ${id}: ${extractionWords(extraction)}.`));
      }
      const lines = await core.extractor.rerunAgent(
        ws.id,
        flags.agent ?? '',
        flags.since ?? '1970-01-01T00:00:00Z',
        'cli',
        limitOf(flags.limit) ?? 100,
      );
      ctx.print(lines, () => {
        if (lines.length === 0) return ctx.out('No answered call of that agent to extract from.');
        for (const line of lines) ctx.out(`Call ${line.callId}: ${extractionWords(line.extraction)}.`);
      });
    });

  calls
    .command('delete <ws> <call>')
    .description('delete a call with its transcript and recording (usage totals stay: the money was spent)')
    .option('--yes', 'delete without asking')
    .action(async (ref: string, id: string, flags: { yes?: boolean }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      // Refuses an unknown call before asking about it.
      core.calls.summary(ws.id, id);
      if (!flags.yes && !(await confirm(ctx, `Delete call ${id} and its transcript?`))) {
        throw new AppError(
          'INVALID_INPUT',
          'Nothing was deleted: a deleted call and its transcript cannot be restored, so run again with --yes.',
        );
      }
      core.calls.delete(ws.id, id, 'cli');
      ctx.print({ deleted: id }, () => ctx.out(`Deleted call ${id} and its transcript.`));
    });
}
