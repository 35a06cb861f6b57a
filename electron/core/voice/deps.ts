/**
 * The voice wing's declared door: everything it uses of the rest of the core, named once and built
 * once in `app.ts` (docs/ARCHITECTURE.md, "Rooms"). Nothing under `core/voice` reaches the whole core.
 */
import type { Actor, AuditLog } from '../audit/audit';
import type { CredentialChecks } from '../credentials/checks';
import type { Onboarding } from '../onboarding/onboarding';
import type { Resolver } from '../onboarding/resolve';
import type { Workspaces } from '../workspaces/workspaces';
import type { Agents } from './agents/agents';
import type { AgentTools } from './agents/tools';
import type { Calls } from './calls/calls';
import type { CallRecordings } from './calls/recordings';
import type { InboundNumbers } from './numbers/numbers';

/** Environment for SWITCHBOARD_<ID>_URL overrides (process.env when absent). */
export type VoiceEnv = Readonly<Record<string, string | undefined>>;

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
  /** The calls store: rows, sealed transcripts, metering. */
  readonly calls: Calls;
  /** Recordings of the calls whose agent records: sealed, expired by each workspace's retention. */
  readonly recordings: CallRecordings;
  /** Numbers attached to agents, which a runner that answers numbers points at itself. */
  readonly numbers: InboundNumbers;
  readonly audit: AuditLog;
  /** The core's clock. */
  readonly now: () => Date;
  readonly env: VoiceEnv | undefined;
  /** Who acts when nobody says (the console or the CLI). */
  readonly actor: Actor;
  /** The data folder, where a running runner leaves its mark. */
  readonly dataDir: string;
}
