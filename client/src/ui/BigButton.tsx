import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { Icon, type IconName } from './Icon';

export type BigButtonVariant = 'primary' | 'danger' | 'neutral' | 'off' | 'light';

interface BigButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  label: ReactNode;
  /** A second line, e.g. the on/off state. */
  detail?: ReactNode;
  icon?: IconName;
  variant?: BigButtonVariant;
  size?: 'normal' | 'huge';
  ref?: Ref<HTMLButtonElement>;
  [dataAttribute: `data-${string}`]: string | undefined;
}

/** A large touch target (at least 64px, usually much more) with an icon and words. */
export function BigButton({ label, detail, icon, variant = 'neutral', size = 'normal', className, ref, ...rest }: BigButtonProps) {
  const classes = ['big-button', `big-button--${variant}`, `big-button--${size}`, className].filter(Boolean).join(' ');
  return (
    <button ref={ref} type="button" className={classes} {...rest}>
      {icon && <Icon name={icon} className="big-button__icon" />}
      <span className="big-button__text">
        <span className="big-button__label">{label}</span>
        {detail !== undefined && <span className="big-button__detail">{detail}</span>}
      </span>
    </button>
  );
}
