// One labelled setting: text on the left, its control on the right. The label names the control and
// the description is attached with aria-describedby, so a screen reader reads both, separately.
import { useId, type ReactNode } from 'react';

export interface ControlIds {
  id: string;
  labelId: string;
  describedBy: string | undefined;
}

export function SettingRow({
  label,
  description,
  children,
}: {
  label: string;
  description?: ReactNode;
  children: (ids: ControlIds) => ReactNode;
}) {
  const id = useId();
  const labelId = `${id}-label`;
  const descriptionId = `${id}-description`;
  return (
    <div className="setting-row">
      <div className="setting-text">
        <label id={labelId} htmlFor={id} className="setting-label">
          {label}
        </label>
        {description && (
          <span id={descriptionId} className="setting-description">
            {description}
          </span>
        )}
      </div>
      {children({ id, labelId, describedBy: description ? descriptionId : undefined })}
    </div>
  );
}
