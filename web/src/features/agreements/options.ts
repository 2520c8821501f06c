import type { Option } from '../../ui/field';
import { label } from '../../ui/format';
import type { AgreementStatus } from './api';

/** The agreement enums of agreement-service, as form options. */
export const AGREEMENT_TYPES = [
  'nda',
  'mou',
  'joint_research',
  'comprehensive_alliance',
  'co_development',
  'license',
  'consortium_membership',
  'investment',
  'scholarship_internship',
  'testbed',
] as const;
export const AGREEMENT_STATUSES = [
  'draft',
  'in_negotiation',
  'in_review',
  'approved',
  'signed',
  'active',
  'expired',
  'terminated',
  'superseded',
] as const;
export const FUNDING_DIRECTIONS = ['inbound', 'outbound', 'in_kind'] as const;
export const FOREGROUND_OWNERSHIP = ['company', 'partner', 'joint'] as const;
export const OBLIGATION_KINDS = ['report', 'milestone_evidence', 'payment', 'publication_review', 'other'] as const;
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

export const options = (values: readonly string[], say: (value: string) => string = label): Option[] =>
  values.map((value) => ({ value, label: say(value) }));

/** Free tags, as the services store them: lower-case and hyphenated. */
export function parseAreas(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\n]/)
        .map((area) => area.trim().toLowerCase().replace(/\s+/g, '-'))
        .filter(Boolean),
    ),
  ];
}

/** Days from `from` to `to` (both `YYYY-MM-DD`), in calendar days. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10)));
  const b = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10)));
  return Math.round((b - a) / 86_400_000);
}
