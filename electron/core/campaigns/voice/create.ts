/**
 * Creating a voice campaign with the messaging import: the contact file read and checked the same
 * way (E.164, duplicates merged, the client's, the agency's and India's NCPR do-not-contact lists
 * and opt-outs applied, each rejected row reported with its line), each lead scheduled for its
 * callee's local window (09:00–20:00 by default), and the estimate per provider — then campaign,
 * leads and report written in one transaction. Bad input throws one sentence and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../../../../shared/errors';
import type { RowIssueView } from '../../../../shared/campaigns';
import { VOICE_DEFAULTS, type VoiceCampaignOptions } from '../../../../shared/voice-campaigns';
import type { Actor, AuditLog } from '../../audit/audit';
import { streamContacts } from '../../messaging/contacts';
import type { DoNotContact } from '../../messaging/dnc';
import { openingCache, parseWindow } from '../../messaging/window';
import type { Resolver } from '../../onboarding/resolve';
import { type Db, tx } from '../../store/db';
import type { Agents } from '../../voice/agents/agents';
import type { Workspaces } from '../../workspaces/workspaces';
import { campaignName, defaultCountry, ISSUES_RETURNED, nothingToReach, openWorkspace, unservedCountry } from '../kernel/create';
import { estimateVoice } from './estimate';
import type { NewLead, VoiceCampaignRepo } from './repo';

/** What a voice campaign is made of. */
export interface VoiceCreateInput extends VoiceCampaignOptions {
  readonly workspaceId: string;
  /** The contact CSV as a stream (a file) or chunks (the console sends the text). */
  readonly contacts: Readable | AsyncIterable<Buffer | string>;
}

/** The services creation needs. */
export interface VoiceCreateDeps {
  readonly db: Db;
  readonly workspaces: Workspaces;
  readonly agents: Agents;
  readonly dnc: DoNotContact;
  readonly resolver: Resolver;
  readonly repo: VoiceCampaignRepo;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/** Creates a voice campaign in state `ready`; returns its id, the first row issues and notes. */
export async function createVoiceCampaign(
  deps: VoiceCreateDeps,
  input: VoiceCreateInput,
  actor: Actor,
): Promise<{ id: string; issues: RowIssueView[]; warnings: string[] }> {
  const ws = openWorkspace(deps.workspaces, input.workspaceId);
  const agent = deps.agents.get(ws.id, input.agent);
  const name = campaignName(input.name, 'Voice', deps.now());
  const window = parseWindow(input.window ?? VOICE_DEFAULTS.window);
  const retries = input.retries ?? VOICE_DEFAULTS.retries;
  if (!Number.isInteger(retries) || retries < 0 || retries > 5)
    throw new AppError('INVALID_INPUT', 'Retries are a whole number from 0 to 5.');
  const gap = input.retryGapMinutes ?? VOICE_DEFAULTS.retryGapMinutes;
  if (!Number.isInteger(gap) || gap < 1 || gap > 7 * 24 * 60)
    throw new AppError('INVALID_INPUT', 'The retry gap is a whole number of minutes from 1 to 10080 (a week).');
  const cap = input.maxConcurrent ?? VOICE_DEFAULTS.maxConcurrent;
  if (!Number.isInteger(cap) || cap < 1 || cap > 100)
    throw new AppError('INVALID_INPUT', 'The most calls at once is a whole number from 1 to 100.');
  const cps = input.cps ?? VOICE_DEFAULTS.cps;
  if (!Number.isFinite(cps) || cps <= 0 || cps > 100)
    throw new AppError('INVALID_INPUT', 'Calls per second is a number above 0 and at most 100.');
  const machine = input.machine ?? VOICE_DEFAULTS.machine;
  if (machine !== 'hangup' && machine !== 'voicemail')
    throw new AppError('INVALID_INPUT', 'An answering machine is either hung up on (hangup) or left a message (voicemail).');
  const voicemailText = input.voicemailText?.trim() || null;
  if (voicemailText && voicemailText.length > 1000)
    throw new AppError('INVALID_INPUT', 'A voicemail message can be at most 1000 characters long.');
  const country = defaultCountry(input.country, ws);

  const at = deps.now().getTime();
  const opening = openingCache(window, at);
  const leads: NewLead[] = [];
  const byLine = new Map<number, NewLead>();
  const issues = new Map<number, RowIssueView>();
  const { rows } = await streamContacts(
    input.contacts,
    {
      channel: 'sms',
      voice: true,
      defaultCountry: country,
      exclusions: deps.dnc.exclusionsFor(ws.id),
      unservedCountry: unservedCountry(window, at),
    },
    {
      accept: (batch) => {
        for (const contact of batch) {
          const lead = {
            line: contact.line,
            recipient: contact.address,
            name: contact.name,
            zone: contact.zone,
            vars: { ...contact.vars },
            notBefore: opening(contact.zone),
          };
          leads.push(lead);
          byLine.set(contact.line, lead);
        }
      },
      merge: (line, extra) => {
        const lead = byLine.get(line);
        if (lead)
          for (const [name, value] of Object.entries(extra))
            if (value && !lead.vars[name]) (lead.vars as Record<string, string>)[name] = value;
      },
      issues: (batch) => {
        for (const issue of batch) issues.set(issue.line, issue);
      },
    },
  );
  const list = [...issues.values()].sort((a, b) => a.line - b.line);
  const count = (k: RowIssueView['kind']): number => list.filter((i) => i.kind === k).length;
  if (leads.length === 0) throw nothingToReach('called', { rejected: count('rejected'), excluded: count('excluded') }, list[0]);
  const carrier = deps.resolver.describe(ws.id, 'voice-carrier');
  const carrierId = carrier?.provider === 'exotel' ? 'exotel' : 'twilio';
  const owners = Object.fromEntries(
    (['voice-carrier', 'stt', 'llm', 'tts'] as const).flatMap((cap) => {
      const resolved = deps.resolver.describe(ws.id, cap);
      return resolved ? [[resolved.provider, resolved.owner]] : [];
    }),
  );
  const record = {
    imported: { rows, recipients: leads.length, rejected: count('rejected'), excluded: count('excluded'), merged: count('merged') },
    estimate: estimateVoice(leads.length, retries, carrierId, owners, {
      model: agent.model,
      system: agent.systemPrompt,
      outcomes: agent.outcomes,
    }),
  };
  const id = randomUUID();
  tx(deps.db, () => {
    deps.repo.insert({
      id,
      workspace_id: ws.id,
      name,
      agent_id: agent.id,
      agent_name: agent.name,
      window_start: window.start,
      window_end: window.end,
      retries,
      retry_gap_minutes: gap,
      max_concurrent: cap,
      machine,
      voicemail_text: voicemailText,
      cps,
      record,
    });
    deps.repo.insertLeads(id, leads);
    deps.repo.insertIssues(id, list);
    deps.audit.append({
      actor,
      action: 'campaign.create',
      workspaceId: ws.id,
      target: id,
      detail: { name, channel: 'voice', agent: agent.name, ...record.imported, estimatedUsd: record.estimate.costUsd },
    });
  });
  const warnings: string[] = [];
  for (const cap of ['voice-carrier', 'stt', 'llm', 'tts'] as const) {
    const choice = deps.resolver.describe(ws.id, cap) ? null : deps.resolver.choose(ws.id, cap);
    if (choice && !choice.ok) warnings.push(`${choice.message} The campaign will not dial until then.`);
  }
  return { id, issues: list.slice(0, ISSUES_RETURNED), warnings };
}
