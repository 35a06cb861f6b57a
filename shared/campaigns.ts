/** Campaign and messaging types shared by the core, the IPC contract, the CLI and the console. */
import type { ProviderId } from './providers/types';

/** A campaign's channel. */
export type CampaignChannel = 'sms' | 'email';

/** The variables every post-call workflow template may use: the person called and the call (a call's extracted fields add theirs). */
export const WORKFLOW_VARIABLE_NAMES = [
  'phone',
  'email',
  'first_name',
  'last_name',
  'name',
  'timezone',
  'country',
  'outcome',
  'call_id',
  'company',
] as const;

/** A campaign's life, messaging or voice: ready → running ⇄ paused → completed, or cancelled (migrations 0003 and 0009 CHECK the same list). */
export const CAMPAIGN_STATES = ['ready', 'running', 'paused', 'cancelled', 'completed'] as const;
/** One of CAMPAIGN_STATES. */
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/**
 * Every allowed change of a campaign's state, messaging and voice alike: the state it goes to and
 * the states it may come from (docs/ARCHITECTURE.md, "Campaign kernel"). Nothing else moves a campaign.
 */
export const CAMPAIGN_MOVES = {
  /** A run starts or resumes (from `running`: it takes over a run whose process is gone). */
  start: { to: 'running', from: ['ready', 'paused', 'running'] },
  /** A run still winding down its calls takes its paused campaign back. */
  resume: { to: 'running', from: ['paused'] },
  /** The operator pauses. */
  pause: { to: 'paused', from: ['running', 'ready'] },
  /** The run pauses itself (a key refused, the runner gone): the reason is shown. */
  halt: { to: 'paused', from: ['running'] },
  /** A run could not start (no key may pay, onboarding incomplete): the reason is shown. */
  refuse: { to: 'paused', from: ['ready', 'paused', 'running'] },
  /** A paused run could not take its campaign back (a key refused on resume): the new reason is shown. */
  refuseResume: { to: 'paused', from: ['paused'] },
  /** The operator cancels; a cancelled campaign does not come back. */
  cancel: { to: 'cancelled', from: ['ready', 'running', 'paused'] },
  /** Failures the operator checked are queued again: a finished campaign opens again, paused. */
  reopen: { to: 'paused', from: ['completed'] },
  /** A workflow outbox gets new messages after it finished. */
  refill: { to: 'ready', from: ['completed', 'cancelled'] },
  /** Nothing is left to send or call. */
  complete: { to: 'completed', from: ['running'] },
} as const satisfies Readonly<Record<string, { readonly to: CampaignState; readonly from: readonly CampaignState[] }>>;
/** One of CAMPAIGN_MOVES. */
export type CampaignMove = keyof typeof CAMPAIGN_MOVES;

/** Whether a campaign is over (completed or cancelled): no run starts it again. */
export function campaignOver(state: CampaignState): boolean {
  return state === 'completed' || state === 'cancelled';
}

/** Whether the operator may start or resume a campaign now (an interrupted run is taken over). */
export function campaignStartable(state: CampaignState, interrupted: boolean): boolean {
  return state === 'ready' || state === 'paused' || interrupted;
}

/** A message's life in the outbox (migration 0003 CHECKs the same list). */
export const MESSAGE_STATES = ['queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;
/** One of MESSAGE_STATES. */
export type MessageStatus = (typeof MESSAGE_STATES)[number];

/** Messages per state. */
export interface MessageCounts {
  readonly total: number;
  readonly queued: number;
  readonly sending: number;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  readonly cancelled: number;
}

/** What the contact import came to. */
export interface ImportSummary {
  /** Data rows in the file. */
  readonly rows: number;
  readonly recipients: number;
  readonly rejected: number;
  readonly excluded: number;
  readonly merged: number;
}

/** "8 rows → 6 recipients · 1 rejected · 0 excluded · 1 duplicate merged", as the CLI and the console say it. */
export function importTally(i: ImportSummary, one: 'recipient' | 'lead'): string {
  const count = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? word : `${word}s`}`;
  return `${count(i.rows, 'row')} → ${count(i.recipients, one)} · ${i.rejected} rejected · ${i.excluded} excluded · ${count(i.merged, 'duplicate')} merged`;
}

/** The estimated cost before sending, at the catalog's unit price. */
export interface CostEstimate {
  readonly provider: ProviderId;
  /** Billable units: SMS segments, or e-mails. */
  readonly units: number;
  readonly unitPrice: number;
  readonly costUsd: number;
  /** SMS only: how many messages go as GSM-7 and as UCS-2, and the longest in segments. */
  readonly gsm7: number;
  readonly ucs2: number;
  readonly maxSegments: number;
}

/** A campaign as the console and the CLI show it. */
export interface CampaignView {
  readonly id: string;
  readonly workspaceId: string;
  readonly kind: 'campaign' | 'workflow';
  readonly name: string;
  readonly channel: CampaignChannel;
  readonly state: CampaignState;
  /** Why it is paused (e.g. "the client's Twilio token was revoked…"). */
  readonly pauseReason: string | null;
  /** Another process was sending it and stopped without finishing (a crash): `campaign run` resumes it. */
  readonly interrupted: boolean;
  readonly window: string;
  /** Requests per second set for this campaign; null means the sender's default. */
  readonly rate: number | null;
  readonly provider: ProviderId | null;
  readonly keyOwner: 'own' | 'agency' | null;
  readonly counts: MessageCounts;
  /** Failed messages with no confirmed answer (in doubt, or out of retries): the operator may send them again. */
  readonly unconfirmed: number;
  /** Queued messages waiting for their recipient's window (or a retry). */
  readonly waiting: number;
  readonly nextOpeningAt: string | null;
  readonly imported: ImportSummary;
  readonly estimate: CostEstimate;
  readonly template: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** A CSV row that did not become a message. */
export interface RowIssueView {
  readonly line: number;
  readonly kind: 'rejected' | 'excluded' | 'merged';
  readonly reason: string;
}

/** One rendered message, for the per-contact preview. */
export interface MessagePreview {
  readonly index: number;
  readonly recipient: string;
  readonly name: string;
  readonly subject: string | null;
  readonly body: string;
  readonly segments: number;
  readonly encoding: 'GSM-7' | 'UCS-2' | null;
  readonly nonGsm: readonly string[];
}

/** A row of the results table. */
export interface MessageView {
  readonly id: number;
  readonly recipient: string;
  readonly name: string;
  readonly status: MessageStatus;
  readonly providerId: string | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly sentAt: string | null;
  readonly notBefore: string;
}

/** The `event:campaignProgress` push: a campaign's counts as it sends. */
export interface CampaignProgress {
  readonly campaignId: string;
  readonly workspaceId: string;
  readonly state: CampaignState;
  readonly pauseReason: string | null;
  readonly counts: MessageCounts;
  readonly waiting: number;
  readonly nextOpeningAt: string | null;
  /** Messages accepted per second over the last few seconds. */
  readonly perSecond: number;
  /** Why a running campaign sends nothing just now (another process is sending from its number), or null. */
  readonly note: string | null;
  readonly at: string;
}

/** What creating a campaign returns: the campaign, the import report's first rows and a preview. */
export interface CreatedCampaign {
  readonly campaign: CampaignView;
  /** The first rows that did not become messages (all of them: `campaigns:issues`). */
  readonly issues: readonly RowIssueView[];
  readonly preview: readonly MessagePreview[];
  /** Notes for the operator, e.g. that no key can send yet. */
  readonly warnings: readonly string[];
}

/** A post-call workflow rule: when a call ends with `outcome`, send `template` on `channel`. */
export interface WorkflowRuleView {
  readonly id: string;
  readonly workspaceId: string;
  readonly outcome: string;
  readonly channel: CampaignChannel;
  readonly template: string;
  readonly enabled: boolean;
  readonly createdAt: string;
}
