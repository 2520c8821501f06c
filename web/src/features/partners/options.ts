import type { Option } from '../../ui/field';
import { label } from '../../ui/format';

/** The partner enums of partner-service, as form options. */
export const PARTNER_TYPES = [
  'university',
  'research_institute',
  'startup',
  'venture_capital',
  'corporate',
  'government',
  'consortium',
  'nonprofit',
] as const;
export const PARTNER_STATUSES = ['prospect', 'active', 'dormant', 'archived'] as const;
export const PARTNER_TIERS = ['strategic', 'key', 'standard'] as const;
export const CONTACT_ROLES = [
  'executive_sponsor',
  'alliance_manager',
  'principal_investigator',
  'legal',
  'ip_counsel',
  'finance',
  'other',
] as const;

export const options = (values: readonly string[]): Option[] => values.map((value) => ({ value, label: label(value) }));

/** Free tags, as the service stores them: lower-case and hyphenated. */
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
