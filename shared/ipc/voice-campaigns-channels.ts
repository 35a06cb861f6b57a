/**
 * Channels of voice campaigns: create (with the import report and the estimate), list, get, start,
 * pause, cancel, a page of leads with their calls, the import's row issues, and dialling again the
 * calls left in doubt once the operator has checked the carrier's log. A call's transcript is
 * `calls:get`; live transcripts arrive as `event:call`, progress as `event:voiceCampaignProgress`.
 */
import { z } from 'zod';
import {
  CreatedVoiceCampaignSchema,
  LEAD_STATES,
  VoiceCampaignOptionsSchema,
  VoiceCampaignViewSchema,
  VoiceLeadSchema,
} from '../voice-campaigns';
import { Id, IssuePageSchema, Page } from './schemas';

/** Every voice campaign channel with its input and output schemas. */
export const voiceCampaignsChannels = {
  'voiceCampaigns:list': { input: z.object({ workspaceId: Id }).strict(), output: z.array(VoiceCampaignViewSchema) },
  'voiceCampaigns:get': { input: z.object({ id: Id }).strict(), output: VoiceCampaignViewSchema },
  'voiceCampaigns:create': {
    input: VoiceCampaignOptionsSchema.extend({
      workspaceId: Id,
      // The file's text, read in the renderer from the file the operator picked.
      csv: z
        .string()
        .min(1)
        .max(64 * 1024 * 1024),
    }).strict(),
    output: CreatedVoiceCampaignSchema,
  },
  // Starting needs the voice runner (voice:start) so carriers can reach this computer.
  'voiceCampaigns:start': { input: z.object({ id: Id }).strict(), output: VoiceCampaignViewSchema },
  'voiceCampaigns:pause': { input: z.object({ id: Id }).strict(), output: VoiceCampaignViewSchema },
  'voiceCampaigns:cancel': { input: z.object({ id: Id }).strict(), output: VoiceCampaignViewSchema },
  'voiceCampaigns:leads': {
    input: z.object({ id: Id, state: z.enum(LEAD_STATES).optional(), ...Page }).strict(),
    output: z.object({ total: z.number(), rows: z.array(VoiceLeadSchema) }),
  },
  'voiceCampaigns:issues': { input: z.object({ id: Id, ...Page }).strict(), output: IssuePageSchema },
  // The leads with their calls, summaries and extracted fields as CSV (audited; the vault must be unlocked).
  'voiceCampaigns:exportCsv': { input: z.object({ id: Id }).strict(), output: z.object({ filename: z.string(), content: z.string() }) },
  // Deletes a campaign that is not running, with its calls and their transcripts.
  'voiceCampaigns:delete': { input: z.object({ id: Id }).strict(), output: z.object({ deleted: z.literal(true), calls: z.number() }) },
  // May ring a lead a second time: the console shows how many are in doubt and asks; the count must still hold.
  'voiceCampaigns:dialAgain': {
    input: z.object({ id: Id, expected: z.number().int().min(1).max(10_000_000), confirm: z.literal(true) }).strict(),
    output: VoiceCampaignViewSchema,
  },
} as const;
