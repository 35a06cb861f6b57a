/**
 * What an agent did during a call, in order: each tool run, transfer, text, booked callback or keys
 * pressed (shared/call-lists.ts CALL_EVENT_KINDS), one generic record for all of them — a kind, a
 * name, whether it worked, how long it took — and its detail (what went in, what came back) sealed
 * with the workspace's data key, bound to the call, its place in the call, its kind and name. A tool's
 * secret never reaches a detail: the toolbox records only the model's input and the answer.
 */
import { CALL_EVENT_KINDS, type CallEventKind } from '../../../../shared/call-lists';
import type { CallEventLine } from '../../../../shared/calls';
import { AppError } from '../../../../shared/errors';
import { type Db, tx } from '../../store/db';
import { openText, sealText } from '../../vault/seal';
import type { Vault } from '../../vault/vault';
import { type CallEventRow, CallEventsRepo } from './events-repo';

/** One thing the agent did, as its recorder reports it. */
export interface CallEventInput {
  readonly kind: CallEventKind;
  /** The tool's or target's name (1 to 64 characters). */
  readonly name: string;
  readonly ok: boolean;
  readonly durationMs: number;
  /** What went in and came back, as JSON; sealed, capped at MAX_DETAIL_CHARS. */
  readonly detail: Readonly<Record<string, unknown>>;
  readonly at?: Date;
}

/** The most characters of JSON a detail keeps; longer strings in it are cut first. */
export const MAX_DETAIL_CHARS = 8_000;
const CUT_STRING = 400;

/** Binds a detail to its call, its place, its kind and name: a row moved or relabelled does not open. */
const eventAad = (callId: string, seq: number, kind: string, name: string): string => `call-event:${callId}:${seq}:${kind}:${name}`;

/** Every string in a JSON value cut to `max` characters. */
function cutStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max)}…` : value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => cutStrings(v, max));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.slice(0, 64), cutStrings(v, max)]));
  return value;
}

/** The detail as the JSON that is sealed: whole when it fits, its strings cut when not, a note when even that is too long. */
export function boundedDetail(detail: Readonly<Record<string, unknown>>): string {
  const whole = JSON.stringify(detail);
  if (whole.length <= MAX_DETAIL_CHARS) return whole;
  const cut = JSON.stringify(cutStrings(detail, CUT_STRING));
  if (cut.length <= MAX_DETAIL_CHARS) return cut;
  return JSON.stringify({ note: 'The detail was too long to keep.' });
}

/** The call_events store. */
export class CallEvents {
  private readonly repo: CallEventsRepo;

  constructor(private readonly deps: { readonly db: Db; readonly vault: Pick<Vault, 'dataKey'>; readonly now: () => Date }) {
    this.repo = new CallEventsRepo(deps.db);
  }

  /** Seals and stores one event after the call's last one (the caller has checked the call exists). */
  record(callId: string, workspaceId: string, input: CallEventInput): void {
    if (!(CALL_EVENT_KINDS as readonly string[]).includes(input.kind))
      throw new AppError('INVALID_INPUT', `A call event is one of ${CALL_EVENT_KINDS.join(', ')}.`);
    const name = input.name.trim();
    if (name === '' || name.length > 64) throw new AppError('INVALID_INPUT', 'A call event’s name is 1 to 64 characters.');
    if (!Number.isFinite(input.durationMs) || input.durationMs < 0)
      throw new AppError('INVALID_INPUT', 'A call event lasts zero milliseconds or more.');
    const at = (input.at ?? this.deps.now()).toISOString();
    tx(this.deps.db, () => {
      const seq = this.repo.nextSeq(callId);
      const ciphertext = sealText(
        this.deps.vault.dataKey(workspaceId),
        boundedDetail(input.detail),
        eventAad(callId, seq, input.kind, name),
      );
      this.repo.insert({
        call_id: callId,
        seq,
        at,
        kind: input.kind,
        name,
        ok: input.ok ? 1 : 0,
        duration_ms: Math.round(input.durationMs),
        ciphertext,
      });
    });
  }

  /** A call's events with their details opened (the vault must be unlocked). */
  list(callId: string, workspaceId: string): CallEventLine[] {
    const key = this.deps.vault.dataKey(workspaceId);
    return this.repo.list(callId).map((row) => ({
      seq: row.seq,
      at: row.at,
      kind: row.kind,
      name: row.name,
      ok: row.ok === 1,
      durationMs: row.duration_ms,
      detail: openDetail(key, row),
    }));
  }
}

/** Opens one event's detail; a row altered on disk says so in one sentence. */
function openDetail(key: Buffer, row: CallEventRow): Record<string, unknown> {
  try {
    return JSON.parse(openText(key, row.ciphertext, eventAad(row.call_id, row.seq, row.kind, row.name))) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof AppError && err.code === 'TAMPERED')
      throw new AppError('TAMPERED', `Event ${row.seq} of this call’s record was altered on disk and cannot be opened.`);
    throw err;
  }
}
