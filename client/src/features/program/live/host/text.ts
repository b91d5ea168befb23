import { useTranslation } from 'react-i18next';
import { LIVE_NS } from '../../../../i18n/program/live';

/** `t` for the host's controls: the `host` part of the `live` namespace (`t('program.next')`). */
export function useHostT() {
  return useTranslation(LIVE_NS, { keyPrefix: 'host' });
}
