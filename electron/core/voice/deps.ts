/**
 * The voice wing's declared door: everything it uses of the rest of the core, named once and built
 * once in `app.ts` (docs/ARCHITECTURE.md, "Rooms"). Nothing under `core/voice` reaches the whole core.
 */
import type { Actor, AuditLog } from '../audit/audit';
import type { CredentialChecks } from '../credentials/checks';
import type { DoNotContact } from '../messaging/dnc';
import type { Onboarding } from '../onboarding/onboarding';
import type { Resolved, Resolver } from '../onboarding/resolve';
import type { Workspaces } from '../workspaces/workspaces';
import type { Agents } from './agents/agents';
import type { AgentTools } from './agents/tools';
import type { TransferTargets } from './agents/transfers';
import type { Calls } from './calls/calls';
import type { CallRecordings } from './calls/recordings';
import type { InboundNumbers } from './numbers/numbers';
import type { Clock } from './clock';

/** Environment for SWITCHBOARD_<ID>_URL overrides (process.env when absent). */
export type VoiceEnv = Readonly<Record<string, string | undefined>>;

/** An answered call whose fields are to be extracted, once it has ended. */
export interface EndedCall {
  readonly workspaceId: string;
  readonly callId: string;
  readonly agentId: string;
  /** The Anthropic key that paid for the call: the extraction uses it too. */
  readonly key: Resolved;
  /** The call's clock (the runner's), for the extraction's bound. */
  readonly clock?: Clock;
}

/** What a placed call asks once it has ended (voice/extraction/extractor.ts): resolves once the result is stored, never rejects. */
export interface AfterCall {
  afterCall(call: EndedCall): Promise<unknown>;
}

/** What the voice runner, its calls and its orphans use of the core. */
export interface VoiceDeps {
  readonly workspaces: Workspaces;
  /** Which key pays for each of a call's four capabilities. */
  readonly resolver: Resolver;
  /** The Anthropic key's last check, for the concurrency ceiling. */
  readonly checks: Pick<CredentialChecks, 'history'>;
  /** The voice gate of the onboarding checklist. */
  readonly onboarding: Pick<Onboarding, 'assertReady'>;
  readonly agents: Agents;
  /** Agents' HTTP tools, opened for a call. */
  readonly agentTools: Pick<AgentTools, 'forCall'>;
  /** Agents' transfer targets, read for a call. */
  readonly transferTargets: Pick<TransferTargets, 'forCall'>;
  /** The calls store: rows, sealed transcripts, metering. */
  readonly calls: Calls;
  /** Recordings of the calls whose agent records: sealed, expired by each workspace's retention. */
  readonly recordings: CallRecordings;
  /** Numbers attached to agents, which a runner that answers numbers points at itself. */
  readonly numbers: InboundNumbers;
  /** Fills an answered call's extraction schema after it ended. */
  readonly extractor: AfterCall;
  /** The do-not-contact lists: a text from a call (send_sms) is checked against them, and an opt-out lands on them. */
  readonly dnc: Pick<DoNotContact, 'exclusionFor' | 'add'>;
  readonly audit: AuditLog;
  /** The core's clock. */
  readonly now: () => Date;
  readonly env: VoiceEnv | undefined;
  /** Who acts when nobody says (the console or the CLI). */
  readonly actor: Actor;
  /** The data folder, where a running runner leaves its mark. */
  readonly dataDir: string;
}
