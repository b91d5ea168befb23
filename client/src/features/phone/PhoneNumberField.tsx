import type { ComponentProps } from 'react';
import { PHONE_NUMBER_INPUT_MAX } from '@shared/phone/numbers';
import { TextField } from '../../ui/form';

/** A telephone number input: the phone keypad on touch screens, no autofill of the staff member's own number. */
export function PhoneNumberField(props: Omit<ComponentProps<typeof TextField>, 'inputMode' | 'autoComplete' | 'maxLength'>) {
  return <TextField {...props} inputMode="tel" autoComplete="off" maxLength={PHONE_NUMBER_INPUT_MAX} />;
}
