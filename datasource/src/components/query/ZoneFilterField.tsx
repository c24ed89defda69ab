import { Field, Input } from '@grafana/ui';
import type { FocusEvent } from 'react';

import { selectors } from '../selectors';

interface Props {
  value: string | undefined;
  /** Called with the new zone, or undefined for every zone, when the field loses focus with a changed value. */
  onCommit(zone: string | undefined): void;
}

/** A zone id or a zone variable (`$zone`, multi-value and All included); empty for the whole plant. */
export function ZoneFilterField({ value, onCommit }: Props) {
  return (
    <Field label="Zone" description="A zone id or a zone variable such as $zone; empty for the whole plant.">
      <Input
        data-testid={selectors.query.zone}
        width={30}
        placeholder="all zones"
        defaultValue={value ?? ''}
        onBlur={(event: FocusEvent<HTMLInputElement>) => {
          const zone = event.currentTarget.value.trim();
          if (zone !== (value ?? '')) {
            onCommit(zone === '' ? undefined : zone);
          }
        }}
      />
    </Field>
  );
}
