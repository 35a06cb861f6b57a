/**
 * Creates or edits a voice agent: name, language, voice (persona or pasted Cartesia id), greeting,
 * system prompt (typed, or drafted from a brief), the outcomes it may classify a call into, the
 * model it thinks with during calls (Haiku unless chosen otherwise), and the results Claude extracts
 * from each answered call (ExtractionEditor.tsx).
 */
import { useEffect, useId, useState, type ReactElement } from 'react';
import {
  AGENT_MODELS,
  AGENT_OUTCOMES,
  DEFAULT_AGENT_MODEL,
  defaultPersona,
  personaById,
  type AgentLanguage,
  type AgentOutcome,
  type AgentView,
} from '../../../../shared/voice-agents';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Field, TextAreaField } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { DEFAULT_CONSENT_LINE, DEFAULT_TURN_TAKING } from '../../../../shared/voice-agent-schemas';
import { Switch } from '../../components/Switch';
import type { ErrorInfo } from '../../lib/api';
import { toast } from '../../stores/toasts';
import { useVoice } from '../../stores/voice';
import { DraftBrief } from './DraftBrief';
import { draftOf, draftProblem, ExtractionEditor, fieldsOf, sameDraft, type ExtractionDraft } from './ExtractionEditor';
import { modelName, OUTCOME_LABEL } from './labels';
import { VoicePicker, voiceIdProblem } from './VoicePicker';

type Form = Omit<AgentView, 'id' | 'workspaceId' | 'createdAt' | 'updatedAt'>;

const blank = (): Form => ({
  name: '',
  language: 'en',
  voiceId: defaultPersona('en').voiceId,
  greeting: '',
  systemPrompt: '',
  outcomes: [...AGENT_OUTCOMES],
  model: DEFAULT_AGENT_MODEL,
  ...DEFAULT_TURN_TAKING,
  // Switched on from the CLI (`agent edit … --sms-tool on`); the dialog keeps it as it is.
  smsTool: false,
  record: false,
  consentLine: DEFAULT_CONSENT_LINE,
});
const fromAgent = (a: AgentView): Form => ({
  name: a.name,
  language: a.language,
  voiceId: a.voiceId,
  greeting: a.greeting,
  systemPrompt: a.systemPrompt,
  outcomes: a.outcomes,
  model: a.model,
  eotThreshold: a.eotThreshold,
  eagerEotThreshold: a.eagerEotThreshold,
  smsTool: a.smsTool,
  record: a.record,
  consentLine: a.consentLine,
});

/** The end-of-turn confidences offered (Deepgram's range, 0.5–1), and the early-reply ones (0.3–0.9, or off). */
const EOT_CHOICES = [0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;
const EAGER_CHOICES = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;
const eotLabel = (v: number): string =>
  v === 0.7 ? '0.7 — Deepgram’s default' : v <= 0.6 ? `${v} — answers sooner` : v >= 0.9 ? `${v} — waits longer` : String(v);
const eagerLabel = (v: number): string => (v === 0.5 ? '0.5 — Deepgram’s suggestion' : String(v));

/** The dialog; `agent` null creates a new one. Mount it with a `key` per agent so the form starts fresh. */
export function AgentDialog({
  workspaceId,
  agent,
  open,
  onOpenChange,
}: {
  workspaceId: string;
  agent: AgentView | null;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}): ReactElement {
  const ids = { prompt: useId(), model: useId(), outcomes: useId(), eot: useId(), eager: useId() };
  const [form, setForm] = useState<Form>(() => (agent ? fromAgent(agent) : blank()));
  const [drafting, setDrafting] = useState(false);
  const [drafted, setDrafted] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [errorTitle, setErrorTitle] = useState<string | null>(null);
  // The agent as saved so far: a new agent whose fields then failed to save is updated, not created twice.
  const [saved, setSaved] = useState<AgentView | null>(agent);
  const [extraction, setExtraction] = useState<ExtractionDraft>(() => draftOf(null));
  // What is stored, to save only a change; null while it loads (a new agent has none).
  const [storedExtraction, setStoredExtraction] = useState<ExtractionDraft | null>(() => (agent ? null : draftOf(null)));
  const edit = (patch: Partial<Form>): void => setForm((f) => ({ ...f, ...patch }));

  useEffect(() => {
    if (!agent || !open) return;
    let live = true;
    void useVoice
      .getState()
      .extraction(workspaceId, agent.id)
      .then((res) => {
        if (!live) return;
        if (!res.ok) return setError(res.error);
        setExtraction(draftOf(res.value));
        setStoredExtraction(draftOf(res.value));
      });
    return () => {
      live = false;
    };
  }, [agent, open, workspaceId]);

  const setLanguage = (language: AgentLanguage): void => {
    // A catalog persona of the other language gives way to this language's default; a pasted id stays.
    const persona = personaById(form.voiceId);
    edit({ language, ...(persona && persona.language !== language ? { voiceId: defaultPersona(language).voiceId } : {}) });
  };
  const toggleOutcome = (o: AgentOutcome): void =>
    edit({
      outcomes: form.outcomes.includes(o)
        ? form.outcomes.filter((x) => x !== o)
        : AGENT_OUTCOMES.filter((x) => x === o || form.outcomes.includes(x)),
    });

  const problems = {
    voice: voiceIdProblem(form.voiceId),
    outcomes: form.outcomes.length === 0 ? 'An agent needs at least one outcome.' : null,
  };
  const ready =
    form.name.trim() !== '' &&
    form.greeting.trim() !== '' &&
    form.systemPrompt.trim() !== '' &&
    form.consentLine.trim() !== '' &&
    !problems.voice &&
    !problems.outcomes &&
    storedExtraction !== null &&
    !draftProblem(extraction);

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const fields = { ...form, outcomes: [...form.outcomes] };
    const s = useVoice.getState();
    const res = saved ? await s.update(workspaceId, saved.id, fields) : await s.create(workspaceId, fields);
    if (!res.ok) {
      setBusy(false);
      setErrorTitle(null);
      setError(res.error);
      return;
    }
    setSaved(res.value);
    if (storedExtraction && !sameDraft(extraction, storedExtraction)) {
      const x = await s.saveExtraction(workspaceId, res.value.id, fieldsOf(extraction));
      if (!x.ok) {
        setBusy(false);
        setErrorTitle(`${res.value.name} was saved, but not its results from each call`);
        setError(x.error);
        return;
      }
      setStoredExtraction(extraction);
    }
    setBusy(false);
    toast.success(agent ? `Saved “${res.value.name}”` : `Created “${res.value.name}”`);
    onOpenChange(false);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      width="lg"
      title={agent ? `Edit “${agent.name}”` : 'New voice agent'}
      description="What the agent says and how it sounds on this workspace’s calls. Test it with a call to your own phone before a campaign uses it."
      footer={
        <>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!ready} onClick={() => void save()}>
            {agent ? 'Save changes' : 'Create agent'}
          </Button>
        </>
      }
    >
      {error ? (
        <ErrorBanner title={errorTitle ?? (agent ? 'Not saved' : 'Not created')} error={error} onDismiss={() => setError(null)} />
      ) : null}
      <div className="agent-form">
        <div className="agent-form-row">
          <Field label="Name" value={form.name} onChange={(name) => edit({ name })} maxLength={80} placeholder="Asha" />
          <div className="field">
            <span className="field-label" id={`${ids.model}-language`}>
              Language
            </span>
            <Segmented
              labelledBy={`${ids.model}-language`}
              value={form.language}
              onChange={setLanguage}
              options={[
                { value: 'en', label: 'English' },
                { value: 'hi', label: 'Hindi' },
              ]}
            />
          </div>
        </div>
        <div className="agent-form-row">
          <VoicePicker language={form.language} voiceId={form.voiceId} onChange={(voiceId) => edit({ voiceId })} />
          <div className="field">
            <label className="field-label" htmlFor={ids.model}>
              In-call model
            </label>
            <select id={ids.model} className="select" value={form.model} onChange={(e) => edit({ model: e.target.value })}>
              {AGENT_MODELS.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
            <p className="field-help">Haiku answers fastest; a slower model makes callers wait before each reply.</p>
          </div>
        </div>
        <TextAreaField
          label="Greeting"
          rows={3}
          maxLength={500}
          value={form.greeting}
          onChange={(greeting) => edit({ greeting })}
          placeholder="Hello! This is Asha, an AI assistant calling from Acme Realty. Do you have a minute?"
          help="The first thing the agent says when the call is answered; it is synthesised before the callee picks up."
        />
        <div className="field">
          <div className="agent-prompt-head">
            <label className="field-label" htmlFor={ids.prompt}>
              System prompt
            </label>
            {!drafting ? (
              <Button size="sm" variant="ghost" icon="edit" onClick={() => setDrafting(true)}>
                Draft from a brief
              </Button>
            ) : null}
          </div>
          {drafting ? (
            <DraftBrief
              workspaceId={workspaceId}
              language={form.language}
              onClose={() => setDrafting(false)}
              onDraft={(d) => {
                edit({ systemPrompt: d.systemPrompt, greeting: d.greeting });
                setDrafted(modelName(d.model));
                setDrafting(false);
              }}
            />
          ) : null}
          {drafted ? (
            <Notice tone="ok" glyph="●" title="Drafted">
              {drafted} wrote the prompt and greeting below; read and edit them before saving.
            </Notice>
          ) : null}
          <textarea
            id={ids.prompt}
            className="textarea"
            rows={8}
            maxLength={20_000}
            value={form.systemPrompt}
            onChange={(e) => edit({ systemPrompt: e.target.value })}
            placeholder="You are Asha, an AI assistant calling on behalf of Acme Realty…"
          />
        </div>
        <div className="agent-form-row">
          <div className="field">
            <label className="field-label" htmlFor={ids.eot}>
              End-of-turn confidence
            </label>
            <select
              id={ids.eot}
              className="select"
              value={form.eotThreshold}
              onChange={(e) => {
                const eotThreshold = Number(e.target.value);
                const eager = form.eagerEotThreshold;
                edit({ eotThreshold, eagerEotThreshold: eager !== null && eager > eotThreshold ? eotThreshold : eager });
              }}
            >
              {EOT_CHOICES.map((v) => (
                <option key={v} value={v}>
                  {eotLabel(v)}
                </option>
              ))}
            </select>
            <p className="field-help">How sure Deepgram Flux must be that the caller has finished before the agent answers.</p>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.eager}>
              Prepare the reply early at
            </label>
            <select
              id={ids.eager}
              className="select"
              value={form.eagerEotThreshold ?? 'off'}
              onChange={(e) => edit({ eagerEotThreshold: e.target.value === 'off' ? null : Number(e.target.value) })}
            >
              <option value="off">Off — start only once the turn ends</option>
              {EAGER_CHOICES.filter((v) => v <= form.eotThreshold).map((v) => (
                <option key={v} value={v}>
                  {eagerLabel(v)}
                </option>
              ))}
            </select>
            <p className="field-help">
              Starts Claude before the turn is certain; a guess the caller overtakes is dropped unheard, its tokens counted.
            </p>
          </div>
        </div>
        <div className="field">
          <Switch
            checked={form.record}
            onCheckedChange={(record) => edit({ record })}
            label="Record calls"
            description="Both sides, sealed on this computer with the workspace’s key; kept for the workspace’s retention period."
          />
          {form.record ? (
            <Field
              label="Consent line, said first"
              value={form.consentLine}
              onChange={(consentLine) => edit({ consentLine })}
              maxLength={300}
              placeholder={DEFAULT_CONSENT_LINE}
            />
          ) : null}
        </div>
        <div className="field">
          <span className="field-label" id={ids.outcomes}>
            Outcomes the agent may choose
          </span>
          <div className="outcome-chips" role="group" aria-labelledby={ids.outcomes}>
            {AGENT_OUTCOMES.map((o) => (
              <button key={o} type="button" className="chip" aria-pressed={form.outcomes.includes(o)} onClick={() => toggleOutcome(o)}>
                {form.outcomes.includes(o) ? '✓ ' : ''}
                {OUTCOME_LABEL[o]}
              </button>
            ))}
          </div>
          {problems.outcomes ? (
            <p className="field-feedback is-bad" role="alert">
              <span aria-hidden>✕</span> {problems.outcomes}
            </p>
          ) : (
            <p className="field-help">
              When it ends a call, the agent classifies it into one of these. Voicemail, no answer, busy and failed come from the carrier.
            </p>
          )}
        </div>
        <ExtractionEditor draft={extraction} onChange={setExtraction} />
      </div>
    </Dialog>
  );
}
