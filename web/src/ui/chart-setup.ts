import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

/** Only the parts of Chart.js the pages draw with: bar and doughnut charts. */
Chart.register(BarController, BarElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Tooltip);

const { defaults } = Chart;
defaults.font.family = getComputedStyle(document.body).fontFamily;
defaults.color = '#475569';
defaults.borderColor = '#e2e8f0';
defaults.maintainAspectRatio = false;
defaults.plugins.legend.labels.boxWidth = 12;
if (matchMedia('(prefers-reduced-motion: reduce)').matches) defaults.animation = false;

export { Chart };
