/** Audit channels. */
import type { HandlerContext, ServiceMap } from './handler';

/** Audit handlers. */
export function auditHandlers({ core, actor }: HandlerContext): ServiceMap<'audit:list' | 'audit:verify' | 'audit:export'> {
  return {
    'audit:list': (filter) => core.audit.list(filter),
    'audit:verify': () => {
      const verdict = core.audit.verify();
      core.audit.append({ actor, action: 'audit.verify', detail: { ok: verdict.ok, rows: verdict.rows } });
      return verdict.ok
        ? { ok: true, rows: verdict.rows, message: `The audit log is intact: ${verdict.rows} rows, every link checked.`, seq: null }
        : { ok: false, rows: verdict.rows, message: verdict.message, seq: verdict.seq };
    },
    'audit:export': ({ format, workspaceId, action }) => {
      const content = format === 'csv' ? core.audit.exportCsv({ workspaceId, action }) : core.audit.exportJson({ workspaceId, action });
      core.audit.append({
        actor,
        action: 'audit.export',
        workspaceId: workspaceId ?? null,
        detail: { format, ...(action ? { filter: action } : {}) },
      });
      const day = core.now().toISOString().slice(0, 10);
      return { filename: `switchboard-audit-${day}.${format}`, content };
    },
  };
}
