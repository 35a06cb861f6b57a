/**
 * What voice campaigns use: the voice wing's door, plus what they own (their tables' database) and
 * the few services they feed (do-not-call lists, post-call workflows) (docs/ARCHITECTURE.md, "Rooms").
 */
import type { Workflows } from '../workflows';
import type { DoNotContact } from '../../messaging/dnc';
import type { Db } from '../../store/db';
import type { AgentExtraction } from '../../voice/agents/extraction';
import type { VoiceDeps } from '../../voice/deps';
import type { VoiceRunner } from '../../voice/runner/runner';

/** The door of voice campaigns. */
export interface VoiceCampaignDeps extends VoiceDeps {
  /** Where the campaign and lead tables live (their repository), and transactions across them. */
  readonly db: Db;
  /** The do-not-call lists: a lead that asks is added to its workspace's. */
  readonly dnc: DoNotContact;
  /** The post-call workflows, fed once per settled call. */
  readonly workflows: Pick<Workflows, 'onCallEnded'>;
  /** Agents' extraction schemas: the campaign's export has a column per field. */
  readonly schemas: Pick<AgentExtraction, 'forAgent'>;
  /** The core's running voice runner, or null: a campaign started from the console dials through it. */
  readonly runner: () => VoiceRunner | null;
}
