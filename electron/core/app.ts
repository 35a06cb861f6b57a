/** The composition root of the core: one database, one vault, and every service on top. */
import { AuditLog, type Actor } from './audit/audit';
import { Campaigns } from './campaigns/campaigns';
import { VoiceCampaigns } from './campaigns/voice/service';
import { Workflows } from './campaigns/workflows';
import { CredentialChecks } from './credentials/checks';
import { Credentials } from './credentials/credentials';
import { Rotation } from './credentials/rotation';
import { Onboarding } from './onboarding/onboarding';
import { Resolver } from './onboarding/resolve';
import { dbFile } from './paths';
import { type Db, openDb } from './store/db';
import { type KeyStore, osKeyStore } from './vault/keychain';
import { Usage } from './usage/usage';
import { Vault, type VaultMode } from './vault/vault';
import { Agents } from './voice/agents/agents';
import { AgentExtraction } from './voice/agents/extraction';
import { AgentTools } from './voice/agents/tools';
import { AgentTestRuns } from './voice/scenarios/runs';
import { AgentScenarios } from './voice/scenarios/scenarios';
import type { Clock } from './voice/clock';
import { TransferTargets } from './voice/agents/transfers';
import type { VoiceDeps } from './voice/deps';
import { CallExtractor } from './voice/extraction/extractor';
import { VoiceService, type VoiceServiceOptions } from './voice/runner/voice-service';
import { Calls } from './voice/calls/calls';
import { CallRecordings } from './voice/calls/recordings';
import { InboundNumbers } from './voice/numbers/numbers';
import { Workspaces } from './workspaces/workspaces';

/** How to build a core. */
export interface CoreConfig {
  readonly dataDir: string;
  readonly keyStore?: KeyStore;
  readonly autoLockMs?: number;
  readonly now?: () => Date;
  /** Time limit of one live check, all its requests and waits together (default 10 s). */
  readonly checkTimeoutMs?: number;
  /** Environment for SWITCHBOARD_<ID>_URL overrides (defaults to process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Who acts when nobody says: the console or the CLI. */
  readonly actor: Actor;
  /** How the voice service starts its runner (the e2e harness passes its runner double here). */
  readonly voice?: VoiceServiceOptions;
  /** The clock and bound of re-run extractions (a call's own uses its runner's clock). */
  readonly extraction?: { readonly clock?: Clock; readonly timeoutMs?: number };
}

/** Every core service, built once. */
export interface Core {
  readonly config: CoreConfig;
  /** The core's clock (config.now, or the machine's): every service reads the time from it. */
  readonly now: () => Date;
  readonly db: Db;
  readonly vault: Vault;
  readonly audit: AuditLog;
  readonly workspaces: Workspaces;
  readonly credentials: Credentials;
  readonly checks: CredentialChecks;
  /** Key ages, what depends on each key, and two-phase rotation (switch, then destroy once revoked). */
  readonly rotation: Rotation;
  /** Which key pays for a capability (own or agency's). */
  readonly resolver: Resolver;
  /** The onboarding checklist and the gates it opens. */
  readonly onboarding: Onboarding;
  /** Usage per key per day, cost, spend alerts and billing. */
  readonly usage: Usage;
  /** Messaging campaigns: contacts, do-not-contact lists, the outbox and its runs. */
  readonly campaigns: Campaigns;
  /** Post-call workflows: call outcome → SMS or e-mail (gated by onboarding). */
  readonly workflows: Workflows;
  /** Voice agents per workspace: persona, prompt, outcomes, model. */
  readonly agents: Agents;
  /** Agents' HTTP tools: operator-fixed https URLs, sealed secret headers, timeouts. */
  readonly agentTools: AgentTools;
  /** Agents' test scenarios: simulated callers and what must happen. */
  readonly agentScenarios: AgentScenarios;
  /** Runs of agents' test scenarios: estimates, graded results sealed, history per prompt version. */
  readonly agentTests: AgentTestRuns;
  /** Agents' extraction schemas: the fields Claude fills from each answered call, and their versions. */
  readonly agentExtraction: AgentExtraction;
  /** Fills a call's extraction schema after it ended, and again on request (one call, or an agent's calls). */
  readonly extractor: CallExtractor;
  /** Agents' transfer targets: named people a call may be handed to, and when. */
  readonly transferTargets: TransferTargets;
  /** The voice runner: off until told how carriers reach this computer, then test calls and live views. */
  readonly voice: VoiceService;
  /** Voice calls: state, sealed transcripts, outcomes and what each key metered per call. */
  readonly calls: Calls;
  /** Call recordings: sealed dual-channel WAVs, playback, export and each workspace's retention. */
  readonly recordings: CallRecordings;
  /** Carrier numbers attached to agents, answered by the runner while it is up. */
  readonly numbers: InboundNumbers;
  /** Voice campaigns: leads imported like messaging contacts, the call outbox, ceilings and outcomes. */
  readonly voiceCampaigns: VoiceCampaigns;
  /** The voice wing's door, for tests and benches that build a runner of their own. */
  readonly voiceDeps: VoiceDeps;
  /** Sets up the vault on first run, or unlocks it (keychain, or the passphrase if given). */
  start(opts?: { passphrase?: string; preferPassphrase?: boolean }): Promise<{ mode: VaultMode; created: boolean }>;
  close(): void;
}

/** Opens the data folder and wires the services; the vault stays locked until `start`. */
export function createCore(config: CoreConfig): Core {
  const now = config.now ?? (() => new Date());
  const db = openDb(dbFile(config.dataDir));
  const audit = new AuditLog(db, now);
  const vault = new Vault(db, { keyStore: config.keyStore ?? osKeyStore, autoLockMs: config.autoLockMs, now });
  const workspaces = new Workspaces(db, audit, now);
  workspaces.ensureAgency(config.actor);
  const credentials = new Credentials(db, vault, audit, workspaces, now);
  const checks = new CredentialChecks(db, credentials, audit, { timeoutMs: config.checkTimeoutMs, env: config.env, vault, now });
  const resolver = new Resolver(workspaces, credentials);
  const onboarding = new Onboarding(db, workspaces, credentials, resolver, audit, now);
  const usage = new Usage(db, workspaces, audit, now);
  const campaigns = new Campaigns({ db, workspaces, resolver, usage, audit, env: config.env ?? process.env, now });
  // Templates may use the fields the workspace's agents extract; agentExtraction is built just below.
  const workflows = new Workflows({
    db,
    workspaces,
    onboarding,
    campaigns,
    audit,
    now,
    extractedFields: (workspaceId) => agentExtraction.fieldNames(workspaceId),
  });
  // A deleted agent's tools (their sealed headers are secrets), schema, transfer targets, test scenarios and
  // runs (sealed transcripts) go with it, and an agent that answers a number cannot go; all are built just below.
  const agents = new Agents({
    db,
    workspaces,
    resolver,
    audit,
    env: config.env,
    timeoutMs: config.checkTimeoutMs,
    now,
    onDelete: (id) => {
      numbers.assertNotAnswering(id);
      agentTools.purge(id);
      agentExtraction.purge(id);
      agentScenarios.purge(id);
      transferTargets.purge(id);
    },
  });
  const agentTools = new AgentTools({ db, vault, agents, audit, now });
  const agentExtraction = new AgentExtraction({ db, agents, audit, now });
  const transferTargets = new TransferTargets({ db, agents, audit, now });
  const calls = new Calls({ db, vault, audit, usage, workspaces, now });
  const extractor = new CallExtractor({
    calls,
    schemas: agentExtraction,
    agents,
    resolver,
    env: config.env,
    clock: config.extraction?.clock,
    timeoutMs: config.extraction?.timeoutMs,
  });
  const agentScenarios = new AgentScenarios({ db, agents, agentTools, audit, now });
  const agentTests = new AgentTestRuns({
    db,
    vault,
    scenarios: agentScenarios,
    agentTools,
    resolver,
    usage,
    audit,
    now,
    env: config.env,
    // A scenario's field expectations are graded by the same extraction every answered call gets, its tokens metered like the run's.
    extract: (transcript, { workspaceId, agentId }) =>
      extractor.fromConversation(
        workspaceId,
        agentId,
        transcript.flatMap((e) => (e.kind === 'line' ? [{ speaker: e.speaker, text: e.text }] : [])),
        (key, tokens) =>
          usage.record({
            workspaceId,
            credentialId: key.credentialId,
            provider: key.provider,
            owner: key.owner,
            unit: 'tokens',
            amount: tokens,
          }),
      ),
  });
  const recordings = new CallRecordings({ db, vault, audit, workspaces, calls, now });
  const numbers = new InboundNumbers({ db, workspaces, resolver, agents, audit, now, env: config.env, timeoutMs: config.checkTimeoutMs });
  // The voice wing's one door (docs/ARCHITECTURE.md, "Rooms"): what it may use of the core, named here once.
  const voiceDeps: VoiceDeps = {
    workspaces,
    resolver,
    checks,
    onboarding,
    agents,
    agentTools,
    transferTargets,
    calls,
    recordings,
    numbers,
    extractor,
    dnc: campaigns.dnc,
    audit,
    now,
    env: config.env,
    actor: config.actor,
    dataDir: config.dataDir,
  };
  const voice = new VoiceService(voiceDeps, config.voice);
  const voiceCampaigns = new VoiceCampaigns({
    ...voiceDeps,
    db,
    dnc: campaigns.dnc,
    workflows,
    schemas: agentExtraction,
    runner: () => voice.current(),
  });
  const rotation = new Rotation({ db, credentials, checks, audit, resolver, workspaces, campaigns, workflows, agents, now });
  const unsubscribe = vault.onChange((locked) => audit.append({ actor: config.actor, action: locked ? 'vault.lock' : 'vault.unlock' }));

  const core: Core = {
    config,
    now,
    db,
    vault,
    audit,
    workspaces,
    credentials,
    checks,
    rotation,
    resolver,
    onboarding,
    usage,
    campaigns,
    workflows,
    agents,
    agentTools,
    agentScenarios,
    agentTests,
    agentExtraction,
    extractor,
    transferTargets,
    calls,
    recordings,
    numbers,
    voice,
    voiceCampaigns,
    voiceDeps,
    async start(opts = {}) {
      // Recordings past their workspace's retention go when the core starts (and daily while a runner is up).
      recordings.sweep('system');
      const status = vault.status();
      if (!status.initialized) {
        // Several first runs at once: one creates the vault, the others open what it created.
        const { mode, created } = await vault.setUp(opts);
        if (created) audit.append({ actor: config.actor, action: 'vault.create', detail: { mode } });
        return { mode, created };
      }
      if (status.mode === 'keychain' || opts.passphrase !== undefined) await vault.unlock(opts.passphrase);
      return { mode: status.mode ?? 'keychain', created: false };
    },
    close() {
      unsubscribe();
      vault.lock();
      db.close();
    },
  };
  return core;
}
