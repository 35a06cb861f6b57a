/** Inbound-number channels through core.numbers: carrier requests happen here, so attach and detach are awaited. */
import type { HandlerContext, ServiceMap } from './handler';

type NumbersChannel = 'numbers:list' | 'numbers:attach' | 'numbers:detach';

/** Inbound-number handlers. */
export function numbersHandlers({ core, actor }: HandlerContext): ServiceMap<NumbersChannel> {
  const numbers = core.numbers;
  return {
    'numbers:list': ({ workspaceId }) => numbers.list(workspaceId),
    'numbers:attach': (input) => numbers.attach(input, actor),
    'numbers:detach': ({ workspaceId, number }) => numbers.detach(workspaceId, number, actor),
  };
}
