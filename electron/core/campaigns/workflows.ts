/**
 * Post-call workflows (seed 000): rules "when a call ends with outcome X, send SMS or e-mail
 * template Y". An ended call's outcome queues the matching rules' messages in the workspace's
 * workflow outbox (one per channel, sent like any campaign: window, do-not-contact, rate,
 * whose key). The runner is gated by onboarding, and a call reported twice sends once.
 */
import { randomUUID } from 'node:crypto';
import { WORKFLOW_VARIABLE_NAMES, type CampaignChannel, type WorkflowRuleView } from '../../../shared/campaigns';
import { SUMMARY_FIELD } from '../../../shared/extraction';
import { AppError } from '../../../shared/errors';
import type { Actor, AuditLog } from '../audit/audit';
import { normaliseEmail, normalisePhone } from '../messaging/address';
import { parseTemplate, render } from '../../../shared/message-template';
import { canonicalZone, DEFAULT_WINDOW, nextOpening, zonesFor } from '../messaging/window';
import type { Onboarding } from '../onboarding/onboarding';
import { type Db, tx } from '../store/db';
import type { Workspaces } from '../workspaces/workspaces';
import type { Campaigns } from './campaigns';
import { DEFAULT_PROVIDER, estimate, sizeOf } from './estimate';
import { moveCampaign } from './kernel/runs';

/** A call that ended, as the voice runner reports it. */
export interface CallEnded {
  readonly workspaceId: string;
  readonly callId: string;
  readonly outcome: string;
  /** The person called: phone (E.164 or national), email, first_name, timezone, any other variable. */
  readonly contact: Readonly<Record<string, string>>;
  /** What the call's extraction settled, as text: the summary and each field (an unsettled field is empty). */
  readonly extracted?: Readonly<Record<string, string>>;
}

/** What an ended call led to. */
export interface CallHandled {
  readonly queued: number;
  /** Rules that matched but queued nothing, and why (no address, opted out, already handled). */
  readonly skipped: readonly { readonly ruleId: string; readonly reason: string }[];
}

/** Variables every workflow template may use, whatever the workspace's agents extract. */
export const WORKFLOW_VARIABLES: ReadonlySet<string> = new Set(WORKFLOW_VARIABLE_NAMES);

interface RuleRow {
  id: string;
  workspace_id: string;
  outcome: string;
  channel: CampaignChannel;
  template: string;
  enabled: number;
  created_at: string;
}

const toView = (row: RuleRow): WorkflowRuleView => ({
  id: row.id,
  workspaceId: row.workspace_id,
  outcome: row.outcome,
  channel: row.channel,
  template: row.template,
  enabled: row.enabled === 1,
  createdAt: row.created_at,
});
const cleanOutcome = (outcome: string): string =>
  outcome
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** The rules, the engine that applies them, and the gated runner. */
export class Workflows {
  constructor(
    private readonly deps: {
      db: Db;
      workspaces: Workspaces;
      onboarding: Onboarding;
      campaigns: Campaigns;
      audit: AuditLog;
      now: () => Date;
      /** The fields the workspace's agents extract from calls (their names are template variables too). */
      extractedFields?: (workspaceId: string) => readonly string[];
    },
  ) {}

  /** What a workspace's templates may use: the contact and the call, the summary, and every field its agents extract. */
  variables(workspaceId: string): ReadonlySet<string> {
    return new Set([...WORKFLOW_VARIABLES, SUMMARY_FIELD, ...(this.deps.extractedFields?.(workspaceId) ?? [])]);
  }

  /** Adds a rule; the template is checked now, not when a call ends. */
  addRule(input: { workspaceId: string; outcome: string; channel: CampaignChannel; template: string }, actor: Actor): WorkflowRuleView {
    const ws = this.deps.workspaces.get(input.workspaceId);
    const outcome = cleanOutcome(input.outcome);
    if (!/^[a-z0-9_]{1,40}$/.test(outcome))
      throw new AppError('INVALID_INPUT', 'An outcome is a short word such as interested, voicemail or no_answer.');
    parseTemplate(input.template, input.channel, this.variables(ws.id), 'workflow');
    const id = randomUUID();
    const at = this.deps.now().toISOString();
    tx(this.deps.db, () => {
      this.deps.db
        .prepare(
          'INSERT INTO workflow_rules (id, workspace_id, outcome, channel, template, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(id, ws.id, outcome, input.channel, input.template, at, at);
      this.deps.audit.append({
        actor,
        action: 'workflow.add',
        workspaceId: ws.id,
        target: id,
        detail: { outcome, channel: input.channel },
      });
    });
    return this.rule(id);
  }

  /** A rule by id. */
  rule(id: string): WorkflowRuleView {
    const row = this.deps.db.prepare('SELECT * FROM workflow_rules WHERE id = ?').get(id) as RuleRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That workflow rule does not exist.');
    return toView(row);
  }

  /** A workspace's rules. */
  rules(workspaceId: string): WorkflowRuleView[] {
    return (
      this.deps.db.prepare('SELECT * FROM workflow_rules WHERE workspace_id = ? ORDER BY outcome, created_at').all(workspaceId) as RuleRow[]
    ).map(toView);
  }

  /** Turns a rule on or off. */
  setEnabled(id: string, enabled: boolean, actor: Actor): WorkflowRuleView {
    const rule = this.rule(id);
    tx(this.deps.db, () => {
      this.deps.db
        .prepare('UPDATE workflow_rules SET enabled = ?, updated_at = ? WHERE id = ?')
        .run(enabled ? 1 : 0, this.deps.now().toISOString(), id);
      this.deps.audit.append({
        actor,
        action: enabled ? 'workflow.enable' : 'workflow.disable',
        workspaceId: rule.workspaceId,
        target: id,
      });
    });
    return this.rule(id);
  }

  /** Deletes a rule (messages it already queued stay). */
  removeRule(id: string, actor: Actor): void {
    const rule = this.rule(id);
    tx(this.deps.db, () => {
      this.deps.db.prepare('DELETE FROM workflow_rules WHERE id = ?').run(id);
      this.deps.audit.append({ actor, action: 'workflow.remove', workspaceId: rule.workspaceId, target: id });
    });
  }

  /** Applies the rules to an ended call: queues one message per matching rule (once per call). */
  onCallEnded(ended: CallEnded, actor: Actor): CallHandled {
    const ws = this.deps.workspaces.get(ended.workspaceId);
    this.deps.onboarding.assertReady(ws.id, 'workflows');
    const outcome = cleanOutcome(ended.outcome);
    const rules = (
      this.deps.db
        .prepare('SELECT * FROM workflow_rules WHERE workspace_id = ? AND outcome = ? AND enabled = 1')
        .all(ws.id, outcome) as RuleRow[]
    ).map(toView);
    const exclusion = this.deps.campaigns.dnc.exclusionFor(ws.id);
    const skipped: { ruleId: string; reason: string }[] = [];
    let queued = 0;
    for (const rule of rules) {
      const to = this.address(rule.channel, ended.contact, ws.defaultCountry);
      if ('reason' in to) {
        skipped.push({ ruleId: rule.id, reason: to.reason });
        continue;
      }
      const excluded = exclusion(to.address);
      if (excluded) {
        skipped.push({ ruleId: rule.id, reason: excluded });
        continue;
      }
      const vars = {
        ...ended.contact,
        ...ended.extracted,
        outcome,
        call_id: ended.callId,
        phone: rule.channel === 'sms' ? to.address : (ended.contact.phone ?? ''),
        email: rule.channel === 'email' ? to.address : (ended.contact.email ?? ''),
        name: [ended.contact.first_name, ended.contact.last_name].filter(Boolean).join(' '),
      };
      // Checked when the rule was added; a field an agent no longer extracts renders empty (or its fallback).
      const rendered = render(parseTemplate(rule.template, rule.channel), vars);
      const added = tx(this.deps.db, () => {
        const campaignId = this.outboxFor(ws.id, rule.channel);
        const size = sizeOf(rule.channel, rendered.body);
        const queued = this.deps.campaigns.outbox.enqueue(campaignId, [
          {
            recipient: to.address,
            name: vars.name,
            zone: to.zone,
            subject: rendered.subject,
            body: rendered.body,
            segments: size.segments,
            notBefore: nextOpening(DEFAULT_WINDOW, zonesFor(to.zone), this.deps.now().getTime()),
            line: null,
            dedupeKey: `wf:${rule.id}:${ended.callId}`,
          },
        ]);
        if (queued > 0) {
          moveCampaign(this.deps.campaigns.repo, campaignId, 'refill');
          this.deps.audit.append({
            actor,
            action: 'workflow.queue',
            workspaceId: ws.id,
            target: rule.id,
            detail: { callId: ended.callId, outcome, channel: rule.channel },
          });
        }
        return queued;
      });
      if (added === 0) skipped.push({ ruleId: rule.id, reason: 'this call was already handled' });
      queued += added;
    }
    return { queued, skipped };
  }

  /** The workflow runner: sends what the workspace's workflow outboxes hold. Gated by onboarding. */
  async run(workspaceId: string, actor: Actor): Promise<void> {
    this.deps.onboarding.assertReady(workspaceId, 'workflows');
    for (const campaign of this.deps.campaigns.repo.list(workspaceId)) {
      if (campaign.kind === 'workflow' && (campaign.state === 'ready' || campaign.state === 'running' || campaign.state === 'paused'))
        await this.deps.campaigns.run(campaign.id, actor);
    }
  }

  /** The workspace's workflow outbox for a channel, created on first use. */
  private outboxFor(workspaceId: string, channel: CampaignChannel): string {
    const found = this.deps.campaigns.repo.list(workspaceId).find((c) => c.kind === 'workflow' && c.channel === channel);
    if (found) return found.id;
    const id = randomUUID();
    this.deps.campaigns.repo.insert({
      id,
      workspace_id: workspaceId,
      kind: 'workflow',
      name: channel === 'sms' ? 'Post-call SMS' : 'Post-call e-mail',
      channel,
      template: '(one template per workflow rule)',
      window_start: DEFAULT_WINDOW.start,
      window_end: DEFAULT_WINDOW.end,
      rate: null,
      provider: null,
      record: {
        imported: { rows: 0, recipients: 0, rejected: 0, excluded: 0, merged: 0 },
        estimate: estimate(DEFAULT_PROVIDER[channel], []),
      },
    });
    return id;
  }

  /** Where a rule's message goes for this contact, and in which time zone, or why it cannot. */
  private address(
    channel: CampaignChannel,
    contact: Readonly<Record<string, string>>,
    defaultCountry: string | null,
  ): { address: string; zone: string } | { reason: string } {
    const tz = contact.timezone ? canonicalZone(contact.timezone) : null;
    if (channel === 'sms') {
      const phone = normalisePhone(contact.phone ?? '', contact.country || defaultCountry, { sms: true });
      if (!phone.ok) return { reason: phone.reason };
      const country = phone.country ?? defaultCountry;
      if (!tz && !country) return { reason: `no time zone is known for ${phone.e164}` };
      return { address: phone.e164, zone: tz ?? `@${country}` };
    }
    const normalised = normaliseEmail(contact.email ?? '');
    if (!normalised.ok) return { reason: normalised.reason };
    const country = contact.country || defaultCountry;
    if (!tz && !country) return { reason: 'no time zone: the call gave no timezone or country and the workspace has no default country' };
    return { address: normalised.email, zone: tz ?? `@${country}` };
  }
}
