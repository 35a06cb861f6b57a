/**
 * Simulated-caller tests of a voice agent (issue 25, part 3), as the core, the IPC contract, the CLI
 * and the console see them: a scenario (a caller persona in plain words, stubbed answers for the
 * agent's HTTP tools, and what must happen), a run of scenarios against one prompt version, and each
 * scenario's graded result. No zod here: the console imports this file; the input schema lives in
 * agent-scenario-schemas.ts.
 */
import type { AgentOutcome } from './voice-agents';

/** Who or what ended a simulated conversation. */
export const SCENARIO_ENDINGS = ['agent', 'caller', 'turn-limit', 'error'] as const;
/** One of SCENARIO_ENDINGS. */
export type ScenarioEnding = (typeof SCENARIO_ENDINGS)[number];

/** What a verdict is about: each kind of expectation, and the conversation itself (played to the end, or not). */
export const VERDICT_KINDS = ['conversation', 'outcome', 'tool', 'phrase', 'field'] as const;
/** One of VERDICT_KINDS. */
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/** Bounds of a scenario: it goes into every request of its run, and a run costs tokens. */
export const SCENARIO_LIMITS = {
  name: 64,
  persona: 4_000,
  /** Tools that must be called, phrases never said, fields extracted: each list at most this long. */
  list: 20,
  phrase: 200,
  /** One stubbed answer, in bytes of JSON (an HTTP tool's answer is capped the same way). */
  stubBytes: 16 * 1024,
  turns: { min: 1, max: 20, default: 8 },
  perAgent: 50,
} as const;

/** The model that plays the caller: the fastest, since it only has to stay in character. */
export const SCENARIO_CALLER_MODEL = 'claude-haiku-4-5';

/** A field the call must yield; `equals` compares its text, case aside, when given. */
export interface FieldExpectation {
  readonly name: string;
  readonly equals: string | null;
}

/** What must happen in a scenario. */
export interface ScenarioExpectations {
  /** The outcome the agent must end the call with (one of its outcomes), or null for any. */
  readonly outcome: AgentOutcome | null;
  /** The agent's HTTP tools it must call at least once. */
  readonly toolsCalled: readonly string[];
  /** Phrases the agent must never say (case and spacing aside). */
  readonly neverSay: readonly string[];
  /** Fields the call's structured extraction must fill. */
  readonly fields: readonly FieldExpectation[];
}

/** A scenario as it is stored. */
export interface ScenarioView {
  readonly id: string;
  readonly agentId: string;
  readonly name: string;
  /** The caller in plain words: who they are and what they want ("a busy parent who wants Saturday only"). */
  readonly persona: string;
  /** The agent's HTTP tools answered by these JSON values, by tool name; a tool without one answers with an error. */
  readonly stubs: Readonly<Record<string, unknown>>;
  readonly expectations: ScenarioExpectations;
  /** The most caller turns the conversation may take. */
  readonly maxTurns: number;
  readonly createdAt: string;
}

/** One expectation's verdict with its reason in one sentence. */
export interface ExpectationVerdict {
  readonly kind: VerdictKind;
  /** What it is about: the outcome, the tool, the phrase or the field. */
  readonly subject: string;
  readonly passed: boolean;
  readonly reason: string;
}

/** One entry of a simulated conversation. */
export type ScenarioTranscriptEntry =
  | { readonly kind: 'line'; readonly speaker: 'agent' | 'caller'; readonly text: string }
  | {
      readonly kind: 'tool';
      readonly name: string;
      /** The model's input, as JSON. */
      readonly input: string;
      /** The stub's answer (or the error the model was given), as the model read it. */
      readonly answer: string;
      readonly isError: boolean;
    }
  | { readonly kind: 'end'; readonly by: ScenarioEnding; readonly outcome: string | null; readonly reason: string };

/** Tokens used, as metered. */
export interface TokenCount {
  readonly input: number;
  readonly output: number;
}

/** One scenario's graded result in a run. */
export interface ScenarioResult {
  readonly scenarioId: string;
  readonly name: string;
  readonly passed: boolean;
  readonly ended: ScenarioEnding;
  readonly outcome: string | null;
  readonly verdicts: readonly ExpectationVerdict[];
  readonly transcript: readonly ScenarioTranscriptEntry[];
  readonly tokens: TokenCount;
}

/** A run as its history lists it: no transcripts (they are sealed), the pass or fail of each scenario. */
export interface TestRunSummary {
  readonly id: string;
  readonly agentId: string;
  /** The hash of what the agent was tested as (prompt, greeting, model, tools, outcomes). */
  readonly promptVersion: string;
  readonly model: string;
  readonly startedAt: string;
  /** Null while running, or when the run was cut short (the app closed). */
  readonly finishedAt: string | null;
  readonly planned: number;
  readonly passed: number;
  readonly failed: number;
  readonly tokens: TokenCount;
  readonly costUsd: number;
  /** Whose Anthropic key paid. */
  readonly owner: 'own' | 'agency';
  readonly scenarios: readonly { readonly name: string; readonly passed: boolean }[];
}

/** A run with its results opened. */
export interface TestRunView extends TestRunSummary {
  readonly results: readonly ScenarioResult[];
}

/** The runs of one prompt version, newest first, and what changed since the version before it. */
export interface PromptVersionRuns {
  readonly promptVersion: string;
  /** Whether the agent is this version now. */
  readonly current: boolean;
  readonly runs: readonly TestRunSummary[];
  /** Scenarios that passed in the previous version's last run and fail in this version's last run. */
  readonly broke: readonly string[];
  /** Scenarios that failed in the previous version's last run and pass in this version's last run. */
  readonly fixed: readonly string[];
}

/** What a run will cost, said before it starts. */
export interface TestEstimate {
  readonly scenarios: number;
  readonly promptVersion: string;
  readonly model: string;
  readonly callerModel: string;
  /** Likely tokens, and about the most the run can use (every scenario to its turn limit, every reply at its size limit). */
  readonly tokens: { readonly likely: number; readonly ceiling: number };
  readonly costUsd: { readonly likely: number; readonly ceiling: number };
  /** Whose Anthropic key will pay. */
  readonly owner: 'own' | 'agency';
}
