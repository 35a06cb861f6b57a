/**
 * Calls' extraction results, sealed: the summary and fields as one JSON document sealed with the
 * workspace's data key, its AAD naming the call and the schema version it was filled against, so a
 * result moved to another call (or relabelled with another version) does not open. A result that
 * could not be extracted keeps only its one-sentence reason, which never quotes the call.
 */
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import type { CallExtractionView, ExtractedValue } from '../../../../shared/extraction';
import type { Db } from '../../store/db';
import { openText, sealText } from '../../vault/seal';
import type { Vault } from '../../vault/vault';
import { CallExtractionsRepo, type ExtractionRow } from './extractions-repo';

/** What an extraction came to, before it is stored. */
export type ExtractionOutcome =
  | {
      readonly state: 'extracted';
      readonly schemaVersion: number;
      readonly model: string;
      readonly summary: string;
      readonly values: Readonly<Record<string, ExtractedValue>>;
    }
  | { readonly state: 'not_extracted'; readonly schemaVersion: number; readonly model: string | null; readonly reason: string };

/** What the store needs. */
export interface CallExtractionDeps {
  readonly db: Db;
  readonly vault: Pick<Vault, 'dataKey'>;
  readonly now: () => Date;
}

const Sealed = z.object({
  summary: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** Binds a sealed result to its call and the schema version it was filled against. */
const resultAad = (callId: string, version: number): string => `call-extraction:${callId}:v${version}`;

/** Stores and opens calls' extraction results; callers hold the transaction and check the call's workspace. */
export class CallExtractionStore {
  private readonly repo: CallExtractionsRepo;

  constructor(private readonly deps: CallExtractionDeps) {
    this.repo = new CallExtractionsRepo(deps.db);
  }

  /** Seals and stores a call's result (replacing an earlier one); returns it as views show it. */
  save(callId: string, workspaceId: string, outcome: ExtractionOutcome): CallExtractionView {
    const at = this.deps.now().toISOString();
    if (outcome.state === 'extracted') {
      const doc = JSON.stringify({ summary: outcome.summary, values: outcome.values });
      const ciphertext = sealText(this.deps.vault.dataKey(workspaceId), doc, resultAad(callId, outcome.schemaVersion));
      this.repo.put({
        call_id: callId,
        state: 'extracted',
        schema_version: outcome.schemaVersion,
        model: outcome.model,
        ciphertext,
        reason: null,
        at,
      });
      return { ...outcome, at };
    }
    this.repo.put({
      call_id: callId,
      state: 'not_extracted',
      schema_version: outcome.schemaVersion,
      model: outcome.model,
      ciphertext: null,
      reason: outcome.reason,
      at,
    });
    return { ...outcome, at };
  }

  /** A call's result opened, or null when none was stored. */
  view(callId: string, workspaceId: string): CallExtractionView | null {
    const row = this.repo.find(callId);
    return row ? this.open(row, workspaceId) : null;
  }

  /** The results of some calls of one workspace, opened, by call id. */
  views(callIds: readonly string[], workspaceId: string): Map<string, CallExtractionView> {
    const rows = this.repo.many(callIds);
    return new Map([...rows].map(([id, row]) => [id, this.open(row, workspaceId)]));
  }

  private open(row: ExtractionRow, workspaceId: string): CallExtractionView {
    if (row.state === 'not_extracted' || row.ciphertext === null)
      return { state: 'not_extracted', schemaVersion: row.schema_version, reason: row.reason ?? '', model: row.model, at: row.at };
    let text: string;
    try {
      text = openText(this.deps.vault.dataKey(workspaceId), row.ciphertext, resultAad(row.call_id, row.schema_version));
    } catch (err) {
      if (err instanceof AppError && err.code === 'TAMPERED')
        throw new AppError('TAMPERED', 'This call’s extracted fields were altered on disk and cannot be opened.');
      throw err;
    }
    const doc = Sealed.parse(JSON.parse(text));
    return {
      state: 'extracted',
      schemaVersion: row.schema_version,
      summary: doc.summary,
      values: doc.values,
      model: row.model ?? '',
      at: row.at,
    };
  }
}
