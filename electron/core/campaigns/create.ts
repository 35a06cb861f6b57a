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
import { streamContacts } from '../messaging/contacts';
import type { DoNotContact } from '../messaging/dnc';
import { parseTemplate } from '../../../shared/message-template';
import { DEFAULT_WINDOW, openingCache, parseWindow } from '../messaging/window';
import type { Resolver } from '../onboarding/resolve';
import { type Db, tx } from '../store/db';
import type { Workspaces } from '../workspaces/workspaces';
import { DEFAULT_PROVIDER, estimateFrom } from './estimate';
import { campaignName, defaultCountry, ISSUES_RETURNED, nothingToReach, openWorkspace, unservedCountry } from './kernel/create';
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

/** How many previews come back with the result. */
const PREVIEWS = 5;

/** Checks a rate: requests per second, above zero, at most 1,000. */
export function checkRate(rate: number | null | undefined): number | null {
  if (rate === null || rate === undefined) return null;
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000)
    throw new AppError('INVALID_INPUT', 'The rate is requests per second: a number above 0 and at most 1000.');
  return rate;
}

/** Creates a campaign in state `ready`. */
export async function createCampaign(
  deps: CreateDeps,
  input: CreateInput,
  actor: Actor,
): Promise<Omit<CreatedCampaign, 'campaign'> & { id: string }> {
  const ws = openWorkspace(deps.workspaces, input.workspaceId);
  const name = campaignName(input.name, input.channel === 'sms' ? 'SMS' : 'Email', deps.now());
  const window = input.window ? parseWindow(input.window) : DEFAULT_WINDOW;
  const rate = checkRate(input.rate);
  const country = defaultCountry(input.country, ws);
  parseTemplate(input.template, input.channel); // syntax first: a bad template fails before the file is read

  const at = deps.now().getTime();
  const stage = new Stage(deps.db, input.channel, input.template, openingCache(window, at));
  try {
    const { rows } = await streamContacts(
      input.contacts,
      {
        channel: input.channel,
        defaultCountry: country,
        exclusions: deps.dnc.exclusionsFor(ws.id),
        unservedCountry: unservedCountry(window, at),
      },
      stage.sink(),
    );
    const totals = stage.totals();
    if (totals.recipients === 0) throw nothingToReach('messaged', totals, stage.issues(1)[0]);
    const capability = input.channel === 'sms' ? 'sms' : 'email';
    const described = deps.resolver.describe(ws.id, capability);
    const choice = described ? null : deps.resolver.choose(ws.id, capability);
    const record = {
      imported: { rows, recipients: totals.recipients, rejected: totals.rejected, excluded: totals.excluded, merged: totals.merged },
      estimate: estimateFrom(described?.provider ?? DEFAULT_PROVIDER[input.channel], totals),
    };
    const id = randomUUID();
    tx(deps.db, () => {
      deps.repo.insert({
        id,
        workspace_id: ws.id,
        kind: 'campaign',
        name,
        channel: input.channel,
        template: input.template,
        window_start: window.start,
        window_end: window.end,
        rate,
        provider: described?.provider ?? null,
        record,
      });
      stage.commit(id);
      deps.audit.append({
        actor,
        action: 'campaign.create',
        workspaceId: ws.id,
        target: id,
        detail: { name, channel: input.channel, ...record.imported, estimatedUsd: record.estimate.costUsd },
      });
    });
    const warnings = choice && !choice.ok ? [`${choice.message} The campaign will not send until then.`] : [];
    return { id, issues: stage.issues(ISSUES_RETURNED), preview: stage.preview(PREVIEWS), warnings };
  } finally {
    stage.drop();
  }
}
