/**
 * New campaign: channel, contact file, template (with a live check and SMS segment count), window
 * and rate; then the import report — rejected and excluded rows, the per-contact preview and
 * the estimated cost — before anything is sent. Voice campaigns have their own form and review.
 */
import { useMemo, useState, type ReactElement } from 'react';
import type { CampaignChannel } from '../../../../shared/campaigns';
import { parseTemplate, render } from '../../../../shared/message-template';
import { countSegments } from '../../../../shared/sms-segments';
import { Field } from '../../components/Field';
import { type Created, useCampaigns } from '../../stores/campaigns';
import { toast } from '../../stores/toasts';
import { ChannelPicker } from './ChannelPicker';
import { ContactsField, CountryField, ImportFormDialog, ReviewDialog, RowsLeftOut, useImportForm } from './ImportDialog';
import { MessagePreviewCard } from './MessagePreviewCard';
import { NewVoiceCampaignDialog } from './NewVoiceCampaignDialog';

const EMAIL_PLACEHOLDER = 'Subject: Your appointment, {{first_name}}\n\nHello {{first_name}}, …';
const SAMPLE = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  name: 'Ada Lovelace',
  phone: '+14155552671',
  email: 'ada@example.com',
  company: 'Analytical Engines',
};

/** What the template says right now: a problem, or the sample message and its segments. */
function templateCheck(text: string, channel: CampaignChannel): { problem: string | null; note: string | null } {
  if (!text.trim()) return { problem: null, note: null };
  try {
    const m = render(parseTemplate(text, channel), SAMPLE);
    if (channel === 'email') return { problem: null, note: `Subject: ${m.subject ?? ''}` };
    const s = countSegments(m.body);
    const extra = s.nonGsm.length > 0 ? ` — ${s.nonGsm.map((c) => `“${c}”`).join(' ')} forces UCS-2` : '';
    return {
      problem: null,
      note: `For a sample contact: ${m.body.length} characters, ${s.segments} segment${s.segments === 1 ? '' : 's'} (${s.encoding})${extra}.`,
    };
  } catch (e) {
    return { problem: e instanceof Error ? e.message : 'The template is not valid.', note: null };
  }
}

/** The dialog. */
export function NewCampaignDialog({
  workspaceId,
  open,
  onOpenChange,
}: {
  workspaceId: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}): ReactElement {
  const [channel, setChannel] = useState<CampaignChannel | 'voice'>('sms');
  if (channel === 'voice')
    return (
      <NewVoiceCampaignDialog
        workspaceId={workspaceId}
        open={open}
        onOpenChange={onOpenChange}
        picker={<ChannelPicker value={channel} onChange={setChannel} />}
      />
    );
  return (
    <MessageCampaignDialog
      workspaceId={workspaceId}
      open={open}
      onOpenChange={onOpenChange}
      channel={channel}
      picker={<ChannelPicker value={channel} onChange={setChannel} />}
    />
  );
}

function MessageCampaignDialog({
  workspaceId,
  open,
  onOpenChange,
  channel,
  picker,
}: {
  workspaceId: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  channel: CampaignChannel;
  picker: ReactElement;
}): ReactElement {
  const [template, setTemplate] = useState('');
  const [sendWindow, setSendWindow] = useState('08:00-21:00');
  const [rate, setRate] = useState('');
  const [country, setCountry] = useState('');
  const form = useImportForm<Created>(onOpenChange, () => setTemplate(''));
  const { name, file, created, close } = form;
  const check = useMemo(() => templateCheck(template, channel), [template, channel]);
  const rateProblem =
    rate.trim() && !(Number(rate) > 0 && Number(rate) <= 1000) ? 'A number of requests per second, above 0 and at most 1000.' : null;
  const windowProblem = /^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/.test(sendWindow.trim()) ? null : 'Write it as HH:MM-HH:MM, e.g. 08:00-21:00.';
  const ready = file !== null && template.trim() !== '' && !check.problem && !rateProblem && !windowProblem;

  const submit = (): Promise<void> =>
    form.submit((csv) =>
      useCampaigns.getState().create({
        workspaceId,
        channel,
        name: name.trim() || undefined,
        csv,
        template,
        window: sendWindow.trim(),
        rate: rate.trim() ? Number(rate) : null,
        country: country.trim() ? country.trim().toUpperCase() : null,
      }),
    );
  const start = async (): Promise<void> => {
    if (!created) return;
    const res = await useCampaigns.getState().start(created.campaign.id);
    if (res.ok) {
      toast.success(`Sending “${created.campaign.name}”`);
      close(false);
    } else form.setError(res.error);
  };
  const discard = async (): Promise<void> => {
    if (created) await useCampaigns.getState().cancel(created.campaign.id);
    close(false);
  };

  if (created) {
    const c = created.campaign;
    return (
      <ReviewDialog
        open={open}
        onOpenChange={close}
        name={c.name}
        imported={c.imported}
        one="recipient"
        notYet="sent"
        start={{ label: 'Start sending', icon: 'send', onClick: () => void start() }}
        onDiscard={() => void discard()}
        error={form.error}
        warnings={created.warnings}
        warningTitle="▲ No key can send yet"
      >
        <div className="campaign-review">
          <MessagePreviewCard campaign={c} first={created.preview[0]} />
          <RowsLeftOut title="Rows that will get nothing" issues={created.issues} imported={c.imported} />
        </div>
      </ReviewDialog>
    );
  }

  return (
    <ImportFormDialog
      open={open}
      onOpenChange={close}
      description="Messages go out in each recipient’s own time window, through the key this workspace resolves to."
      submitLabel="Import and review"
      busy={form.busy}
      ready={ready}
      onSubmit={() => void submit()}
      error={form.error}
      onDismiss={() => form.setError(null)}
      picker={picker}
    >
      <Field label="Name" value={name} onChange={form.setName} optional placeholder="Spring reminders" maxLength={120} />
      <ContactsField id="campaign-contacts" onFile={form.setFile}>
        Columns: {channel === 'sms' ? 'phone (or mobile, phone_number)' : 'email'}, first_name, last_name, timezone, country, and any others
        your template uses.
      </ContactsField>
      <div className="field">
        <label className="field-label" htmlFor="campaign-template">
          Template
        </label>
        <textarea
          id="campaign-template"
          className={`textarea mono${check.problem ? ' is-invalid' : ''}`}
          rows={6}
          value={template}
          spellCheck={false}
          onChange={(e) => setTemplate(e.target.value)}
          placeholder={channel === 'email' ? EMAIL_PLACEHOLDER : 'Hi {{first_name|there}}, your table is ready.'}
        />
        {check.problem ? (
          <p className="field-feedback is-bad" role="alert">
            <span aria-hidden>✕</span> {check.problem}
          </p>
        ) : check.note ? (
          <p className="field-help">{check.note}</p>
        ) : (
          <p className="field-help">{'{{first_name}}-style variables; {{first_name|there}} gives a fallback.'}</p>
        )}
      </div>
      <div className="campaign-form-row">
        <Field label="Window (recipient’s local time)" value={sendWindow} onChange={setSendWindow} problem={windowProblem} />
        <Field
          label="Rate (requests per second)"
          value={rate}
          onChange={setRate}
          optional
          inputMode="decimal"
          problem={rateProblem}
          help="Blank: the sender’s own limit (long code 1/s, toll-free 3/s, Resend 2/s)."
        />
        <CountryField value={country} onChange={setCountry} />
      </div>
    </ImportFormDialog>
  );
}
