import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/errorText';

/**
 * Deleting one item of a list once the person has confirmed it: the item asked about (show the dialog while it
 * is set), the dialog's own props, and whether the last deletion went through (to say so above the list).
 */
export function useConfirmedDelete<T extends { id: string }>(remove: (id: string) => Promise<unknown>, onDeleted: (id: string) => void) {
  const main = useTranslation().t;
  const [deleting, setDeleting] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removed, setRemoved] = useState(false);
  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy(true);
    setError(null);
    try {
      await remove(deleting.id);
      setDeleting(null);
      setRemoved(true);
      onDeleted(deleting.id);
    } catch (failure) {
      setError(errorText(main, failure));
    } finally {
      setBusy(false);
    }
  };
  return {
    deleting,
    removed,
    ask: (item: T) => {
      setRemoved(false);
      setDeleting(item);
    },
    dialogProps: {
      cancelLabel: main('staff.cancel'),
      onConfirm: () => void confirmDelete(),
      onCancel: () => {
        setDeleting(null);
        setError(null);
      },
      busy,
      error,
    },
  };
}
