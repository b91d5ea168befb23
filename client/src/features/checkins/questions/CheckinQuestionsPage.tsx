import { useTranslation } from 'react-i18next';
import type { CheckinQuestion } from '@shared/checkins/questions';
import { useResource } from '../../../lib/useResource';
import { Link } from '../../../ui/Link';
import { StaffLayout } from '../../../ui/staff/StaffLayout';
import { Loaded } from '../../../ui/staff/pageParts';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../../lib/api';
import { QuestionsEditor } from './QuestionsEditor';

/** `/admin/checkin-questions`: the organiser sees and changes the organisation's check-in questions and answers. */
export default function CheckinQuestionsPage() {
  const main = useTranslation().t;
  const [questions, reload] = useResource<CheckinQuestion[]>('checkin-questions', (signal) => apiCall(checkinRoutes.questions, { signal }));
  return (
    <StaffLayout size="desktop" current="admin" testId="checkin-questions-page">
      <nav className="breadcrumbs" aria-label={main('staff.nav.label')}>
        <Link href="/admin">{main('admin.backToDashboard')}</Link>
      </nav>
      <h1 className="staff-title">{main('admin.checkinQuestionsTitle')}</h1>
      <Loaded resource={questions} reload={reload}>
        {(data) => <QuestionsEditor saved={data} />}
      </Loaded>
    </StaffLayout>
  );
}
