/** The agent's voice: a persona from the catalog (public Cartesia voices), or a pasted Cartesia voice id. */
import { useId, useState, type ReactElement } from 'react';
import { LANGUAGE_NAMES, PERSONAS, personaById, type AgentLanguage } from '../../../../shared/voice-agents';
import { Field } from '../../components/Field';

const CUSTOM = 'custom';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The sentence shown under a pasted id that is not a Cartesia voice id (the core says the same). */
export function voiceIdProblem(voiceId: string): string | null {
  return UUID.test(voiceId.trim().toLowerCase()) ? null : 'A Cartesia voice id looks like 8-4-4-4-12 hexadecimal digits.';
}

/** A select of personas, the agent's language first, and a field for a pasted id. */
export function VoicePicker({
  language,
  voiceId,
  onChange,
}: {
  language: AgentLanguage;
  voiceId: string;
  onChange: (voiceId: string) => void;
}): ReactElement {
  const id = useId();
  // A voice that is not in the catalog is a pasted one; the field stays open while it is edited.
  const [custom, setCustom] = useState(() => voiceId !== '' && !personaById(voiceId));
  const persona = personaById(voiceId);
  const languages = [language, ...(Object.keys(LANGUAGE_NAMES) as AgentLanguage[]).filter((l) => l !== language)];
  return (
    <div className="voice-picker">
      <div className="field">
        <label className="field-label" htmlFor={id}>
          Voice
        </label>
        <select
          id={id}
          className="select"
          value={custom ? CUSTOM : voiceId}
          onChange={(e) => {
            const v = e.target.value;
            setCustom(v === CUSTOM);
            onChange(v === CUSTOM ? '' : v);
          }}
        >
          {languages.map((l) => (
            <optgroup key={l} label={`${LANGUAGE_NAMES[l]} personas`}>
              {PERSONAS.filter((p) => p.language === l).map((p) => (
                <option key={p.voiceId} value={p.voiceId}>
                  {p.name} — {p.gender}, {p.accent}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={CUSTOM}>A voice of your own (paste its Cartesia id)…</option>
        </select>
        <p className="field-help">
          {custom
            ? 'A clone or a voice shared with your Cartesia account; Check voice tells you whether the workspace’s key can use it.'
            : (persona?.description ?? '')}
        </p>
      </div>
      {custom ? (
        <Field
          label="Cartesia voice id"
          value={voiceId}
          onChange={(v) => onChange(v.trim())}
          placeholder="a0e99841-438c-4a64-b679-ae501e7d6091"
          className="mono-field"
          problem={voiceIdProblem(voiceId)}
        />
      ) : null}
    </div>
  );
}
