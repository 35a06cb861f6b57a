/** Every IPC handler, keyed by channel. Shared by the Electron shell and the e2e harness. */
import { type Channel, contract } from '../../../shared/ipc/contract';
import { agentExtrasHandlers } from './agent-extras';
import { auditHandlers } from './audit';
import { callsHandlers } from './calls';
import { campaignHandlers } from './campaigns';
import { credentialHandlers } from './credentials';
import { type HandlerContext, type IpcHandler, type ServiceFn, wrap } from './handler';
import { numbersHandlers } from './numbers';
import { offlineHandlers } from './offline';
import { onboardingHandlers } from './onboarding';
import { checkedEmit, type Send } from './push';
import { rotationHandlers } from './rotation';
import { scenarioHandlers } from './scenarios';
import { talkHandlers } from './talk';
import { vaultHandlers } from './vault';
import { voiceHandlers } from './voice';
import { voiceCampaignHandlers } from './voice-campaigns';
import { workspaceHandlers } from './workspaces';

/** Builds the handler of every channel in the contract; a missing one fails the type check. */
export function createIpcHandlers(shell: Omit<HandlerContext, 'emit'> & { readonly emit: Send }): Readonly<Record<Channel, IpcHandler>> {
  const ctx: HandlerContext = { ...shell, emit: checkedEmit(shell.emit) };
  const services: { [C in Channel]: ServiceFn<C> } = {
    ...vaultHandlers(ctx),
    ...workspaceHandlers(ctx),
    ...credentialHandlers(ctx),
    ...auditHandlers(ctx),
    ...onboardingHandlers(ctx),
    ...campaignHandlers(ctx),
    ...voiceHandlers(ctx),
    ...numbersHandlers(ctx),
    ...callsHandlers(ctx),
    ...rotationHandlers(ctx),
    ...offlineHandlers(ctx),
    ...voiceCampaignHandlers(ctx),
    ...scenarioHandlers(ctx),
    ...agentExtrasHandlers(ctx),
    ...talkHandlers(ctx),
  };
  const out = {} as Record<Channel, IpcHandler>;
  for (const channel of Object.keys(contract) as Channel[]) out[channel] = wrap(channel, services[channel] as ServiceFn<typeof channel>);
  return out;
}
