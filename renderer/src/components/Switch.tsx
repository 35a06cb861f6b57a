/** A labelled on/off switch on Radix (role=switch, Space toggles). */
import * as RS from '@radix-ui/react-switch';
import { useId, type ReactElement, type ReactNode } from 'react';

/** Props of a switch row. */
export interface SwitchProps {
  readonly checked: boolean;
  readonly onCheckedChange: (checked: boolean) => void;
  readonly label: ReactNode;
  readonly description?: ReactNode;
  readonly disabled?: boolean;
}

/** A switch with its label to the left and an optional description beneath, read out as its description. */
export function Switch({ checked, onCheckedChange, label, description, disabled }: SwitchProps): ReactElement {
  const id = useId();
  const descriptionId = `${id}-description`;
  return (
    <div className="switch-row">
      <div className="switch-text">
        <label htmlFor={id} className="switch-label">
          {label}
        </label>
        {description ? (
          <p id={descriptionId} className="switch-description">
            {description}
          </p>
        ) : null}
      </div>
      <RS.Root
        id={id}
        className="switch"
        checked={checked}
        onCheckedChange={onCheckedChange}
        disabled={disabled}
        aria-describedby={description ? descriptionId : undefined}
      >
        <RS.Thumb className="switch-thumb" />
      </RS.Root>
    </div>
  );
}
