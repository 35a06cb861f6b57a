/**
 * What a placed call does with the carrier's answering-machine verdict (Twilio's async AMD), as
 * Twilio's AMD docs describe the verdicts: machine_end_* come after the greeting's beep
 * (DetectMessageEnd), the moment to leave a message; machine_start comes at the start of the
 * greeting (Enable); human and unknown are talked to; a fax has nobody to talk to.
 */
import type { CallSession } from '../session/call-session';
import type { MachineVerdict } from '../types';
import type { PlaceInput } from './placed-call-types';

const HUNG_UP_ON_MACHINE = 'An answering machine picked up; the agent hung up as configured.';

/** Acts on `verdict` for a call whose machine choice is `machine` (none: hang up on a machine). */
export function actOnVerdict(session: CallSession, verdict: MachineVerdict, machine: PlaceInput['machine']): void {
  const choice = machine ?? null;
  switch (verdict.answeredBy) {
    case 'human':
    case 'unknown':
      return;
    case 'fax':
      return session.end('failed', 'A fax machine answered; there is nobody to talk to.');
    case 'machine_start':
      if (choice?.choice === 'voicemail') return session.awaitBeep();
      return session.end('voicemail', HUNG_UP_ON_MACHINE);
    case 'machine_end_beep':
    case 'machine_end_silence':
    case 'machine_end_other':
      if (choice?.choice === 'voicemail') return session.leaveMessage(choice.message);
      return session.end('voicemail', HUNG_UP_ON_MACHINE);
  }
}
