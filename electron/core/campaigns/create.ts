/**
 * Creating a campaign: read and check the contact file, fill the template for every recipient,
 * schedule each message for its recipient's window, estimate the cost, and write it all —
 * campaign, outbox rows and the import report — in one transaction. A bad file or template
 * throws one sentence before anything is written.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CampaignChannel, CreatedCampaign } from '../../../shared/campaigns';
import { AppError } from '../../../shared/errors';
import type { Actor, AuditLog } from '../audit/audit';
import { isCountry } from '../messaging/address';
import { streamContacts } from '../messaging/contacts';
import type { DoNotContact } from '../messaging/dnc';
import { parseTemplate } from '../../../shared/message-template';
import { DEFAULT_WINDOW, fitsAll, formatWindow, openingCache, parseWindow, type SendWindow, zonesFor } from '../messaging/window';
import type { Resolver } from '../onboarding/resolve';
import { type Db, tx } from '../store/db';
import type { Workspaces } from '../workspaces/workspaces';
import { DEFAULT_PROVIDER, estimateFrom } from './estimate';
import type { CampaignRepo } from './repo';
import { Stage } from './stage';

/** What a campaign is made of. */
export interface CreateInput {
  readonly workspaceId: string;
  readonly name?: string;
  readonly channel: CampaignChannel;
  /** The contact CSV as a stream (a file) or chunks (the console sends the text). */
  readonly contacts: Readable | AsyncIterable<Buffer | string>;
  readonly template: string;
  /** `HH:MM-HH:MM` in each recipient's local time (default 08:00-21:00). */
  readonly window?: string;
  /** Requests per second; default: the sender's own (long code 1/s, Resend 2/s…). */
  readonly rate?: number | null;
  /** Country for numbers without a country code (default: the workspace's). */
  readonly country?: string | null;
}

/** The services creation needs. */
export interface CreateDeps {
  readonly db: Db;
  readonly workspaces: Workspaces;
  readonly dnc: DoNotContact;
  readonly resolver: Resolver;
  readonly repo: CampaignRepo;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** How many row issues and previews come back with the result (all issues stay stored). */
const ISSUES_RETURNED = 1000;
const PREVIEWS = 5;

/** Checks a rate: requests per second, above zero, at most 1,000. */
export function checkRate(rate: number | null | undefined): number | null {
  if (rate === null || rate === undefined) return null;
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000) throw new AppError('INVALID_INPUT', 'The rate is requests per second: a number above 0 and at most 1000.');
  return rate;
}

/**
 * For a row whose time zone comes from its country: why that country cannot be served when the
 * window is never open in all its zones at once (09:00–12:00 across the US): one of them would
 * get the message outside the window. Memoised per country.
 */
function unservedCountry(window: SendWindow, at: number): (country: string) => string | null {
  const memo = new Map<string, string | null>();
  return (country) => {
    let reason = memo.get(country);
    if (reason === undefined) {
      const zones = zonesFor(`@${country}`);
      reason = fitsAll(window, zones, at) ? null : `no time zone: ${country} spans ${zones.length} time zones and the window ${formatWindow(window)} is never open in all of them at once; add a timezone column or widen the window`;
      memo.set(country, reason);
    }
    return reason;
  };
}

/** Creates a campaign in state `ready`. */
export async function createCampaign(deps: CreateDeps, input: CreateInput, actor: Actor): Promise<Omit<CreatedCampaign, 'campaign'> & { id: string }> {
  const ws = deps.workspaces.get(input.workspaceId);
  if (ws.archivedAt) throw new AppError('FORBIDDEN', `${ws.name} is archived: restore it to run campaigns.`);
  const name = (input.name ?? '').normalize('NFC').trim().replace(/\s+/g, ' ') || `${input.channel === 'sms' ? 'SMS' : 'Email'} campaign ${deps.now().toISOString().slice(0, 16).replace('T', ' ')}`;
  if (name.length > 120) throw new AppError('INVALID_INPUT', 'A campaign name can be at most 120 characters long.');
  const window = input.window ? parseWindow(input.window) : DEFAULT_WINDOW;
  const rate = checkRate(input.rate);
  const country = (input.country ?? ws.defaultCountry ?? '').toUpperCase() || null;
  if (country && !isCountry(country)) throw new AppError('INVALID_INPUT', `“${country.slice(0, 10)}” is not a country code (two letters, such as US or IN).`);
  parseTemplate(input.template, input.channel); // syntax first: a bad template fails before the file is read

  const at = deps.now().getTime();
  const stage = new Stage(deps.db, input.channel, input.template, openingCache(window, at));
  try {
    const { rows } = await streamContacts(input.contacts, { channel: input.channel, defaultCountry: country, exclusions: deps.dnc.exclusionsFor(ws.id), unservedCountry: unservedCountry(window, at) }, stage.sink());
    const totals = stage.totals();
    if (totals.recipients === 0) {
      const firstIssue = stage.issues(1)[0];
      throw new AppError('INVALID_INPUT', `No row of the contacts file can be messaged (${totals.rejected} rejected, ${totals.excluded} excluded)${firstIssue ? `; line ${firstIssue.line}: ${firstIssue.reason}` : ''}.`);
    }
    const capability = input.channel === 'sms' ? 'sms' : 'email';
    const described = deps.resolver.describe(ws.id, capability);
    const choice = described ? null : deps.resolver.choose(ws.id, capability);
    const record = {
      imported: { rows, recipients: totals.recipients, rejected: totals.rejected, excluded: totals.excluded, merged: totals.merged },
      estimate: estimateFrom(described?.provider ?? DEFAULT_PROVIDER[input.channel], totals),
    };
    const id = randomUUID();
    tx(deps.db, () => {
      deps.repo.insert({ id, workspace_id: ws.id, kind: 'campaign', name, channel: input.channel, template: input.template, window_start: window.start, window_end: window.end, rate, provider: described?.provider ?? null, record });
      stage.commit(id);
      deps.audit.append({ actor, action: 'campaign.create', workspaceId: ws.id, target: id, detail: { name, channel: input.channel, ...record.imported, estimatedUsd: record.estimate.costUsd } });
    });
    const warnings = choice && !choice.ok ? [`${choice.message} The campaign will not send until then.`] : [];
    return { id, issues: stage.issues(ISSUES_RETURNED), preview: stage.preview(PREVIEWS), warnings };
  } finally {
    stage.drop();
  }
}
