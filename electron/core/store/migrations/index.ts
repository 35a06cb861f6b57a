/** Every migration in order. Add a file `NNNN-name.ts` and append it here. */
import type { Migration } from '../migrate';
import { m0001 } from './0001-initial';

export const MIGRATIONS: readonly Migration[] = [m0001];
