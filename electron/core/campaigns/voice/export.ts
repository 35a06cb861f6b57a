/**
 * A voice campaign as a spreadsheet: one row per lead with its latest call — who, what became of
 * it, how long — and what the call's extraction settled: the summary and one column per field of the
 * agent's schema (fields an earlier schema had follow), or why nothing was extracted. Cells are made
 * safe for spreadsheets (usage/csv.ts). The summaries and fields are the client's: the export is audited.
 */
import { extractedText, SUMMARY_FIELD, type CallExtractionView, type ExtractionField } from '../../../../shared/extraction';
import { toCsv } from '../../usage/csv';
import type { Calls } from '../../voice/calls/calls';
import type { LeadRow, VoiceCampaignRepo, VoiceCampaignRow } from './repo';

/** What the export reads. */
export interface ExportDeps {
  readonly repo: Pick<VoiceCampaignRepo, 'page'>;
  readonly calls: Pick<Calls, 'extractionsOf'>;
  /** The campaign's agent's current fields (none when it extracts nothing or was deleted). */
  readonly fields: readonly ExtractionField[];
}

const LEAD_COLUMNS = ['phone', 'name', 'state', 'attempts', 'outcome', 'reason', 'duration_seconds', 'dialled_at', 'call_id'];
const PAGE = 1_000;

/** The campaign's CSV text, with how many leads it holds. */
export function voiceCampaignCsv(d: ExportDeps, c: VoiceCampaignRow): { readonly csv: string; readonly rows: number } {
  const leads: LeadRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = d.repo.page(c.id, { offset, limit: PAGE });
    leads.push(...page.rows);
    if (page.rows.length < PAGE) break;
  }
  const callIds = leads.flatMap((l) => (l.call_id === null ? [] : [l.call_id]));
  const results = d.calls.extractionsOf(c.workspace_id, callIds);
  const names = d.fields.map((f) => f.name);
  // A field an earlier version of the schema had still gets its column, after the current ones.
  for (const r of results.values())
    if (r.state === 'extracted') for (const k of Object.keys(r.values)) if (!names.includes(k)) names.push(k);
  const header = [...LEAD_COLUMNS, SUMMARY_FIELD, ...names, 'extraction', 'extraction_reason', 'schema_version'];
  const rows = leads.map((l) => {
    const x: CallExtractionView | undefined = l.call_id === null ? undefined : results.get(l.call_id);
    const lead = [l.recipient, l.name, l.state, l.attempts, l.outcome, l.reason, l.duration_seconds, l.dialled_at, l.call_id];
    if (!x) return [...lead, null, ...names.map(() => null), null, null, null];
    if (x.state === 'not_extracted') return [...lead, null, ...names.map(() => null), 'not extracted', x.reason, x.schemaVersion];
    return [...lead, x.summary, ...names.map((n) => extractedText(x.values[n])), 'extracted', null, x.schemaVersion];
  });
  return { csv: toCsv([header, ...rows]), rows: rows.length };
}
