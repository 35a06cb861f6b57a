/**
 * Structured results from every call (issue 25, item 2): per agent, an extraction schema — fields
 * with a snake_case name, a type, a description and whether the call must settle them — and, always,
 * a short plain summary. After an answered call Claude fills them from the transcript; the result is
 * sealed with the call, or the call says in one sentence why nothing was extracted. No zod here: the
 * console imports this file, and the input schemas live in extraction-schemas.ts.
 */
import { WORKFLOW_VARIABLE_NAMES } from './campaigns';

/** The types a field can take; a datetime is ISO 8601 text with its offset. */
export const EXTRACTION_FIELD_TYPES = ['string', 'number', 'boolean', 'enum', 'datetime'] as const;
/** One of EXTRACTION_FIELD_TYPES. */
export type ExtractionFieldType = (typeof EXTRACTION_FIELD_TYPES)[number];

/** What a call's extraction came to (migration's CHECK holds the same list). */
export const EXTRACTION_STATES = ['extracted', 'not_extracted'] as const;
/** One of EXTRACTION_STATES. */
export type ExtractionState = (typeof EXTRACTION_STATES)[number];

/** The most fields one schema holds (each is a line of the tool's schema and a CSV column). */
export const MAX_EXTRACTION_FIELDS = 20;
/** The most values an enum field lists. */
export const MAX_ENUM_VALUES = 20;
/** The summary every extraction writes, beside the schema's own fields. */
export const SUMMARY_FIELD = 'summary';
/** Names a field may not take: the summary, and the variables a post-call template already has. */
export const RESERVED_FIELD_NAMES: readonly string[] = [SUMMARY_FIELD, ...WORKFLOW_VARIABLE_NAMES];
/** A field name: snake_case, as templates (`{{appointment_time}}`) and CSV columns use it. */
export const FIELD_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** One field of a schema. */
export interface ExtractionField {
  readonly name: string;
  readonly type: ExtractionFieldType;
  /** What the model looks for, in the operator's words. */
  readonly description: string;
  /** Whether a call that does not settle this field counts as not extracted. */
  readonly required: boolean;
  /** The values an enum field takes. */
  readonly values?: readonly string[];
}

/** An agent's extraction schema; `version` counts every change, and each stored result names the one it used. */
export interface ExtractionSchemaView {
  readonly agentId: string;
  readonly version: number;
  readonly fields: readonly ExtractionField[];
  readonly updatedAt: string;
}

/** A filled field's value (null: the call did not settle an optional field). */
export type ExtractedValue = string | number | boolean | null;

/** A call's stored extraction: the fields and summary, or the one sentence saying why there are none. */
export type CallExtractionView =
  | {
      readonly state: 'extracted';
      readonly schemaVersion: number;
      readonly summary: string;
      /** Every field of the schema used, in its order. */
      readonly values: Readonly<Record<string, ExtractedValue>>;
      readonly model: string;
      readonly at: string;
    }
  | {
      readonly state: 'not_extracted';
      readonly schemaVersion: number;
      readonly reason: string;
      readonly model: string | null;
      readonly at: string;
    };

/** A value as text, for a CSV cell or a template: yes/no for booleans, nothing for an unsettled field. */
export function extractedText(value: ExtractedValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** A field name's words, for a label: `appointment_time` → "Appointment time". */
export function fieldLabel(name: string): string {
  const words = name.replace(/_+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
