/**
 * Voice agents as the core, the IPC contract, the CLI and the console see them: the persona
 * catalog (public Cartesia voices) and the models an agent may think with. No zod here: the console
 * imports this file, and its input schemas live in voice-agent-schemas.ts.
 */
import type { CallOutcome } from './call-lists';

/** The languages an agent speaks. */
export const AGENT_LANGUAGES = ['en', 'hi'] as const;
/** One of AGENT_LANGUAGES. */
export type AgentLanguage = (typeof AGENT_LANGUAGES)[number];
/** The language names people read. */
export const LANGUAGE_NAMES: Readonly<Record<AgentLanguage, string>> = { en: 'English', hi: 'Hindi' };

/**
 * The outcomes an agent itself may classify a call into (the others — voicemail, no_answer, busy,
 * failed — come from the carrier); a subset of CALL_OUTCOMES, checked where it is written.
 */
export const AGENT_OUTCOMES = ['interested', 'callback', 'not_interested', 'do_not_call'] as const satisfies readonly CallOutcome[];
/** One of AGENT_OUTCOMES. */
export type AgentOutcome = (typeof AGENT_OUTCOMES)[number];

/** A Claude model an agent may use, with the role seed 002 gave it. */
export interface AgentModel {
  readonly id: string;
  readonly label: string;
}

/** In-call models: Haiku first (the default: fastest first token), Sonnet, Opus. Ids the Anthropic SDK lists. */
export const AGENT_MODELS: readonly AgentModel[] = [
  { id: 'claude-haiku-4-5', label: 'Claude Haiku 4.5 (fastest, default in-call)' },
  { id: 'claude-sonnet-4-6', label: 'Claude Sonnet 4.6' },
  { id: 'claude-opus-4-6', label: 'Claude Opus 4.6 (slowest in a call)' },
];
/** The in-call model when none is chosen. */
export const DEFAULT_AGENT_MODEL = 'claude-haiku-4-5';
/** The model that drafts prompts from a brief (authoring: quality over speed). */
export const AUTHORING_MODEL = 'claude-opus-4-6';

/** A public Cartesia voice offered as a persona. */
export interface Persona {
  readonly voiceId: string;
  readonly name: string;
  readonly gender: 'female' | 'male';
  readonly language: AgentLanguage;
  /** The accent a caller hears. */
  readonly accent: string;
  readonly description: string;
}

/** Seed 002's catalog: six English, one Hindi; Cartesia's own public voice ids. The first of a language is its default. */
export const PERSONAS: readonly Persona[] = [
  {
    voiceId: '829ccd10-f8b3-43cd-b8a0-4aeaa81f3b30',
    name: 'Customer Support Lady',
    gender: 'female',
    language: 'en',
    accent: 'American',
    description: 'Warm and clear, made for support and sales calls.',
  },
  {
    voiceId: 'a167e0f3-df7e-4d52-a9c3-f949145efdab',
    name: 'Customer Support Man',
    gender: 'male',
    language: 'en',
    accent: 'American',
    description: 'Calm and helpful, made for support calls.',
  },
  {
    voiceId: 'a0e99841-438c-4a64-b679-ae501e7d6091',
    name: 'Barbershop Man',
    gender: 'male',
    language: 'en',
    accent: 'American',
    description: 'Friendly and conversational, easy-going.',
  },
  {
    voiceId: '79a125e8-cd45-4c13-8a67-188112f4dd22',
    name: 'British Lady',
    gender: 'female',
    language: 'en',
    accent: 'British',
    description: 'Elegant and composed.',
  },
  {
    voiceId: '95856005-0332-41b0-935f-352e296aa0df',
    name: 'Classy British Man',
    gender: 'male',
    language: 'en',
    accent: 'British',
    description: 'Polished and confident.',
  },
  {
    voiceId: 'ff1bb1a9-c582-4570-9670-5f46169d0fc8',
    name: 'Indian Customer Support Lady',
    gender: 'female',
    language: 'en',
    accent: 'Indian',
    description: 'Friendly Indian English, made for support calls.',
  },
  {
    voiceId: 'ac7ee4fa-25db-420d-bfff-f590d740aeb2',
    name: 'Hindi Calm Man',
    gender: 'male',
    language: 'hi',
    accent: 'Hindi',
    description: 'Calm, steady Hindi.',
  },
];

/** The catalog persona with this voice id, if any. */
export function personaById(voiceId: string): Persona | undefined {
  return PERSONAS.find((p) => p.voiceId === voiceId);
}

/** A persona by voice id or by name (case-insensitive), as the CLI's `--voice` takes it. */
export function findPersona(idOrName: string): Persona | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return PERSONAS.find((p) => p.voiceId === wanted || p.name.toLowerCase() === wanted);
}

/** The public persona closest to a voice the key cannot use: same language and gender, else same language. */
export function closestPersona(voice: { readonly language: AgentLanguage; readonly gender?: 'female' | 'male' | null }): Persona {
  const sameLanguage = PERSONAS.filter((p) => p.language === voice.language);
  // The catalog has a persona for every language, so the last fallback never runs.
  return sameLanguage.find((p) => p.gender === voice.gender) ?? sameLanguage[0] ?? (PERSONAS[0] as Persona);
}

/** The default persona of a language. */
export function defaultPersona(language: AgentLanguage): Persona {
  return closestPersona({ language });
}

/** An agent as stored. */
export interface AgentView {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly language: AgentLanguage;
  readonly voiceId: string;
  readonly greeting: string;
  readonly systemPrompt: string;
  readonly outcomes: readonly AgentOutcome[];
  readonly model: string;
  /** How sure Deepgram Flux must be that the caller finished before the agent answers (0.5–1). */
  readonly eotThreshold: number;
  /** How sure Flux must be to start preparing the reply early (0.3–0.9), or null for never. */
  readonly eagerEotThreshold: number | null;
  /** Whether the agent may text the person on the line during a call (the built-in send_sms tool; off by default). */
  readonly smsTool: boolean;
  /** Whether the agent's calls are recorded (both sides, sealed with the workspace's data key). */
  readonly record: boolean;
  /** What the agent says first, before its greeting, whenever it records. */
  readonly consentLine: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Which voice a call would use: the agent's, or the closest public persona when the key cannot use it. */
export interface VoiceCheck {
  readonly voiceId: string;
  readonly fellBack: boolean;
  /** The persona used, when the voice is one of the catalog's. */
  readonly persona: string | null;
  /** One sentence for the console: why it fell back (null when it did not). */
  readonly reason: string | null;
}

/** A draft from a brief, for the operator to edit before saving. */
export interface PromptDraft {
  readonly systemPrompt: string;
  readonly greeting: string;
  readonly model: string;
}
