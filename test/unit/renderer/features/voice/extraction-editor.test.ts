import { describe, expect, it } from 'vitest';
import {
  draftOf,
  draftProblem,
  fieldsOf,
  sameDraft,
  type DraftField,
  type ExtractionDraft,
} from '../../../../../renderer/src/features/voice/ExtractionEditor';
import { ExtractionSchemaInputSchema } from '../../../../../shared/extraction-schemas';

const field = (patch: Partial<DraftField>): DraftField => ({
  key: 1,
  name: 'visit_time',
  type: 'datetime',
  description: 'When the visit is booked.',
  required: true,
  values: '',
  ...patch,
});
const on = (...fields: DraftField[]): ExtractionDraft => ({ on: true, fields: fields.map((f, i) => ({ ...f, key: i + 1 })) });

describe('the agent editor’s results fields', () => {
  it('saves nothing when off, and the typed fields when on (enum values split on |)', () => {
    expect(fieldsOf({ on: false, fields: [field({})] })).toBeNull();
    expect(fieldsOf(on(field({ name: ' interest ', type: 'enum', values: 'high| low ', required: false })))).toEqual([
      { name: 'interest', type: 'enum', description: 'When the visit is booked.', required: false, values: ['high', 'low'] },
    ]);
  });

  it('finds a problem exactly when the core would refuse the schema', () => {
    const drafts: ExtractionDraft[] = [
      on(field({})),
      on(field({ name: 'Visit Time' })),
      on(field({ name: 'phone' })),
      on(field({ name: 'summary' })),
      on(field({ description: ' ' })),
      on(field({ type: 'enum', values: 'high' })),
      on(field({ type: 'enum', values: 'high|low' })),
      on(field({}), field({})),
      on(field({}), field({ name: 'budget', type: 'number', required: false })),
      on(),
    ];
    for (const d of drafts) {
      const core = ExtractionSchemaInputSchema.safeParse({ fields: fieldsOf(d) });
      expect(draftProblem(d) === null, JSON.stringify(d.fields)).toBe(core.success);
    }
  });

  it('reads a stored schema back as the same draft, so an untouched editor saves nothing', () => {
    const stored = draftOf({
      agentId: 'a',
      version: 3,
      updatedAt: '2026-12-04T18:00:00Z',
      fields: [{ name: 'interest', type: 'enum', description: 'How keen.', required: false, values: ['high', 'low'] }],
    });
    expect(stored.fields[0]?.values).toBe('high|low');
    expect(sameDraft(stored, { ...stored, fields: stored.fields.map((f) => ({ ...f, key: f.key + 100 })) })).toBe(true);
    expect(sameDraft(stored, { ...stored, on: false })).toBe(false);
    expect(draftOf(null)).toEqual({ on: false, fields: [] });
  });
});
