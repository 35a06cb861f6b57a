/** Every migration in order. Add a file `NNNN-name.ts` and append it here. */
import type { Migration } from '../migrate';
import { m0001 } from './0001-initial';
import { m0002 } from './0002-usage';
import { m0003 } from './0003-messaging';
import { m0004 } from './0004-message-failures';
import { m0005 } from './0005-sender-leases';
import { m0006 } from './0006-voice-agents';
import { m0007 } from './0007-offline';
import { m0008 } from './0008-calls';
import { m0009 } from './0009-voice-campaigns';
import { m0010 } from './0010-key-rotations';
import { m0011 } from './0011-call-answered-by';
import { m0012 } from './0012-agent-tools';
import { m0013 } from './0013-inbound-numbers';
import { m0014 } from './0014-agent-turn-taking';
import { m0015 } from './0015-agent-scenarios';
import { m0016 } from './0016-call-extraction';
import { m0017 } from './0017-builtin-tools';
import { m0018 } from './0018-call-recordings';
import { m0019 } from './0019-transfers-and-call-events';
import { m0020 } from './0020-console-calls';

export const MIGRATIONS: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0014,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
  m0020,
];
