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

const duration = (s: number | null): string =>
  s === null ? '—' : s < 60 ? `${Math.round(s)}s` : `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, '0')}s`;
const usd = (x: number): string => `$${x.toFixed(4)}`;
const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function limitOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new AppError('INVALID_INPUT', 'The limit is a whole number of calls, like 50.');
  return n;
}

/** An event's result as a mark and words: ✓/✕, and a transfer's mode and result. */
function eventResult(e: CallView['events'][number]): string {
  const mark = e.ok ? '✓ ok' : '✕ failed';
  if (e.kind !== 'transfer') return mark;
  return `${e.ok ? '✓' : '✕'} ${String(e.detail.mode ?? '')} ${String(e.detail.result ?? '')}`.replace(/\s+/g, ' ').trim();
}
/** Where a call's recording goes beside its JSON export: the same name with .wav. */
const recordingFileFor = (out: string): string => `${extname(out) === '' ? out : out.slice(0, -extname(out).length)}.wav`;

function printCall(ctx: CliContext, c: CallView): void {
  ctx.out(`Call ${c.id}${c.test ? ' (test)' : ''}`);
  ctx.out(`  Agent: ${c.agentName} · ${c.carrier === 'twilio' ? 'Twilio' : 'Exotel'} · ${c.from} → ${c.to}`);
  ctx.out(`  Placed: ${when(c.createdAt)} · State: ${c.state} · Duration: ${duration(c.durationSeconds)}`);
  ctx.out(`  Outcome: ${c.outcome ?? '—'}${c.reason ? ` — ${c.reason}` : ''}`);
  if (c.campaignId) ctx.out(`  Campaign: ${c.campaignId}`);
  if (c.extraction) printExtraction(ctx, c.extraction);
  ctx.out('');
  if (c.transcript.length === 0) ctx.out('(no transcript)');
  for (const l of c.transcript) ctx.out(`${l.speaker}: ${l.text}${l.interrupted ? ' [cut off]' : ''}`);
  if (c.events.length > 0) {
    ctx.out('');
    ctx.out('What the agent did:');
    table(
      [
        ['#', 'KIND', 'NAME', 'RESULT', 'TOOK'],
        ...c.events.map((e) => [String(e.seq), e.kind, e.name, eventResult(e), `${Math.round(e.durationMs)} ms`]),
      ],
      ctx.out,
    );
  }
  if (c.usage.length > 0) {
    ctx.out('');
    table(
      [
        ['PROVIDER', 'KEY', 'UNIT', 'AMOUNT', 'COST'],
        ...c.usage.map((u) => [u.provider, u.owner === 'own' ? 'own' : "agency's", u.unit, String(u.amount), usd(u.costUsd)]),
      ],
      ctx.out,
    );
    ctx.out(`Cost: ${usd(c.cost.totalUsd)} (own keys ${usd(c.cost.ownUsd)}, agency's keys ${usd(c.cost.agencyUsd)})`);
  }
}

function printExtraction(ctx: CliContext, x: CallExtractionView): void {
  if (x.state === 'not_extracted') return ctx.out(`  Not extracted (schema version ${x.schemaVersion}): ${x.reason}`);
  ctx.out(`  Extracted (schema version ${x.schemaVersion}, ${x.model}):`);
  ctx.out(`    Summary: ${x.summary}`);
  for (const [name, value] of Object.entries(x.values)) ctx.out(`    ${name}: ${value === null ? '—' : extractedText(value)}`);
}

const extractionWords = (x: CallExtractionView): string =>
  x.state === 'extracted' ? `extracted (schema version ${x.schemaVersion})` : `not extracted — ${x.reason}`;

/** Registers the calls commands. */
export function registerCalls(program: Command, ctx: CliContext): void {
  const calls = program.command('calls').description('voice calls: list, transcript, export, delete');

  calls
    .command('list <ws>')
    .description('list a workspace’s calls, newest first')
    .option('--campaign <id>', 'only the calls of this campaign')
    .option('--limit <n>', 'at most this many calls (default 100)')
    .action((ref: string, o: { campaign?: string; limit?: string }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const list: CallSummary[] = core.calls.list(ws.id, { campaignId: o.campaign, limit: limitOf(o.limit) });
      ctx.print(list, () => {
        if (list.length === 0) return ctx.out(`${ws.name} has no calls yet.`);
        table(
          [
            ['PLACED', 'ID', 'AGENT', 'TO', 'STATE', 'OUTCOME', 'DURATION'],
            ...list.map((c) => [when(c.createdAt), c.id, c.agentName, c.to, c.state, c.outcome ?? '—', duration(c.durationSeconds)]),
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
            `Recording: ${Math.round(recording.durationMs / 1000)}s, caller left · agent right, kept until ${when(recording.expiresAt)}${recording.truncated ? ' (cut at 30 minutes)' : ''}`,
          );
      });
    });

  calls
    .command('export <ws> <call>')
    .description('export a call as JSON: the call, its transcript, usage and cost, and its recording (a .wav beside --out, else base64)')
    .option('--out <file>', 'write to a file (owner-only) instead of standard output; a recording goes beside it as <name>.wav')
    .action(async (ref: string, id: string, o: { out?: string }) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const exported = core.calls.export(ws.id, id, 'cli');
      const opened = core.recordings.open(ws.id, id);
      const wavFile = o.out && opened ? recordingFileFor(o.out) : null;
      const recording: RecordingExport | null = opened
        ? {
            ...opened.info,
            file: wavFile ? basename(wavFile) : null,
            wavBase64: wavFile ? null : Buffer.from(opened.wav).toString('base64'),
          }
        : null;
      const doc = `${JSON.stringify({ ...exported, recording }, null, 2)}\n`;
      if (o.out) {
        try {
          // The transcript and recording are the client's: owner-only, like the data folder (an existing file keeps its mode).
          writeFileSync(o.out, doc, { mode: 0o600 });
          if (wavFile && opened) writeFileSync(wavFile, opened.wav, { mode: 0o600 });
        } catch {
          throw new AppError('INVALID_INPUT', 'The export file could not be written; check that its folder exists and is writable.');
        }
        const written = wavFile ? { written: o.out, recording: wavFile } : { written: o.out };
        ctx.print(written, () => ctx.out(`Exported call ${id} to ${o.out}${wavFile ? `, its recording to ${wavFile}` : ''}.`));
      } else ctx.write(doc);
    });

  calls
    .command('extract <ws> [call]')
    .description('extract a call’s fields again with its agent’s current schema, or every answered call of an agent (--agent)')
    .option('--agent <agent>', 'every answered call of this agent (oldest first)')
    .option('--since <date>', 'with --agent: only calls placed on or after this date (YYYY-MM-DD or an ISO time)')
    .option('--limit <n>', 'with --agent: at most this many calls (default 100, at most 1000)')
    .action(async (ref: string, id: string | undefined, o: { agent?: string; since?: string; limit?: string }) => {
      if ((id === undefined) === (o.agent === undefined))
        throw new AppError('INVALID_INPUT', 'Name one call to extract, or pass --agent to extract every answered call of an agent.');
      if (id !== undefined && (o.since !== undefined || o.limit !== undefined))
        throw new AppError('INVALID_INPUT', '--since and --limit go with --agent, not with one call.');
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      if (id !== undefined) {
        const x = await core.extractor.rerun(ws.id, id, 'cli');
        return ctx.print({ callId: id, extraction: x }, () => ctx.out(`Call ${id}: ${extractionWords(x)}.`));
      }
      const lines = await core.extractor.rerunAgent(
        ws.id,
        o.agent ?? '',
        o.since ?? '1970-01-01T00:00:00Z',
        'cli',
        limitOf(o.limit) ?? 100,
      );
      ctx.print(lines, () => {
        if (lines.length === 0) return ctx.out('No answered call of that agent to extract from.');
        for (const l of lines) ctx.out(`Call ${l.callId}: ${extractionWords(l.extraction)}.`);
      });
    });

  calls
    .command('delete <ws> <call>')
    .description('delete a call with its transcript and recording (usage totals stay: the money was spent)')
    .option('--yes', 'delete without asking')
    .action(async (ref: string, id: string, o: { yes?: boolean }) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      // Refuses an unknown call before asking about it.
      core.calls.summary(ws.id, id);
      if (!o.yes && !(await confirm(ctx, `Delete call ${id} and its transcript?`))) {
        throw new AppError(
          'INVALID_INPUT',
          'Nothing was deleted: a deleted call and its transcript cannot be restored, so run again with --yes.',
        );
      }
      core.calls.delete(ws.id, id, 'cli');
      ctx.print({ deleted: id }, () => ctx.out(`Deleted call ${id} and its transcript.`));
    });
}
