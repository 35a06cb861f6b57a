/** zod schemas of extraction: the core validates every schema an operator sets with them, and IPC parses with them. */
import { z } from 'zod';
import {
  EXTRACTION_FIELD_TYPES,
  FIELD_NAME_PATTERN,
  MAX_ENUM_VALUES,
  MAX_EXTRACTION_FIELDS,
  RESERVED_FIELD_NAMES,
  type ExtractionField,
} from './extraction';

const FieldName = z
  .string()
  .trim()
  .regex(FIELD_NAME_PATTERN, 'A field name is snake_case: a lowercase letter, then up to 39 lowercase letters, digits or underscores.')
  .refine(
    (n) => !RESERVED_FIELD_NAMES.includes(n),
    `A field may not be called ${RESERVED_FIELD_NAMES.join(', ')}: every call or template already has those.`,
  );

const EnumValue = z
  .string()
  .trim()
  .min(1, 'An enum value cannot be empty.')
  .max(60, 'An enum value is at most 60 characters.')
  .regex(/^[^|\n\r]+$/, 'An enum value is one line without a “|”.');

/** One field as an operator writes it; `required` defaults to false. */
export const ExtractionFieldSchema = z
  .object({
    name: FieldName,
    type: z.enum(EXTRACTION_FIELD_TYPES, { message: `A field’s type is one of ${EXTRACTION_FIELD_TYPES.join(', ')}.` }),
    description: z
      .string({ message: 'Each field needs a description: the model reads it to know what to look for.' })
      .trim()
      .min(1, 'Each field needs a description: the model reads it to know what to look for.')
      .max(300, 'A field’s description is at most 300 characters.'),
    required: z.boolean({ message: 'A field’s required is true or false.' }).default(false),
    values: z
      .array(EnumValue)
      .min(2, 'An enum field lists at least two values.')
      .max(MAX_ENUM_VALUES, `An enum field lists at most ${MAX_ENUM_VALUES} values.`)
      .refine((v) => new Set(v.map((x) => x.toLowerCase())).size === v.length, 'An enum field lists a value twice.')
      .optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === 'enum' && f.values === undefined)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'An enum field lists its values, like high|medium|low.' });
    if (f.type !== 'enum' && f.values !== undefined)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'Only an enum field lists values.' });
  });

/** A whole schema as an operator sets it: its fields in order (none: the summary alone). */
export const ExtractionSchemaInputSchema = z
  .object({
    fields: z
      .array(ExtractionFieldSchema)
      .max(MAX_EXTRACTION_FIELDS, `A schema holds at most ${MAX_EXTRACTION_FIELDS} fields.`)
      .refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, 'Two fields have the same name.'),
  })
  .strict();
/** Input to set a schema. */
export type ExtractionSchemaInput = z.input<typeof ExtractionSchemaInputSchema>;

/** A stored field read back (written by the core after ExtractionFieldSchema passed). */
export const StoredFieldsSchema = z.array(ExtractionFieldSchema).transform((fs): ExtractionField[] => fs);

/** An agent's schema as the console and the CLI see it. */
export const ExtractionSchemaViewSchema = z.object({
  agentId: z.string(),
  version: z.number().int(),
  fields: z.array(
    z.object({
      name: z.string(),
      type: z.enum(EXTRACTION_FIELD_TYPES),
      description: z.string(),
      required: z.boolean(),
      values: z.array(z.string()).optional(),
    }),
  ),
  updatedAt: z.string(),
});

/** A call's stored extraction as the console and the CLI see it. */
export const CallExtractionViewSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('extracted'),
    schemaVersion: z.number().int(),
    summary: z.string(),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    model: z.string(),
    at: z.string(),
  }),
  z.object({
    state: z.literal('not_extracted'),
    schemaVersion: z.number().int(),
    reason: z.string(),
    model: z.string().nullable(),
    at: z.string(),
  }),
]);
