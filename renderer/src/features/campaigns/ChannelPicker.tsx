/** The New Campaign dialog's channel choice: SMS, e-mail or voice calls. */
import type { ReactElement } from 'react';
import type { CampaignChannel } from '../../../../shared/campaigns';
import { Segmented } from '../../components/Segmented';

/** A channel of the New Campaign dialog. */
export type NewChannel = CampaignChannel | 'voice';

const OPTIONS = [
  { value: 'sms', label: 'SMS' },
  { value: 'email', label: 'E-mail' },
  { value: 'voice', label: 'Voice' },
] as const;

/** The segmented choice. */
export function ChannelPicker({ value, onChange }: { value: NewChannel; onChange: (c: NewChannel) => void }): ReactElement {
  return <Segmented label="Channel" options={OPTIONS} value={value} onChange={onChange} />;
}
