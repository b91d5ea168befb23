import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import type { MonthlyVenueStats } from '@shared/reports/schemas';
import { MODE_COLOURS, MODES } from '../attendance/modes';

// Only the pieces a stacked bar chart needs (react-chartjs-2's <Bar> registers BarController itself).
ChartJS.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface TrendChartProps {
  /** Twelve months, oldest first, each with this venue's numbers (zeros when it had none). */
  months: { month: string; label: string | string[]; stats: MonthlyVenueStats | null }[];
  /** A sentence for screen readers; the table under the chart has every number. */
  summary: string;
}

/** Attendances (延べ人数) per month, stacked by way of attending. */
export default function TrendChart({ months, summary }: TrendChartProps) {
  const { t } = useTranslation();
  const data = {
    labels: months.map((m) => m.label),
    datasets: MODES.map((mode) => ({
      label: t(`admin.modes.${mode}`),
      data: months.map((m) => m.stats?.attendances[mode] ?? 0),
      backgroundColor: MODE_COLOURS[mode].fill,
      borderColor: '#ffffff',
      borderWidth: { top: 2, right: 0, bottom: 0, left: 0 },
      maxBarThickness: 56,
    })),
  };
  const font = { size: 18, family: getComputedStyle(document.body).fontFamily };
  const options: ChartOptions<'bar'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { position: 'top', align: 'start', labels: { font, color: '#111111', boxWidth: 28, boxHeight: 20, padding: 20 } },
      tooltip: { titleFont: font, bodyFont: font, padding: 12 },
    },
    scales: {
      x: { stacked: true, ticks: { font, color: '#111111', maxRotation: 0, autoSkip: false }, grid: { display: false } },
      y: {
        stacked: true,
        beginAtZero: true,
        ticks: { font, color: '#111111', precision: 0 },
        grid: { color: '#d0d0d0' },
        title: { display: true, text: t('admin.chart.yAxis'), font, color: '#111111' },
      },
    },
  };
  return (
    <div className="trend-chart">
      <Bar data={data} options={options} role="img" aria-label={summary} data-testid="trend-chart" />
    </div>
  );
}
