/**
 * Client key intake: a one-client age recipient and the instruction sheet that goes with it. The
 * client writes their keys as NAME=value lines, encrypts the file to the recipient with `age`, and
 * sends it back; `bundle import` opens it with the intake identity, stores the keys in that
 * workspace only, and destroys the identity, so the file works once.
 */
import { AppError } from '../../../shared/errors';
import { DEFAULT_INTAKE_PROVIDERS } from '../../../shared/intake';
import { getProvider } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import type { Actor } from '../audit/audit';
import type { Core } from '../app';
import { tx } from '../store/db';
import { envNameFor } from './env-names';
import { createIdentity, destroyIdentity, forgetDestroyed, type IdentityView, intakeIdentities } from './identities';
import { INTAKE_FILE_NAME, intakePageHtml } from './intake-page/page';

/** A new intake: its public recipient and the sheet to hand the client. */
export interface Intake {
  readonly identity: IdentityView;
  readonly workspaceName: string;
  readonly providers: readonly ProviderId[];
  readonly sheet: string;
  /** The self-contained intake.html page that encrypts the keys in the client's browser. */
  readonly html: string;
}

/** Makes a one-client intake recipient for a workspace; audited as intake.create. */
export async function createIntake(
  core: Core,
  input: { workspaceId: string; providers?: readonly ProviderId[]; agencyName?: string },
  actor: Actor,
): Promise<Intake> {
  const ws = core.workspaces.get(input.workspaceId);
  if (ws.kind !== 'client')
    throw new AppError('INVALID_INPUT', 'An intake is for a client workspace; the agency enters its own keys directly.');
  const providers = [...new Set(input.providers && input.providers.length > 0 ? input.providers : DEFAULT_INTAKE_PROVIDERS)];
  const identity = await createIdentity(core, 'intake', ws.id);
  core.audit.append({
    actor,
    action: 'intake.create',
    workspaceId: ws.id,
    target: identity.id,
    detail: { recipient: identity.recipient, providers },
  });
  const agencyName = input.agencyName?.trim() || undefined;
  return {
    identity,
    workspaceName: ws.name,
    providers,
    sheet: intakeSheet(ws.name, identity.recipient, providers, agencyName),
    html: intakePageHtml({ recipient: identity.recipient, workspaceName: ws.name, agencyName: agencyName ?? 'your agency', providers }),
  };
}

/**
 * Closes an open intake before its file comes back (sent to the wrong person, or no longer needed):
 * its secret half is destroyed, so a file encrypted to it can never be opened; audited as intake.close.
 */
export function closeIntake(core: Core, input: { workspaceId: string; id: string }, actor: Actor): void {
  const open = intakeIdentities(core, input.workspaceId).find((i) => i.id === input.id);
  if (!open) throw new AppError('NOT_FOUND', 'That intake is not open in this workspace; nothing was changed.');
  tx(core.db, () => {
    destroyIdentity(core, open.id, { used: false });
    core.audit.append({
      actor,
      action: 'intake.close',
      workspaceId: input.workspaceId,
      target: open.id,
      detail: { recipient: open.recipient },
    });
  });
  forgetDestroyed(core);
}

/** The printable instruction sheet: which keys to create, the lines to write, and how to encrypt them. */
export function intakeSheet(
  workspaceName: string,
  recipient: string,
  providers: readonly ProviderId[],
  agencyName = 'your agency',
): string {
  const out: string[] = [
    `Sending your provider keys to ${agencyName} (${workspaceName})`,
    '='.repeat(60),
    '',
    'Your keys are encrypted on your computer and can be opened only by the Switchboard',
    `workstation of ${agencyName}, once. Never send them by e-mail or chat in plain text.`,
    '',
    "1. Create these keys (each provider's page is given):",
    '',
  ];
  for (const id of providers) {
    const d = getProvider(id);
    out.push(`   ${d.name} — ${d.keyUrl}`);
    for (const f of d.fields) {
      const name = envNameFor(id, f.name);
      if (name) out.push(`     ${name}=   ${f.required ? '(required)' : '(optional)'} ${f.label}, e.g. ${f.example}`);
    }
    out.push('');
  }
  out.push(
    '2. Write them into a plain text file named keys.env, one NAME=value per line, using the',
    '   names above (leave out the ones you do not have).',
    '',
    '3. Encrypt the file with age (https://age-encryption.org; `brew install age`, `apt install age`,',
    '   or `winget install FiloSottile.age`):',
    '',
    `     age -r ${recipient} -o ${INTAKE_FILE_NAME} keys.env`,
    '',
    '   Or, instead of steps 2 and 3: open the intake.html page sent with this sheet in any browser',
    '   (it works offline and sends nothing), tick the keys you have, paste them in, and press',
    `   "Encrypt and save ${INTAKE_FILE_NAME}".`,
    '',
    `4. Send ${INTAKE_FILE_NAME} back, then delete keys.env. The encrypted file is safe to e-mail: it`,
    '   opens only with this intake, and the intake is closed after one use.',
    '',
    `Intake recipient: ${recipient}`,
    '',
  );
  return out.join('\n');
}
