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
export function voiceCampaignCsv(deps: ExportDeps, campaign: VoiceCampaignRow): { readonly csv: string; readonly rows: number } {
  const leads: LeadRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = deps.repo.page(campaign.id, { offset, limit: PAGE });
    leads.push(...page.rows);
    if (page.rows.length < PAGE) break;
  }
  const callIds = leads.flatMap((l) => (l.call_id === null ? [] : [l.call_id]));
  const results = deps.calls.extractionsOf(campaign.workspace_id, callIds);
  const names = deps.fields.map((f) => f.name);
  // A field an earlier version of the schema had still gets its column, after the current ones.
  for (const result of results.values())
    if (result.state === 'extracted') for (const name of Object.keys(result.values)) if (!names.includes(name)) names.push(name);
  const header = [...LEAD_COLUMNS, SUMMARY_FIELD, ...names, 'extraction', 'extraction_reason', 'schema_version'];
  const rows = leads.map((leadRow) => {
    const extraction: CallExtractionView | undefined = leadRow.call_id === null ? undefined : results.get(leadRow.call_id);
    const lead = [
      leadRow.recipient,
      leadRow.name,
      leadRow.state,
      leadRow.attempts,
      leadRow.outcome,
      leadRow.reason,
      leadRow.duration_seconds,
      leadRow.dialled_at,
      leadRow.call_id,
    ];
    if (!extraction) return [...lead, null, ...names.map(() => null), null, null, null];
    if (extraction.state === 'not_extracted')
      return [...lead, null, ...names.map(() => null), 'not extracted', extraction.reason, extraction.schemaVersion];
    return [
      ...lead,
      extraction.summary,
      ...names.map((n) => extractedText(extraction.values[n])),
      'extracted',
      null,
      extraction.schemaVersion,
    ];
  });
  return { csv: toCsv([header, ...rows]), rows: rows.length };
}
