/**
 * Call recordings: one dual-channel WAV per recorded call, sealed with the workspace's data key like
 * its transcript (AAD bound to the call), opened for playback and export, removed with its call
 * (ON DELETE CASCADE) and by the workspace's retention (sweep, audited per recording removed).
 */
import { AppError } from '../../../../shared/errors';
import {
  DEFAULT_RECORDING_RETENTION_DAYS,
  MAX_RECORDING_RETENTION_DAYS,
  MAX_RECORDING_WAV_BYTES,
  type OpenedRecording,
  type RecordingInfo,
} from '../../../../shared/call-recordings';
import type { Actor, AuditLog } from '../../audit/audit';
import { checkpointTruncate, type Db, tx } from '../../store/db';
import { openBytes, sealBytes } from '../../vault/seal';
import type { Vault } from '../../vault/vault';
import type { Workspaces } from '../../workspaces/workspaces';
import type { Calls } from './calls';
import { type RecordingMetaRow, RecordingsRepo } from './recordings-repo';

/** What CallRecordings needs. */
export interface CallRecordingsDeps {
  readonly db: Db;
  readonly vault: Vault;
  readonly audit: AuditLog;
  readonly workspaces: Workspaces;
  readonly calls: Pick<Calls, 'summary'>;
  readonly now: () => Date;
}

/** What a finished recorder hands over (recording/recorder.ts). */
export interface RecordingInput {
  readonly wav: Buffer;
  readonly durationMs: number;
  readonly truncated: boolean;
}

const DAY_MS = 86_400_000;
/** Binds a recording to its call: a blob moved to another call's row does not open. */
const recordingAad = (callId: string): string => `call-recording:${callId}`;

/** Stores, opens and expires call recordings. */
export class CallRecordings {
  private readonly repo: RecordingsRepo;

  constructor(private readonly deps: CallRecordingsDeps) {
    this.repo = new RecordingsRepo(deps.db);
  }

  /** Seals and stores a call's recording; audited as call.record (length and size, never audio). */
  save(workspaceId: string, callId: string, recording: RecordingInput, actor: Actor): RecordingInfo {
    if (recording.wav.length > MAX_RECORDING_WAV_BYTES) throw new AppError('INVALID_INPUT', 'A recording is at most 30 minutes long.');
    const call = this.deps.calls.summary(workspaceId, callId);
    const ciphertext = sealBytes(this.deps.vault.dataKey(call.workspaceId), recording.wav, recordingAad(call.id));
    const row = {
      call_id: call.id,
      workspace_id: call.workspaceId,
      created_at: this.deps.now().toISOString(),
      duration_ms: recording.durationMs,
      wav_bytes: recording.wav.length,
      truncated: recording.truncated ? 1 : 0,
    };
    tx(this.deps.db, () => {
      this.repo.insert({ ...row, ciphertext });
      this.deps.audit.append({
        actor,
        action: 'call.record',
        workspaceId: call.workspaceId,
        target: call.id,
        detail: { durationMs: row.duration_ms, bytes: row.wav_bytes, truncated: recording.truncated },
      });
    });
    return this.infoOf(row);
  }

  /** A call's recording facts, or null when the call was not recorded (the vault may stay locked). */
  info(workspaceId: string, callId: string): RecordingInfo | null {
    const call = this.deps.calls.summary(workspaceId, callId);
    const row = this.repo.meta(call.id);
    return row ? this.infoOf(row) : null;
  }

  /** A call's recording opened (the WAV), or null when it was not recorded. */
  open(workspaceId: string, callId: string): OpenedRecording | null {
    const call = this.deps.calls.summary(workspaceId, callId);
    const row = this.repo.byCall(call.id);
    if (!row) return null;
    let wav: Buffer;
    try {
      wav = openBytes(this.deps.vault.dataKey(row.workspace_id), row.ciphertext, recordingAad(row.call_id));
    } catch (err) {
      if (err instanceof AppError && err.code === 'TAMPERED')
        throw new AppError('TAMPERED', "This call's recording was altered on disk and cannot be opened.");
      throw err;
    }
    return { info: this.infoOf(row), wav };
  }

  /** Days a workspace keeps recordings. */
  retentionDays(workspaceId: string): number {
    const ws = this.deps.workspaces.get(workspaceId);
    return this.repo.retention(ws.id) ?? DEFAULT_RECORDING_RETENTION_DAYS;
  }

  /** Sets how many days a workspace keeps recordings; audited as recording.retention. */
  setRetentionDays(workspaceId: string, days: number, actor: Actor): number {
    const ws = this.deps.workspaces.get(workspaceId);
    if (!Number.isInteger(days) || days < 1 || days > MAX_RECORDING_RETENTION_DAYS)
      throw new AppError('INVALID_INPUT', `Recordings are kept between 1 and ${MAX_RECORDING_RETENTION_DAYS} whole days.`);
    tx(this.deps.db, () => {
      this.repo.setRetention(ws.id, days);
      this.deps.audit.append({ actor, action: 'recording.retention', workspaceId: ws.id, detail: { days } });
    });
    return days;
  }

  /**
   * Removes every recording older than its workspace's retention on the core's clock, each audited
   * as call.recording.expire; the WAL is checkpointed after so no page image of the audio waits there.
   * Returns how many were removed.
   */
  sweep(actor: Actor): number {
    const now = this.deps.now().getTime();
    const removed = tx(this.deps.db, () => {
      let count = 0;
      for (const row of this.repo.ages()) {
        const days = row.days ?? DEFAULT_RECORDING_RETENTION_DAYS;
        if (Date.parse(row.created_at) + days * DAY_MS > now) continue;
        this.repo.delete(row.call_id);
        this.deps.audit.append({
          actor,
          action: 'call.recording.expire',
          workspaceId: row.workspace_id,
          target: row.call_id,
          detail: { days },
        });
        count++;
      }
      return count;
    });
    if (removed > 0) checkpointTruncate(this.deps.db);
    return removed;
  }

  private infoOf(row: RecordingMetaRow): RecordingInfo {
    const days = this.repo.retention(row.workspace_id) ?? DEFAULT_RECORDING_RETENTION_DAYS;
    return {
      callId: row.call_id,
      createdAt: row.created_at,
      durationMs: row.duration_ms,
      wavBytes: row.wav_bytes,
      truncated: row.truncated === 1,
      channels: ['caller', 'agent'],
      sampleRate: 8000,
      expiresAt: new Date(Date.parse(row.created_at) + days * DAY_MS).toISOString(),
    };
  }
}
