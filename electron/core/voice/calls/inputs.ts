/** What callers of the calls store pass in: a new call, a carrier update, a line, an end, a meter reading. */
import type { CallState } from '../../../../shared/calls';
import type { ProviderId, UsageUnit } from '../../../../shared/providers/types';
import type { CallLine } from '../../../../shared/call-lists';
import type { AnsweredBy, CallOutcome } from '../types';
import type { CallDirection } from '../../../../shared/call-lists';

/** A new call, before the carrier has it. */
export interface CallCreate {
  readonly workspaceId: string;
  readonly agentId: string | null;
  readonly agentName: string;
  readonly to: string;
  readonly from: string;
  readonly carrier: CallLine;
  readonly campaignId?: string | null;
  readonly test?: boolean;
  /** Outbound (default), or a call answered on an attached number: `to` is then the number, `from` the caller. */
  readonly direction?: CallDirection;
}

/** What a carrier callback or the runner learned about a call. */
export interface CallPatch {
  readonly state?: CallState;
  readonly carrierCallId?: string;
  readonly answeredAt?: Date | string;
  /** The carrier's billed duration, which replaces the store's own estimate. */
  readonly durationSeconds?: number;
  /** Answering-machine detection's verdict and how long it listened (ms); the latest verdict wins. */
  readonly machine?: { readonly answeredBy: AnsweredBy; readonly detectionMs: number };
}

/** One line of what was said. */
export interface TranscriptInput {
  readonly speaker: 'agent' | 'caller';
  readonly text: string;
  readonly at?: Date;
  readonly interrupted?: boolean;
}

/** How a call ended. */
export interface CallFinish {
  readonly outcome: CallOutcome;
  readonly reason: string | null;
  readonly durationSeconds: number | null;
}

/** One key's metered amount for a call. */
export interface CallMeter {
  readonly provider: ProviderId;
  readonly credentialId: string;
  readonly owner: 'own' | 'agency';
  readonly unit: UsageUnit;
  readonly amount: number;
}
