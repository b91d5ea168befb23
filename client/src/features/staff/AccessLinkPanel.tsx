import { useEffect, useRef, useState } from 'react';
import type { StaffAccessLink } from '@shared/staff/schemas';
import { useStaffT } from '../../i18n/staff';
import { formatJapanClock, formatJapanDay } from '../../lib/staffFormat';
import { qrDataUrl } from '../venues/cards/qr';

/**
 * A staff member's one-time set-password link, shown once: the link, its QR code for the person's own phone,
 * until when it works, and a button that prints only this panel (to hand over on paper).
 */
export function AccessLinkPanel({ link, onClose }: { link: StaffAccessLink; onClose: () => void }) {
  const { t, i18n } = useStaffT();
  const [qr, setQr] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    let live = true;
    void qrDataUrl(link.url).then((url) => live && setQr(url));
    heading.current?.focus();
    return () => {
      live = false;
    };
  }, [link.url]);
  const name = link.member.displayName;
  const until = `${formatJapanDay(link.expiresAt, i18n.language)} ${formatJapanClock(link.expiresAt, i18n.language)}`;

  const print = () => {
    document.body.classList.add('printing-access-link');
    window.addEventListener('afterprint', () => document.body.classList.remove('printing-access-link'), { once: true });
    window.print();
  };

  return (
    <section className="access-link" aria-labelledby="access-link-title" data-testid="access-link">
      <h2 id="access-link-title" className="access-link__title" tabIndex={-1} ref={heading}>
        {t('link.title', { name })}
      </h2>
      <p>{t('link.lead')}</p>
      {qr && (
        <img className="access-link__qr" src={qr} alt={t('link.qrAlt', { name })} width={240} height={240} data-testid="access-link-qr" />
      )}
      <p className="access-link__url" data-testid="access-link-url">
        <a href={link.url}>{link.url}</a>
      </p>
      <p className="access-link__expires">{t('link.expires', { until })}</p>
      <div className="button-row access-link__actions">
        <button type="button" className="btn btn--primary" onClick={print} data-testid="access-link-print">
          {t('link.print')}
        </button>
        <button type="button" className="btn" onClick={onClose} data-testid="access-link-close">
          {t('link.close')}
        </button>
      </div>
    </section>
  );
}
