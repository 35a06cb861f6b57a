/**
 * One scenario played as a text conversation: the agent as a call runs it (its greeting first, then
 * streams/claude-turn.ts with its system prompt, model, outcomes and tools, the history kept as the
 * call session keeps it) against the caller model (caller.ts), turn by turn, until the agent calls
 * end_call, the caller hangs up, or the scenario's turn limit is reached. The agent's tools are
 * answered by the scenario's stubs (stub-tools.ts); nothing reaches a tool's URL.
 */
import type { ScenarioEnding, ScenarioTranscriptEntry, ScenarioView, TokenCount } from '../../../../shared/agent-scenarios';
import type { AgentToolView } from '../../../../shared/agent-tools';
import { AppError } from '../../../../shared/errors';
import type { AgentView } from '../../../../shared/voice-agents';
import { claudeReply } from '../streams/claude-turn';
import type { CallClose, ToolExchange, Turn } from '../types';
import { callerTurn, type SpokenLine } from './caller';
import { type StubRun, StubToolbox } from './stub-tools';

/** What playing a scenario needs. */
export interface PlayOptions {
  readonly agent: AgentView;
  readonly tools: readonly AgentToolView[];
  readonly scenario: ScenarioView;
  readonly apiKey: string;
  /** providerOrigin('anthropic', …). */
  readonly origin: string;
  readonly callerModel: string;
  readonly signal?: AbortSignal;
}

/** A played scenario, before it is graded. */
export interface PlayedScenario {
  readonly transcript: readonly ScenarioTranscriptEntry[];
  readonly ended: ScenarioEnding;
  /** The outcome the agent ended the call with, or null when it did not. */
  readonly outcome: string | null;
  /** Caller turns taken. */
  readonly turns: number;
  readonly toolRuns: readonly StubRun[];
  readonly tokens: TokenCount;
  /** Why the conversation could not be played to its end, or null. */
  readonly error: string | null;
}

/** One agent reply: what it said (in pieces around its tool calls), its tool rounds, and how it closed. */
interface AgentReply {
  readonly entries: ScenarioTranscriptEntry[];
  readonly text: string;
  readonly exchanges: ToolExchange[];
  readonly close: CallClose | null;
  readonly error: AppError | null;
  readonly tokens: TokenCount;
}

/** Streams one agent reply to completion. */
function agentReply(options: PlayOptions, history: readonly Turn[], tools: StubToolbox): Promise<AgentReply> {
  const { agent } = options;
  return new Promise((resolve) => {
    const entries: ScenarioTranscriptEntry[] = [];
    const exchanges: ToolExchange[] = [];
    const pieces: string[] = [];
    let piece = '';
    let close: CallClose | null = null;
    let error: AppError | null = null;
    const flush = (): void => {
      if (piece.trim() !== '') {
        entries.push({ kind: 'line', speaker: 'agent', text: piece.trim() });
        pieces.push(piece.trim());
      }
      piece = '';
    };
    claudeReply(
      {
        apiKey: options.apiKey,
        origin: options.origin,
        model: agent.model,
        system: agent.systemPrompt,
        history,
        outcomes: agent.outcomes,
        tools: tools.definitions.length > 0 ? tools : undefined,
        signal: options.signal,
      },
      {
        onText: (delta) => {
          piece += delta;
        },
        onToolResults: (exchange) => {
          flush();
          exchanges.push(exchange);
          exchange.uses.forEach((use, index) => {
            const result = exchange.results[index];
            entries.push({
              kind: 'tool',
              name: use.name,
              input: JSON.stringify(use.input ?? {}),
              answer: result?.content ?? '',
              isError: result?.isError ?? true,
            });
          });
        },
        onClose: (c) => {
          close = c;
        },
        onError: (e) => {
          error = e;
        },
        onDone: (done) => {
          flush();
          resolve({
            entries,
            text: pieces.join(' '),
            exchanges,
            close,
            error,
            tokens: { input: done.inputTokens, output: done.outputTokens },
          });
        },
      },
    );
  });
}

/** Plays a scenario to its end. */
export async function playScenario(options: PlayOptions): Promise<PlayedScenario> {
  const { agent, scenario } = options;
  const tools = new StubToolbox(options.tools, scenario.stubs);
  const transcript: ScenarioTranscriptEntry[] = [{ kind: 'line', speaker: 'agent', text: agent.greeting }];
  const spoken: SpokenLine[] = [{ speaker: 'agent', text: agent.greeting }];
  // As the call session keeps it: the greeting is the agent's first turn.
  const history: Turn[] = [{ role: 'assistant', text: agent.greeting }];
  const tokens = { input: 0, output: 0 };
  let turns = 0;
  const finish = (ended: ScenarioEnding, outcome: string | null, reason: string, error: string | null = null): PlayedScenario => {
    transcript.push({ kind: 'end', by: ended, outcome, reason });
    return { transcript, ended, outcome, turns, toolRuns: tools.runs, tokens, error };
  };

  while (turns < scenario.maxTurns) {
    if (options.signal?.aborted) return finish('error', null, 'The run was stopped.', 'The run was stopped before this scenario ended.');
    const caller = await callerTurn({
      apiKey: options.apiKey,
      origin: options.origin,
      model: options.callerModel,
      persona: scenario.persona,
      lines: spoken,
      signal: options.signal,
    });
    if (caller instanceof AppError) {
      const why = `The caller model failed: ${caller.message}`;
      return finish('error', null, why, why);
    }
    turns += 1;
    tokens.input += caller.inputTokens;
    tokens.output += caller.outputTokens;
    if (caller.text !== '') {
      transcript.push({ kind: 'line', speaker: 'caller', text: caller.text });
      spoken.push({ speaker: 'caller', text: caller.text });
      history.push({ role: 'user', text: caller.text });
    }
    if (caller.hungUp) return finish('caller', null, 'The caller hung up.');

    const reply = await agentReply(options, history, tools);
    tokens.input += reply.tokens.input;
    tokens.output += reply.tokens.output;
    transcript.push(...reply.entries);
    if (reply.error) {
      const why = `The agent could not reply: ${reply.error.message}`;
      return finish('error', null, why, why);
    }
    if (reply.text !== '' || reply.exchanges.length > 0)
      history.push({ role: 'assistant', text: reply.text, ...(reply.exchanges.length > 0 ? { tools: reply.exchanges } : {}) });
    spoken.push({ speaker: 'agent', text: reply.text });
    if (reply.close) return finish('agent', reply.close.outcome, reply.close.reason || 'The agent ended the call.');
  }
  return finish('turn-limit', null, `The conversation reached its limit of ${scenario.maxTurns} caller turns.`);
}
