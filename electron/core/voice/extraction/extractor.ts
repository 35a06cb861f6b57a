/**
 * Structured results from calls (docs/ARCHITECTURE.md, "Flows"): after an answered call, Claude fills
 * the agent's extraction schema from the sealed transcript with the Anthropic key that paid for the
 * call; the result is checked against the schema and stored sealed with the call, or the call gets
 * an explicit "not extracted" with one sentence (no caller words, no key, a provider error or timeout,
 * a refusal, an answer that does not fit). The tokens are metered to the key, like the call's own.
 * It runs after the call is settled and never fails it; re-runs take the agent's current schema.
 */
import { AppError } from '../../../../shared/errors';
import type { CallView } from '../../../../shared/calls';
import type { CallExtractionView, ExtractionSchemaView } from '../../../../shared/extraction';
import type { Actor } from '../../audit/audit';
import type { Resolved } from '../../onboarding/resolve';
import type { AgentExtraction } from '../agents/extraction';
import { resolveLlmKey } from '../call/keys';
import type { CallMeter, Calls } from '../calls/calls';
import type { ExtractionOutcome } from '../calls/extractions';
import { realClock, type Clock } from '../clock';
import type { AfterCall, EndedCall, VoiceDeps } from '../deps';
import { askClaude, type ClaudeAnswer } from './claude';
import { EXTRACTION_TOOL, extractionRequest } from './request';
import { checkResult } from './result';

/** The bound on one extraction request, by default. */
export const EXTRACTION_TIMEOUT_MS = 30_000;

/** What the extractor needs. */
export interface ExtractorDeps extends Pick<VoiceDeps, 'resolver' | 'agents' | 'env'> {
  readonly calls: Pick<Calls, 'get' | 'recordExtraction' | 'answeredOfAgent'>;
  readonly schemas: Pick<AgentExtraction, 'forAgent'>;
  /** Timers for the bound (a call passes its runner's own). */
  readonly clock?: Clock;
  readonly timeoutMs?: number;
}

/** One call of a re-run and what it came to. */
export interface RerunLine {
  readonly callId: string;
  readonly extraction: CallExtractionView;
}

const NOTHING_SAID = 'The caller said nothing, so there was nothing to extract.';

/** Fills calls' extraction schemas. */
export class CallExtractor implements AfterCall {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly clock: Clock;

  constructor(private readonly deps: ExtractorDeps) {
    this.clock = deps.clock ?? realClock();
  }

  /**
   * Extracts an answered call's fields in the background; resolves with the stored result, or null
   * when the agent extracts nothing (no schema). Never rejects: a failure to store is logged by code.
   */
  afterCall(call: EndedCall): Promise<CallExtractionView | null> {
    const failed = (err: unknown): null => {
      console.error(`[extraction] the result of a call could not be stored: ${err instanceof AppError ? err.code : 'error'}`);
      return null;
    };
    // Nothing here may throw into the call's own wrap-up: a schema that cannot be read is logged like any failure.
    let schema: ExtractionSchemaView | null;
    try {
      schema = this.deps.schemas.forAgent(call.agentId);
    } catch (err) {
      return Promise.resolve(failed(err));
    }
    if (!schema) return Promise.resolve(null);
    const found = schema;
    return this.track(call.callId, async () => {
      const view = this.deps.calls.get(call.workspaceId, call.callId);
      return this.extract(view, found, { key: call.key }, call.clock ?? this.clock, 'system');
    }).catch(failed);
  }

  /** Resolves once the call's extraction in progress (if any) is over. */
  async settled(callId: string): Promise<void> {
    await this.running.get(callId)?.catch(() => undefined);
  }

  /** Resolves once every extraction in progress is over (each is bounded): a process that stops waits for them. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((p) => p.catch(() => undefined)));
  }

  /** Extracts one past call again with its agent's current schema and the workspace's Anthropic key, resolved as a call's is. */
  async rerun(workspaceId: string, callId: string, actor: Actor): Promise<CallExtractionView> {
    await this.settled(callId);
    const view = this.deps.calls.get(workspaceId, callId);
    if (view.answeredAt === null) throw new AppError('INVALID_INPUT', 'This call was not answered, so there is nothing to extract.');
    const schema = view.agentId === null ? null : this.deps.schemas.forAgent(view.agentId);
    if (!schema)
      throw new AppError(
        'NOT_FOUND',
        `${view.agentName} has no extraction schema: set one with \`switchboard agent extract set\` or in the agent’s editor.`,
      );
    return this.track(callId, () => this.extract(view, schema, this.keyOf(workspaceId), this.clock, actor));
  }

  /** Extracts again every answered call of an agent since an instant (oldest first, at most `limit`), one after another. */
  async rerunAgent(workspaceId: string, agentRef: string, since: Date | string, actor: Actor, limit?: number): Promise<RerunLine[]> {
    const agent = this.deps.agents.get(workspaceId, agentRef);
    const schema = this.deps.schemas.forAgent(agent.id);
    if (!schema)
      throw new AppError('NOT_FOUND', `${agent.name} has no extraction schema: set one with \`switchboard agent extract set\` first.`);
    const calls = this.deps.calls.answeredOfAgent(agent.workspaceId, agent.id, since, limit);
    const key = this.keyOf(agent.workspaceId);
    const out: RerunLine[] = [];
    for (const call of calls) {
      await this.settled(call.id);
      const view = this.deps.calls.get(agent.workspaceId, call.id);
      out.push({ callId: call.id, extraction: await this.track(call.id, () => this.extract(view, schema, key, this.clock, actor)) });
    }
    return out;
  }

  /**
   * Fills an agent's schema from a conversation that is no stored call (an agent test's), storing
   * nothing: the fields, or why none were extracted. The tokens go to the key that paid, as usage,
   * through `meter` (the test run's own metering).
   */
  async fromConversation(
    workspaceId: string,
    agentId: string,
    lines: readonly { readonly speaker: 'agent' | 'caller'; readonly text: string }[],
    meter: (key: Resolved, tokens: number) => void,
  ): Promise<{ kind: 'extracted'; fields: Readonly<Record<string, unknown>> } | { kind: 'not-extracted'; reason: string }> {
    const schema = this.deps.schemas.forAgent(agentId);
    if (!schema) return { kind: 'not-extracted', reason: 'the agent has no extraction schema' };
    if (!lines.some((l) => l.speaker === 'caller' && l.text.trim() !== '')) return { kind: 'not-extracted', reason: NOTHING_SAID };
    const via = this.keyOf(workspaceId);
    if ('missing' in via) return { kind: 'not-extracted', reason: via.missing };
    const model = this.deps.agents.get(workspaceId, agentId).model;
    const at = new Date(this.clock.now()).toISOString();
    const transcript = lines.map((line, index) => ({ seq: index + 1, speaker: line.speaker, at, text: line.text, interrupted: false }));
    const request = extractionRequest(model, schema.fields, transcript, {
      agentName: this.deps.agents.get(workspaceId, agentId).name,
      startedAt: at,
    });
    const answer = await askClaude(request, EXTRACTION_TOOL, via.key, {
      clock: this.clock,
      env: this.deps.env,
      timeoutMs: this.deps.timeoutMs ?? EXTRACTION_TIMEOUT_MS,
    });
    if (answer.kind === 'failed') return { kind: 'not-extracted', reason: answer.reason };
    meter(via.key, answer.tokens.input + answer.tokens.output);
    if (answer.kind !== 'tool') return { kind: 'not-extracted', reason: 'Claude did not fill the fields' };
    const checked = checkResult(schema.fields, answer.input);
    return checked.ok
      ? { kind: 'extracted', fields: { ...checked.values, summary: checked.summary } }
      : { kind: 'not-extracted', reason: checked.reason };
  }

  /** The workspace's Anthropic key, or the sentence saying why there is none. */
  private keyOf(workspaceId: string): { key: Resolved } | { missing: string } {
    try {
      return { key: resolveLlmKey(this.deps, workspaceId) };
    } catch (err) {
      if (err instanceof AppError && (err.code === 'NO_CREDENTIAL' || err.code === 'ONBOARDING_INCOMPLETE'))
        return { missing: err.message };
      throw err;
    }
  }

  private track<T>(callId: string, work: () => Promise<T>): Promise<T> {
    const running = work();
    this.running.set(callId, running);
    const forget = (): void => {
      if (this.running.get(callId) === running) this.running.delete(callId);
    };
    running.then(forget, forget);
    return running;
  }

  /** Runs one extraction and stores what it came to, metering the tokens to the key. */
  private async extract(
    call: CallView,
    schema: ExtractionSchemaView,
    via: { key: Resolved } | { missing: string },
    clock: Clock,
    actor: Actor,
  ): Promise<CallExtractionView> {
    const version = schema.version;
    const notExtracted = (reason: string, model: string | null): ExtractionOutcome => ({
      state: 'not_extracted',
      schemaVersion: version,
      model,
      reason,
    });
    const store = (outcome: ExtractionOutcome, meters: CallMeter[] = []): CallExtractionView =>
      this.deps.calls.recordExtraction(call.id, outcome, meters, actor);
    if (!call.transcript.some((l) => l.speaker === 'caller' && l.text.trim() !== '')) return store(notExtracted(NOTHING_SAID, null));
    if ('missing' in via) return store(notExtracted(`No Anthropic key could pay for the extraction: ${via.missing}`, null));
    const model = this.deps.agents.get(call.workspaceId, schema.agentId).model;
    const request = extractionRequest(model, schema.fields, call.transcript, {
      agentName: call.agentName,
      startedAt: call.answeredAt ?? call.createdAt,
    });
    const answer: ClaudeAnswer = await askClaude(request, EXTRACTION_TOOL, via.key, {
      clock,
      env: this.deps.env,
      timeoutMs: this.deps.timeoutMs ?? EXTRACTION_TIMEOUT_MS,
    });
    if (answer.kind === 'failed') return store(notExtracted(answer.reason, model));
    const { key } = via;
    const meters: CallMeter[] = [
      {
        provider: key.provider,
        credentialId: key.credentialId,
        owner: key.owner,
        unit: 'tokens',
        amount: answer.tokens.input + answer.tokens.output,
      },
    ];
    if (answer.kind === 'refused')
      return store(notExtracted('Claude declined to fill the fields for this call (a refusal), so nothing was extracted.', model), meters);
    if (answer.kind === 'no_tool') return store(notExtracted('Claude answered without filling the fields.', model), meters);
    const checked = checkResult(schema.fields, answer.input);
    if (!checked.ok) return store(notExtracted(checked.reason, model), meters);
    return store({ state: 'extracted', schemaVersion: version, model, summary: checked.summary, values: checked.values }, meters);
  }
}
