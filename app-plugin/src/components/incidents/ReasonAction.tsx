import { Button, type ButtonVariant, type IconName, Input, Stack } from '@grafana/ui';
import { useState } from 'react';

interface Props {
  label: string;
  /** What the reason input asks for, e.g. "Why is this step skipped?". */
  prompt: string;
  icon?: IconName;
  variant?: ButtonVariant;
  disabled?: boolean;
  /** Resolves false when the action was not recorded: the form stays open with the reason. */
  onConfirm: (reason: string) => Promise<boolean>;
}

/** An action that needs a reason on record (skip, waive, refuse, reopen): the button opens a one-line form. */
export function ReasonAction({ label, prompt, icon, variant = 'secondary', disabled, onConfirm }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <Button size="sm" variant={variant} icon={icon} disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  }
  const confirm = async () => {
    if (await onConfirm(reason.trim())) {
      setOpen(false);
      setReason('');
    }
  };
  return (
    <Stack gap={1} alignItems="center">
      <Input
        width={36}
        autoFocus
        aria-label={prompt}
        placeholder={prompt}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && reason.trim() !== '') {
            void confirm();
          } else if (event.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      <Button size="sm" variant={variant} disabled={reason.trim() === '' || disabled} onClick={() => void confirm()}>
        {label}
      </Button>
      <Button size="sm" variant="secondary" fill="text" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </Stack>
  );
}
