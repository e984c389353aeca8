// An on/off setting: a real button with role="switch", labelled by its visible text.
import type { ReactNode } from 'react';
import { SettingRow } from './SettingRow.tsx';

export interface SwitchProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  description?: ReactNode;
  disabled?: boolean | undefined;
}

export function Switch({ label, checked, onChange, description, disabled }: SwitchProps) {
  return (
    <SettingRow label={label} description={description}>
      {({ id, labelId, describedBy }) => (
        <button
          id={id}
          type="button"
          role="switch"
          className="switch"
          aria-checked={checked}
          aria-labelledby={labelId}
          aria-describedby={describedBy}
          disabled={disabled}
          onClick={() => onChange(!checked)}
        >
          <span className="switch-thumb" />
        </button>
      )}
    </SettingRow>
  );
}
