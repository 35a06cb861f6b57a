/** Client key intake facts the core and the console share. */
import { CATALOG } from './providers/catalog';
import type { ProviderId } from './providers/types';

/** Providers a client is asked for when the operator names none: the ones campaigns need. */
export const DEFAULT_INTAKE_PROVIDERS: readonly ProviderId[] = CATALOG.filter((d) =>
  d.requiredFor.some((r) => !/optional|alternative/i.test(r)),
).map((d) => d.id);
