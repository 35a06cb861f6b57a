/**
 * Grading a played scenario against its expectations, each verdict with one sentence of reason.
 * Every expectation is checked deterministically from the conversation: the outcome the agent ended
 * with, the tools it called (a call the stubs answered, not one refused for a bad input), the phrases
 * it said (case, spacing and punctuation aside, across its greeting and every line), and the fields the
 * call's structured extraction yields. Extraction is a dependency (`ExtractFields`): this build
 * grades field expectations through whatever extractor it is given, and without one says so.
 */
import type { ExpectationVerdict, ScenarioTranscriptEntry, ScenarioView } from '../../../../shared/agent-scenarios';
import type { PlayedScenario } from './conversation';

/** What an extractor makes of a transcript: the fields it filled, or why it could not. */
export type ScenarioExtraction =
  | { readonly kind: 'extracted'; readonly fields: Readonly<Record<string, unknown>> }
  | { readonly kind: 'not-extracted'; readonly reason: string };

/** Fills the agent's extraction schema from a simulated conversation. */
export type ExtractFields = (
  transcript: readonly ScenarioTranscriptEntry[],
  context: { readonly workspaceId: string; readonly agentId: string },
) => Promise<ScenarioExtraction>;

/** The extractor of a build without structured extraction: every field expectation fails, saying why. */
export const extractionUnavailable: ExtractFields = () =>
  Promise.resolve({ kind: 'not-extracted', reason: 'extraction is not available in this build' });

/** Text compared for phrases: lower case, letters and digits, single spaces. */
const plain = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** A line shortened around a phrase, for a reason that shows where it was said. */
function excerpt(line: string, phrase: string): string {
  const at = line.toLowerCase().indexOf(phrase.toLowerCase());
  if (line.length <= 120) return line;
  const start = Math.max(0, (at < 0 ? 0 : at) - 40);
  return `${start > 0 ? '…' : ''}${line.slice(start, start + 110).trim()}…`;
}

const quoted = (s: string): string => `“${s}”`;
const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);

/** The verdict on the conversation itself: played to an end, or cut short by a failure. */
function conversationVerdict(played: PlayedScenario): ExpectationVerdict | null {
  if (played.error === null) return null;
  return { kind: 'conversation', subject: 'conversation', passed: false, reason: played.error };
}

function outcomeVerdict(expected: string, played: PlayedScenario, agentOutcomes: readonly string[]): ExpectationVerdict {
  const subject = expected;
  if (!agentOutcomes.includes(expected))
    return {
      kind: 'outcome',
      subject,
      passed: false,
      reason: `The agent no longer has the outcome ${expected}, so it cannot end a call with it.`,
    };
  if (played.outcome === expected) return { kind: 'outcome', subject, passed: true, reason: `The agent ended the call as ${expected}.` };
  if (played.outcome !== null)
    return { kind: 'outcome', subject, passed: false, reason: `The agent ended the call as ${played.outcome}, not ${expected}.` };
  const how =
    played.ended === 'caller'
      ? `the caller hung up after ${played.turns} ${played.turns === 1 ? 'turn' : 'turns'}`
      : played.ended === 'turn-limit'
        ? `the conversation reached its limit of ${played.turns} caller turns`
        : 'the conversation failed first';
  return {
    kind: 'outcome',
    subject,
    passed: false,
    reason: `The agent never ended the call (${how}), so there is no ${expected} outcome.`,
  };
}

function toolVerdict(name: string, played: PlayedScenario, agentTools: readonly string[]): ExpectationVerdict {
  const subject = name;
  if (!agentTools.includes(name)) return { kind: 'tool', subject, passed: false, reason: `The agent has no tool called ${name}.` };
  const runs = played.toolRuns.filter((r) => r.name === name);
  const answered = runs.filter((r) => !r.result.isError);
  if (answered.length > 0) return { kind: 'tool', subject, passed: true, reason: `The agent called ${name} ${times(answered.length)}.` };
  if (runs.length > 0)
    return {
      kind: 'tool',
      subject,
      passed: false,
      reason: `The agent tried ${name} ${times(runs.length)}, but it was refused: ${runs[0]?.result.content ?? ''}`,
    };
  return { kind: 'tool', subject, passed: false, reason: `The agent never called ${name}.` };
}

function phraseVerdict(phrase: string, played: PlayedScenario): ExpectationVerdict {
  const subject = phrase;
  const wanted = plain(phrase);
  const agentLines = played.transcript.filter(
    (entry): entry is Extract<ScenarioTranscriptEntry, { kind: 'line' }> => entry.kind === 'line' && entry.speaker === 'agent',
  );
  // Padded with spaces so a phrase matches whole words: "free" is not said by "carefree".
  const index = wanted === '' ? -1 : agentLines.findIndex((l) => ` ${plain(l.text)} `.includes(` ${wanted} `));
  const line = agentLines[index];
  if (!line) return { kind: 'phrase', subject, passed: true, reason: `The agent never said ${quoted(phrase)}.` };
  const where = index === 0 ? 'in its greeting' : `in its line ${index + 1}`;
  return {
    kind: 'phrase',
    subject,
    passed: false,
    reason: `The agent said ${quoted(phrase)} ${where}: ${quoted(excerpt(line.text, phrase))}`,
  };
}

/** The text of an extracted value, or null when the field is empty. */
function valueText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? value.trim() : JSON.stringify(value);
  return text === '' ? null : text;
}

function fieldVerdicts(scenario: ScenarioView, extraction: ScenarioExtraction): ExpectationVerdict[] {
  return scenario.expectations.fields.map((field) => {
    const subject = field.name;
    if (extraction.kind === 'not-extracted')
      return { kind: 'field' as const, subject, passed: false, reason: `${field.name} was not extracted: ${extraction.reason}.` };
    const value = valueText(extraction.fields[field.name]);
    if (value === null) return { kind: 'field' as const, subject, passed: false, reason: `The call yielded no ${field.name}.` };
    if (field.equals !== null && value.toLowerCase() !== field.equals.toLowerCase())
      return { kind: 'field' as const, subject, passed: false, reason: `${field.name} was ${quoted(value)}, not ${quoted(field.equals)}.` };
    return { kind: 'field' as const, subject, passed: true, reason: `${field.name} was extracted as ${quoted(value)}.` };
  });
}

/** What grading needs besides the played scenario. */
export interface GradeContext {
  readonly workspaceId: string;
  readonly agentId: string;
  readonly agentOutcomes: readonly string[];
  /** The names of the agent's HTTP tools. */
  readonly agentTools: readonly string[];
  readonly extract: ExtractFields;
}

/** Every verdict of a played scenario; it passes when each one does. */
export async function gradeScenario(
  scenario: ScenarioView,
  played: PlayedScenario,
  context: GradeContext,
): Promise<{ passed: boolean; verdicts: ExpectationVerdict[] }> {
  const expectations = scenario.expectations;
  const verdicts: ExpectationVerdict[] = [];
  const conversation = conversationVerdict(played);
  if (conversation) verdicts.push(conversation);
  if (expectations.outcome !== null) verdicts.push(outcomeVerdict(expectations.outcome, played, context.agentOutcomes));
  for (const name of expectations.toolsCalled) verdicts.push(toolVerdict(name, played, context.agentTools));
  for (const phrase of expectations.neverSay) verdicts.push(phraseVerdict(phrase, played));
  if (expectations.fields.length > 0) {
    let extraction: ScenarioExtraction;
    try {
      extraction = await context.extract(played.transcript, { workspaceId: context.workspaceId, agentId: context.agentId });
    } catch {
      extraction = { kind: 'not-extracted', reason: 'the extractor failed' };
    }
    verdicts.push(...fieldVerdicts(scenario, extraction));
  }
  return { passed: verdicts.every((v) => v.passed), verdicts };
}
