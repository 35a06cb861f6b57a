/**
 * The skeleton of creating a campaign, both channels alike (docs/ARCHITECTURE.md, "Campaign
 * kernel"): the workspace may run campaigns, the name and default country are checked, a country
 * whose zones the window never covers at once is refused per row, and an import that reaches no
 * one fails with one sentence. The channel reads its own options and writes its own rows.
 */
import type { ImportSummary, RowIssueView } from '../../../../shared/campaigns';
import { AppError } from '../../../../shared/errors';
import { isCountry } from '../../messaging/address';
import { fitsAll, formatWindow, type SendWindow, zonesFor } from '../../messaging/window';
import type { Workspace } from '../../../../shared/domain';

/** What is stored with a campaign about its import and estimate (the channel says what its estimate is). */
export interface StoredImport<Estimate> {
  readonly imported: ImportSummary;
  readonly estimate: Estimate;
}

/** How many row issues come back with a created campaign (all of them stay stored). */
export const ISSUES_RETURNED = 1000;

/** The workspace a campaign is created in, refused while archived. */
export function openWorkspace(workspaces: { get(id: string): Workspace }, id: string): Workspace {
  const workspace = workspaces.get(id);
  if (workspace.archivedAt) throw new AppError('FORBIDDEN', `${workspace.name} is archived: restore it to run campaigns.`);
  return workspace;
}

/** The campaign's name as given (spaces folded), or `<kind> campaign <date time>`; at most 120 characters. */
export function campaignName(given: string | undefined, kind: string, now: Date): string {
  const name =
    (given ?? '').normalize('NFC').trim().replace(/\s+/g, ' ') || `${kind} campaign ${now.toISOString().slice(0, 16).replace('T', ' ')}`;
  if (name.length > 120) throw new AppError('INVALID_INPUT', 'A campaign name can be at most 120 characters long.');
  return name;
}

/** The country for numbers without a country code: the one given, else the workspace's; null when neither. */
export function defaultCountry(given: string | null | undefined, workspace: Workspace): string | null {
  const country = (given ?? workspace.defaultCountry ?? '').toUpperCase() || null;
  if (country && !isCountry(country))
    throw new AppError('INVALID_INPUT', `“${country.slice(0, 10)}” is not a country code (two letters, such as US or IN).`);
  return country;
}

/**
 * For a row whose time zone comes from its country: why that country cannot be served when the
 * window is never open in all its zones at once (09:00–12:00 across the US): one of them would
 * be contacted outside the window. Memoised per country.
 */
export function unservedCountry(window: SendWindow, at: number): (country: string) => string | null {
  const memo = new Map<string, string | null>();
  return (country) => {
    let reason = memo.get(country);
    if (reason === undefined) {
      const zones = zonesFor(`@${country}`);
      const spans = `${country} spans ${zones.length} time zones and the window ${formatWindow(window)} is never open in all of them at once`;
      reason = fitsAll(window, zones, at) ? null : `no time zone: ${spans}; add a timezone column or widen the window`;
      memo.set(country, reason);
    }
    return reason;
  };
}

/** The sentence when no row of the file can be reached: `messaged` or `called`, the counts, and the first issue. */
export function nothingToReach(
  verb: 'messaged' | 'called',
  counts: { rejected: number; excluded: number },
  first: RowIssueView | undefined,
): AppError {
  const where = first ? `; line ${first.line}: ${first.reason}` : '';
  return new AppError(
    'INVALID_INPUT',
    `No row of the contacts file can be ${verb} (${counts.rejected} rejected, ${counts.excluded} excluded)${where}.`,
  );
}
