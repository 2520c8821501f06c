import { label } from '../../ui/format';
import type { AgreementStatus } from './api';

export const ENDED: readonly AgreementStatus[] = ['expired', 'terminated', 'superseded'];

/** Statuses as an alliance manager says them. */
const STATUS_LABELS: Record<string, string> = {
  in_negotiation: 'In negotiation',
  in_review: 'In review',
};
export const statusLabel = (status: string) => STATUS_LABELS[status] ?? label(status);

const TYPE_LABELS: Record<string, string> = {
  joint_research: 'Joint research',
  comprehensive_alliance: 'Comprehensive alliance',
  consortium_membership: 'Consortium membership',
};
export const typeLabel = (type: string) => TYPE_LABELS[type] ?? label(type);

/** Days from `from` to `to` (both `YYYY-MM-DD`), in calendar days. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const b = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}
