/**
 * The calls store: every call the voice runner places, its state (forward only, since carrier
 * callbacks arrive out of order), its transcript sealed line by line with the workspace's data
 * key, its outcome, and what each provider's key metered for it (also recorded as usage, so the
 * dashboards and the billing CSV include calls).
 */
import { randomUUID } from 'node:crypto';
import {
  CALL_EXPORT_FORMAT,
  CALL_OUTCOMES,
  CALL_STATES,
  type CallExport,
  type CallSummary,
  type CallUsageLine,
  type CallView,
  type TranscriptLine,
} from '../../../../shared/calls';
import { CALL_LINES, CONSOLE_PARTY, WITHHELD_CALLER } from '../../../../shared/call-lists';
import { AppError } from '../../../../shared/errors';
import type { Actor, AuditLog } from '../../audit/audit';
import { checkpointTruncate, type Db, tx } from '../../store/db';
import { roundUsd, usageCost, ZERO } from '../../usage/cost';
import type { Usage } from '../../usage/usage';
import { openText, sealText } from '../../vault/seal';
import type { Vault } from '../../vault/vault';
import type { Workspaces } from '../../workspaces/workspaces';
import { ANSWERED_BY } from '../types';
import type { CallExtractionView } from '../../../../shared/extraction';
import type { CallCreate, CallFinish, CallMeter, CallPatch, TranscriptInput } from './inputs';
import { AgentsRepo } from '../agents/repo';
import { CallExtractionStore, type ExtractionOutcome } from './extractions';
import { CallEvents, type CallEventInput } from './events';
import { type CallRow, CallsRepo, summaryOf } from './repo';

export type { CallCreate, CallFinish, CallMeter, CallPatch, TranscriptInput } from './inputs';
export type { CallEventInput } from './events';

/** A stored call (no transcript). */
export type CallRecord = CallSummary;

/** What Calls needs. */
export interface CallsDeps {
  readonly db: Db;
  readonly vault: Vault;
  readonly audit: AuditLog;
  readonly usage: Usage;
  readonly workspaces: Workspaces;
  readonly now: () => Date;
}

const NUMBER = /^\+?[0-9]{6,15}$/;
const MAX_LINE = 10_000;
const MAX_LIST = 1000;

/** Binds a transcript line to its call, place and speaker: a row moved or relabelled does not open. */
const lineAad = (callId: string, seq: number, speaker: string): string => `call-transcript:${callId}:${seq}:${speaker}`;

/** Opens one line; the vault's sentence speaks of secrets to re-enter, which a transcript is not. */
function openLine(key: Buffer, sealed: Buffer, aad: string, seq: number): string {
  try {
    return openText(key, sealed, aad);
  } catch (err) {
    if (err instanceof AppError && err.code === 'TAMPERED')
      throw new AppError('TAMPERED', `Line ${seq} of this call's transcript was altered on disk and cannot be opened.`);
    throw err;
  }
}

const isoOf = (date: Date | string, what: string): string => {
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) throw new AppError('INVALID_INPUT', `The ${what} is not a valid date.`);
  return parsed.toISOString();
};

/** Stores calls, their sealed transcripts and their metered usage. */
export class Calls {
  private readonly repo: CallsRepo;
  /** Asked which workspace an agent belongs to: the voice_agents table is its. */
  private readonly agents: AgentsRepo;
  /** Each call's extracted fields and summary, sealed (or why none were extracted). */
  private readonly extractions: CallExtractionStore;
  private readonly events: CallEvents;

  constructor(private readonly deps: CallsDeps) {
    this.repo = new CallsRepo(deps.db);
    this.agents = new AgentsRepo(deps.db);
    this.extractions = new CallExtractionStore(deps);
    this.events = new CallEvents(deps);
  }

  /** Calls a runner that died left open (no outcome, still in a live state), for settling at start-up. */
  unsettled(): {
    readonly id: string;
    readonly workspaceId: string;
    readonly carrier: CallRow['carrier'];
    readonly carrierCallId: string | null;
  }[] {
    return this.repo
      .unsettled()
      .map((row) => ({ id: row.id, workspaceId: row.workspace_id, carrier: row.carrier, carrierCallId: row.carrier_call_id }));
  }

  /** Records a new call in state 'queued'; audited as call.create. */
  create(input: CallCreate, actor: Actor): CallRecord {
    const ws = this.deps.workspaces.get(input.workspaceId);
    const to = input.to.trim();
    const from = input.from.trim();
    const agentName = input.agentName.trim();
    if (!(CALL_LINES as readonly string[]).includes(input.carrier))
      throw new AppError('INVALID_INPUT', `A call goes through ${CALL_LINES.join(', ')}.`);
    // A console call (Talk) has no numbers: it is always a test, and names the console on both ends.
    const fromConsole = input.carrier === 'console';
    if (fromConsole && (to !== CONSOLE_PARTY || from !== CONSOLE_PARTY || !input.test || input.campaignId))
      throw new AppError('INVALID_INPUT', 'A call from the console is a test with no numbers and no campaign.');
    if (!fromConsole && !NUMBER.test(to))
      throw new AppError('INVALID_INPUT', 'The number to call must be digits with its country code, like +919812345678.');
    // An inbound caller who withheld their number is recorded as such.
    const withheld = input.direction === 'inbound' && from === WITHHELD_CALLER;
    if (!fromConsole && !NUMBER.test(from) && !withheld)
      throw new AppError('INVALID_INPUT', 'The number to call from must be digits, like +14155550100.');
    if (agentName === '' || agentName.length > 200)
      throw new AppError('INVALID_INPUT', 'A call needs the name of the agent that speaks (at most 200 characters).');
    if (input.agentId !== null && this.agents.workspaceOf(input.agentId) !== ws.id)
      throw new AppError('NOT_FOUND', `${ws.name} has no voice agent with that id.`);
    const row: CallRow = {
      id: randomUUID(),
      workspace_id: ws.id,
      agent_id: input.agentId,
      agent_name: agentName,
      campaign_id: input.campaignId ?? null,
      carrier: input.carrier,
      carrier_call_id: null,
      to_number: to,
      from_number: from,
      test: input.test ? 1 : 0,
      state: 'queued',
      outcome: null,
      reason: null,
      created_at: this.deps.now().toISOString(),
      answered_at: null,
      ended_at: null,
      duration_seconds: null,
      answered_by: null,
      machine_detection_ms: null,
      direction: input.direction ?? 'outbound',
    };
    tx(this.deps.db, () => {
      this.repo.insert(row);
      this.deps.audit.append({
        actor,
        action: 'call.create',
        workspaceId: ws.id,
        target: row.id,
        detail: { carrier: row.carrier, agent: agentName, to, test: row.test === 1, campaignId: row.campaign_id, direction: row.direction },
      });
    });
    return summaryOf(row);
  }

  /**
   * Applies what a carrier callback said. The state only moves forward: a callback older than the
   * state already recorded is ignored, not refused, because carriers do not deliver them in order.
   */
  update(id: string, patch: CallPatch): CallRecord {
    return tx(this.deps.db, () => {
      const row = this.row(id);
      const next: CallRow = { ...row };
      if (patch.state !== undefined) {
        if (!CALL_STATES.includes(patch.state)) throw new AppError('INVALID_INPUT', `A call state is one of ${CALL_STATES.join(', ')}.`);
        if (CALL_STATES.indexOf(patch.state) > CALL_STATES.indexOf(row.state)) next.state = patch.state;
      }
      if (patch.carrierCallId !== undefined && patch.carrierCallId !== row.carrier_call_id) {
        const cid = patch.carrierCallId.trim();
        if (cid === '' || cid.length > 128) throw new AppError('INVALID_INPUT', 'A carrier call id is between 1 and 128 characters.');
        if (row.carrier_call_id !== null) throw new AppError('CONFLICT', 'This call already has a different carrier call id.');
        const other = this.repo.byCarrierId(cid);
        if (other && other.id !== row.id) throw new AppError('CONFLICT', 'Another call already has that carrier call id.');
        next.carrier_call_id = cid;
      }
      // The first answer wins; reaching in-progress without one means it was answered now.
      if (row.answered_at === null && (patch.answeredAt !== undefined || (next.state === 'in-progress' && row.state !== 'in-progress'))) {
        next.answered_at = patch.answeredAt !== undefined ? isoOf(patch.answeredAt, 'answer time') : this.deps.now().toISOString();
      }
      if (patch.durationSeconds !== undefined) {
        if (!Number.isFinite(patch.durationSeconds) || patch.durationSeconds < 0)
          throw new AppError('INVALID_INPUT', 'A call duration is a number of seconds zero or above.');
        next.duration_seconds = patch.durationSeconds;
      }
      if (patch.machine !== undefined) {
        if (!(ANSWERED_BY as readonly string[]).includes(patch.machine.answeredBy))
          throw new AppError('INVALID_INPUT', `An answering-machine verdict is one of ${ANSWERED_BY.join(', ')}.`);
        if (!Number.isInteger(patch.machine.detectionMs) || patch.machine.detectionMs < 0)
          throw new AppError('INVALID_INPUT', 'Machine detection time is a whole number of milliseconds.');
        next.answered_by = patch.machine.answeredBy;
        next.machine_detection_ms = patch.machine.detectionMs;
      }
      if (next.state === 'ended' && next.ended_at === null) next.ended_at = this.deps.now().toISOString();
      this.repo.save(next);
      return summaryOf(next);
    });
  }

  /** Seals one transcript line and stores it after the call's last line; an empty line is skipped. */
  appendTranscript(id: string, line: TranscriptInput): void {
    if (line.speaker !== 'agent' && line.speaker !== 'caller')
      throw new AppError('INVALID_INPUT', 'A transcript line is spoken by the agent or the caller.');
    if (line.text.length > MAX_LINE) throw new AppError('INVALID_INPUT', `A transcript line is at most ${MAX_LINE} characters.`);
    const text = line.text.trim();
    if (text === '') return;
    const at = isoOf(line.at ?? this.deps.now(), 'transcript time');
    tx(this.deps.db, () => {
      const row = this.row(id);
      const seq = this.repo.nextSeq(row.id);
      const ciphertext = sealText(this.deps.vault.dataKey(row.workspace_id), text, lineAad(row.id, seq, line.speaker));
      this.repo.insertLine({ call_id: row.id, seq, speaker: line.speaker, at, ciphertext, interrupted: line.interrupted ? 1 : 0 });
    });
  }

  /**
   * Records one thing the agent did during a call (a tool run, a transfer, a text, a booked callback,
   * keys pressed), its detail sealed; the same record for every kind (calls/events.ts).
   */
  recordEvent(id: string, event: CallEventInput): void {
    const row = this.row(id);
    this.events.record(row.id, row.workspace_id, event);
  }

  /**
   * Ends a call with its outcome; audited as call.end with outcome and duration (never what was
   * said). A second finish changes nothing and returns the first result: hang-up and the
   * carrier's final callback both end a call.
   */
  finish(id: string, end: CallFinish, actor: Actor): CallRecord {
    if (!CALL_OUTCOMES.includes(end.outcome)) throw new AppError('INVALID_INPUT', `A call outcome is one of ${CALL_OUTCOMES.join(', ')}.`);
    if (end.durationSeconds !== null && (!Number.isFinite(end.durationSeconds) || end.durationSeconds < 0))
      throw new AppError('INVALID_INPUT', 'A call duration is a number of seconds zero or above.');
    const reason = end.reason === null ? null : end.reason.trim().slice(0, 500) || null;
    return tx(this.deps.db, () => {
      const row = this.row(id);
      if (row.outcome !== null) return summaryOf(row);
      const endedAt = row.ended_at ?? this.deps.now().toISOString();
      // Without a carrier figure, the time from answer to end is the talk time.
      const duration =
        end.durationSeconds ??
        (row.answered_at === null ? null : Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(row.answered_at)) / 1000)));
      const next: CallRow = { ...row, state: 'ended', outcome: end.outcome, reason, ended_at: endedAt, duration_seconds: duration };
      this.repo.save(next);
      this.deps.audit.append({
        actor,
        action: 'call.end',
        workspaceId: row.workspace_id,
        target: row.id,
        detail: { outcome: end.outcome, durationSeconds: duration },
      });
      return summaryOf(next);
    });
  }

  /**
   * Records what each key metered for a call, all or nothing: per call in call_usage and in the
   * usage tables under the call's workspace (which checks the key and who paid). Zero is skipped.
   */
  meter(id: string, entries: ReadonlyArray<CallMeter>): void {
    tx(this.deps.db, () => {
      const row = this.row(id);
      for (const entry of entries) {
        if (entry.amount === 0) continue;
        this.deps.usage.record({
          workspaceId: row.workspace_id,
          provider: entry.provider,
          credentialId: entry.credentialId,
          owner: entry.owner,
          unit: entry.unit,
          amount: entry.amount,
        });
        this.repo.addUsage({
          call_id: row.id,
          provider: entry.provider,
          credential_id: entry.credentialId,
          owner: entry.owner,
          unit: entry.unit,
          amount: entry.amount,
        });
      }
    });
  }

  /** A call of a workspace with its transcript and events opened, its usage and its cost. */
  get(workspaceId: string, id: string): CallView {
    const row = this.inWorkspace(workspaceId, id);
    const key = this.deps.vault.dataKey(row.workspace_id);
    const transcript: TranscriptLine[] = this.repo.lines(row.id).map((line) => ({
      seq: line.seq,
      speaker: line.speaker,
      at: line.at,
      text: openLine(key, line.ciphertext, lineAad(row.id, line.seq, line.speaker), line.seq),
      interrupted: line.interrupted === 1,
    }));
    const usage: CallUsageLine[] = this.repo.usage(row.id).map((usage) => ({
      provider: usage.provider,
      credentialId: usage.credential_id,
      owner: usage.owner,
      unit: usage.unit,
      amount: usage.amount,
      costUsd: roundUsd(usageCost(usage.provider, { ...ZERO, [usage.unit]: usage.amount })),
    }));
    const sum = (lines: CallUsageLine[]): number => roundUsd(lines.reduce((c, u) => c + u.costUsd, 0));
    const cost = {
      totalUsd: sum(usage),
      ownUsd: sum(usage.filter((u) => u.owner === 'own')),
      agencyUsd: sum(usage.filter((u) => u.owner === 'agency')),
    };
    return {
      ...summaryOf(row),
      transcript,
      events: this.events.list(row.id, row.workspace_id),
      usage,
      cost,
      extraction: this.extractions.view(row.id, row.workspace_id),
    };
  }

  /**
   * Stores what a call's extraction came to (replacing an earlier result) and meters its tokens to
   * the key that paid, in one transaction; audited as call.extract (state and schema version, never
   * a value).
   */
  recordExtraction(id: string, outcome: ExtractionOutcome, meters: ReadonlyArray<CallMeter>, actor: Actor): CallExtractionView {
    return tx(this.deps.db, () => {
      const row = this.row(id);
      this.meter(row.id, meters);
      const view = this.extractions.save(row.id, row.workspace_id, outcome);
      this.deps.audit.append({
        actor,
        action: 'call.extract',
        workspaceId: row.workspace_id,
        target: row.id,
        detail: { state: outcome.state, schemaVersion: outcome.schemaVersion },
      });
      return view;
    });
  }

  /** The extraction results of some calls of a workspace, opened, by call id (calls of other workspaces are left out). */
  extractionsOf(workspaceId: string, callIds: readonly string[]): Map<string, CallExtractionView> {
    const ws = this.deps.workspaces.get(workspaceId);
    return this.extractions.views(
      callIds.filter((id) => this.repo.byId(id)?.workspace_id === ws.id),
      ws.id,
    );
  }

  /** A call of a workspace without its transcript (the vault may stay locked). */
  summary(workspaceId: string, id: string): CallSummary {
    return summaryOf(this.inWorkspace(workspaceId, id));
  }

  /** A workspace's calls, newest first, without transcripts (default the last 100, at most 1000). */
  list(workspaceId: string, opts: { campaignId?: string; limit?: number } = {}): CallSummary[] {
    const ws = this.deps.workspaces.get(workspaceId);
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST)
      throw new AppError('INVALID_INPUT', `A call list holds between 1 and ${MAX_LIST} calls.`);
    return this.repo.list(ws.id, opts.campaignId ?? null, limit).map(summaryOf);
  }

  /** An agent's answered calls since an instant, oldest first (at most 1000): what a re-run of its extraction covers. */
  answeredOfAgent(workspaceId: string, agentId: string, since: Date | string, limit = MAX_LIST): CallSummary[] {
    const ws = this.deps.workspaces.get(workspaceId);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST)
      throw new AppError('INVALID_INPUT', `A re-run covers between 1 and ${MAX_LIST} calls.`);
    return this.repo.answeredOfAgent(ws.id, agentId, isoOf(since, 'start date'), limit).map(summaryOf);
  }

  /** The call a carrier knows by this id (for its callbacks), or null. */
  byCarrierId(carrierCallId: string): CallRecord | null {
    const row = this.repo.byCarrierId(carrierCallId);
    return row ? summaryOf(row) : null;
  }

  /** One call as a JSON document (call, transcript, usage, cost); audited as call.export when an actor is given. */
  export(workspaceId: string, id: string, actor?: Actor): CallExport {
    const { transcript, events, usage, cost, extraction, ...call } = this.get(workspaceId, id);
    if (actor)
      this.deps.audit.append({
        actor,
        action: 'call.export',
        workspaceId: call.workspaceId,
        target: call.id,
        detail: { lines: transcript.length },
      });
    return { format: CALL_EXPORT_FORMAT, exportedAt: this.deps.now().toISOString(), call, transcript, events, usage, cost, extraction };
  }

  /**
   * Deletes a call with its transcript and per-call usage; the usage totals stay (the money was
   * spent). Audited as call.delete. The WAL is checkpointed after, so no page image of the
   * transcript waits there (secure_delete has zeroed the freed pages).
   */
  delete(workspaceId: string, id: string, actor: Actor): void {
    tx(this.deps.db, () => {
      const row = this.inWorkspace(workspaceId, id);
      this.repo.delete(row.id);
      this.deps.audit.append({
        actor,
        action: 'call.delete',
        workspaceId: row.workspace_id,
        target: row.id,
        detail: { outcome: row.outcome },
      });
    });
    checkpointTruncate(this.deps.db);
  }

  /** Deletes every call of a campaign as delete does (for when a voice campaign is deleted); returns how many. */
  deleteByCampaign(workspaceId: string, campaignId: string, actor: Actor): number {
    const ws = this.deps.workspaces.get(workspaceId);
    const deleted = tx(this.deps.db, () => {
      const rows = this.repo.list(ws.id, campaignId, Number.MAX_SAFE_INTEGER);
      for (const row of rows) {
        this.repo.delete(row.id);
        this.deps.audit.append({
          actor,
          action: 'call.delete',
          workspaceId: ws.id,
          target: row.id,
          detail: { outcome: row.outcome, campaignId },
        });
      }
      return rows.length;
    });
    if (deleted > 0) checkpointTruncate(this.deps.db);
    return deleted;
  }

  private row(id: string): CallRow {
    const row = this.repo.byId(id);
    if (!row) throw new AppError('NOT_FOUND', 'There is no call with that id.');
    return row;
  }

  /** A call of another workspace is NOT_FOUND too: ids do not reveal other clients' calls. */
  private inWorkspace(workspaceId: string, id: string): CallRow {
    const ws = this.deps.workspaces.get(workspaceId);
    const row = this.repo.byId(id);
    if (!row || row.workspace_id !== ws.id) throw new AppError('NOT_FOUND', `${ws.name} has no call with that id.`);
    return row;
  }
}
