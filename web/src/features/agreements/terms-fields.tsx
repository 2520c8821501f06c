import { useId } from 'react';
import { useResource } from '../../api/resource';
import { explain, type Problem } from '../../api/problems';
import { Checkbox, DateField, options, Select, TextField } from '../../ui/field';
import { label, parseAreas } from '../../ui/format';
import type { Submission } from '../../ui/use-submit';
import {
  AGREEMENTS_KEY,
  listAgreements,
  type Agreement,
  type AgreementType,
  type DraftBody,
  type ForegroundOwnership,
  type FundingDirection,
  type ReviseBody,
} from './api';
import { AGREEMENT_TYPES, FOREGROUND_OWNERSHIP, FUNDING_DIRECTIONS } from '../../api/enums';
import { ENDED, typeLabel } from './options';
import { PartyPicker } from './party-picker';
import { usePartners } from './partner-names';

/** How the forms name each field the service may refuse (400 paths, 422 `field`). */
export const AGREEMENT_FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  type: 'Type',
  purpose: 'Purpose',
  partyIds: 'Parties',
  ownerId: 'Owner',
  parentAgreementId: 'Parent agreement',
  technologyAreas: 'Technology areas',
  effectiveDate: 'Effective date',
  expiryDate: 'Expiry date',
  autoRenew: 'Renews automatically',
  noticePeriodDays: 'Notice period (days)',
  funding: 'Funding',
  ipTerms: 'IP terms',
  draftedOn: 'Drafted on',
  execution: 'Signatures',
  approvedOn: 'Approved on',
  signedOn: 'Signed on',
};

/** 422 codes that concern one field although the service names none: shown next to that field. */
const CODE_FIELDS: Record<string, string> = {
  expiry_before_effective: 'expiryDate',
  party_unknown: 'partyIds',
  party_archived: 'partyIds',
  parent_unknown: 'parentAgreementId',
  parent_ended: 'parentAgreementId',
  parent_self: 'parentAgreementId',
  signatures_missing: 'execution',
};

/** The field errors of a refused submission, with the field-less 422s above put where they belong. */
export function termsErrors(submission: Pick<Submission, 'errors' | 'problem'>): Record<string, string> {
  const problem: Problem | null = submission.problem;
  const field = problem?.code ? CODE_FIELDS[problem.code] : undefined;
  if (!problem || !field || submission.errors[field]) return submission.errors;
  return { ...submission.errors, [field]: explain(problem) };
}

export interface FundingLine {
  direction: FundingDirection;
  amount: string;
  currency: string;
  schedule: string;
}

/** The terms as a form holds them: what the user sees and types. */
export interface TermsValues {
  title: string;
  type: string;
  purpose: string;
  partyIds: string[];
  ownerId: string;
  parentAgreementId: string;
  technologyAreas: string;
  effectiveDate: string;
  expiryDate: string;
  autoRenew: boolean;
  noticePeriodDays: string;
  funding: FundingLine[];
  foregroundOwnership: string;
  publicationReviewDays: string;
  backgroundIpListed: boolean;
}

export function emptyTerms(ownerId: string): TermsValues {
  return {
    title: '',
    type: '',
    purpose: '',
    partyIds: [],
    ownerId,
    parentAgreementId: '',
    technologyAreas: '',
    effectiveDate: '',
    expiryDate: '',
    autoRenew: false,
    noticePeriodDays: '90',
    funding: [],
    foregroundOwnership: '',
    publicationReviewDays: '60',
    backgroundIpListed: false,
  };
}

export function termsOf(agreement: Agreement): TermsValues {
  return {
    title: agreement.title,
    type: agreement.type,
    purpose: agreement.purpose ?? '',
    partyIds: agreement.partyIds,
    ownerId: agreement.ownerId,
    parentAgreementId: agreement.parentAgreementId ?? '',
    technologyAreas: agreement.technologyAreas.join(', '),
    effectiveDate: agreement.effectiveDate,
    expiryDate: agreement.expiryDate ?? '',
    autoRenew: agreement.autoRenew,
    noticePeriodDays: String(agreement.noticePeriodDays),
    funding: agreement.funding.map((line) => ({
      direction: line.direction,
      amount: String(line.amount),
      currency: line.currency,
      schedule: line.schedule ?? '',
    })),
    foregroundOwnership: agreement.ipTerms?.foregroundOwnership ?? '',
    publicationReviewDays: String(agreement.ipTerms?.publicationReviewDays ?? 60),
    backgroundIpListed: agreement.ipTerms?.backgroundIpListed ?? false,
  };
}

/** The form's own checks, before anything is sent: the same words the service's refusals get. */
export function checkTerms(values: TermsValues): Record<string, string> {
  const found: Record<string, string> = {};
  if (!values.title.trim()) found.title = 'Enter a title.';
  if (!values.type) found.type = 'Choose the kind of agreement.';
  if (values.partyIds.length === 0) found.partyIds = 'Choose at least one partner.';
  if (!values.ownerId.trim()) found.ownerId = 'Enter the owner.';
  if (!values.effectiveDate) found.effectiveDate = 'Enter the effective date.';
  if (values.expiryDate && values.effectiveDate && values.expiryDate <= values.effectiveDate)
    found.expiryDate = 'The expiry date must be after the effective date.';
  if (!/^\d+$/.test(values.noticePeriodDays.trim())) found.noticePeriodDays = 'Enter a whole number of days.';
  const badLine = values.funding.findIndex(
    (line) => !(Number(line.amount) > 0) || !/^[A-Za-z]{3}$/.test(line.currency.trim()),
  );
  if (badLine >= 0)
    found.funding = `Funding line ${badLine + 1}: enter an amount above zero and a three-letter currency such as JPY.`;
  if (values.foregroundOwnership && !/^\d+$/.test(values.publicationReviewDays.trim()))
    found.ipTerms = 'Enter the publication review period as a whole number of days.';
  return found;
}

function fundingOf(values: TermsValues) {
  return values.funding.map((line) => ({
    direction: line.direction,
    amount: Number(line.amount),
    currency: line.currency.trim().toUpperCase(),
    schedule: line.schedule.trim() || null,
  }));
}

function ipTermsOf(values: TermsValues) {
  return values.foregroundOwnership
    ? {
        foregroundOwnership: values.foregroundOwnership as ForegroundOwnership,
        publicationReviewDays: Number(values.publicationReviewDays),
        backgroundIpListed: values.backgroundIpListed,
      }
    : undefined;
}

export function draftBodyOf(values: TermsValues): DraftBody {
  const ipTerms = ipTermsOf(values);
  return {
    type: values.type as AgreementType,
    title: values.title.trim(),
    ...(values.purpose.trim() && { purpose: values.purpose.trim() }),
    partyIds: values.partyIds,
    ownerId: values.ownerId.trim(),
    ...(values.parentAgreementId && { parentAgreementId: values.parentAgreementId }),
    technologyAreas: parseAreas(values.technologyAreas),
    effectiveDate: values.effectiveDate,
    expiryDate: values.expiryDate || null,
    autoRenew: values.autoRenew,
    noticePeriodDays: Number(values.noticePeriodDays),
    funding: fundingOf(values),
    ...(ipTerms && { ipTerms }),
  };
}

/** Only what the user changed against `base`: a re-applied edit then changes nothing else. */
export function reviseBodyOf(base: TermsValues, mine: TermsValues): ReviseBody {
  const body: ReviseBody = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (mine.title.trim() !== base.title) body.title = mine.title.trim();
  if (mine.purpose.trim() !== base.purpose) body.purpose = mine.purpose.trim() || null;
  if (!same(mine.partyIds, base.partyIds)) body.partyIds = mine.partyIds;
  if (mine.ownerId.trim() !== base.ownerId) body.ownerId = mine.ownerId.trim();
  if (mine.parentAgreementId !== base.parentAgreementId) body.parentAgreementId = mine.parentAgreementId || null;
  if (parseAreas(mine.technologyAreas).join(', ') !== base.technologyAreas)
    body.technologyAreas = parseAreas(mine.technologyAreas);
  if (mine.effectiveDate !== base.effectiveDate) body.effectiveDate = mine.effectiveDate;
  if (mine.expiryDate !== base.expiryDate) body.expiryDate = mine.expiryDate || null;
  if (mine.autoRenew !== base.autoRenew) body.autoRenew = mine.autoRenew;
  if (mine.noticePeriodDays.trim() !== base.noticePeriodDays) body.noticePeriodDays = Number(mine.noticePeriodDays);
  if (!same(fundingOf(mine), fundingOf(base))) body.funding = fundingOf(mine);
  const ip = ipTermsOf(mine);
  if (ip && !same(ip, ipTermsOf(base))) body.ipTerms = ip;
  return body;
}

/** The terms the 412 notice compares: what the form shows, as text. */
export const TERMS_CONFLICT_FIELDS = [
  { key: 'title', label: 'Title' },
  { key: 'purpose', label: 'Purpose' },
  { key: 'partyIds', label: 'Parties', format: (value: unknown) => `${(value as string[]).length} parties` },
  { key: 'ownerId', label: 'Owner' },
  { key: 'parentAgreementId', label: 'Parent agreement' },
  { key: 'technologyAreas', label: 'Technology areas' },
  { key: 'effectiveDate', label: 'Effective date' },
  { key: 'expiryDate', label: 'Expiry date' },
  { key: 'autoRenew', label: 'Renews automatically', format: (value: unknown) => (value ? 'Yes' : 'No') },
  { key: 'noticePeriodDays', label: 'Notice period (days)' },
  {
    key: 'funding',
    label: 'Funding',
    format: (value: unknown) =>
      (value as FundingLine[]).map((line) => `${label(line.direction)} ${line.amount} ${line.currency}`).join('; ') ||
      'none',
  },
  { key: 'foregroundOwnership', label: 'Foreground IP ownership', format: (value: unknown) => label(String(value)) },
  { key: 'publicationReviewDays', label: 'Publication review (days)' },
];

export type TermsIds = Record<'title' | 'type' | 'partyIds' | 'effectiveDate' | 'expiryDate' | 'funding', string>;

export function useTermsIds(): TermsIds {
  return {
    title: useId(),
    type: useId(),
    partyIds: useId(),
    effectiveDate: useId(),
    expiryDate: useId(),
    funding: useId(),
  };
}

/**
 * The terms of an agreement: who, what, when, money and IP. Used to draft, to log a signed agreement
 * and to revise a draft (where the type is fixed).
 */
export function TermsFields({
  values,
  onChange,
  errors,
  ids,
  typeFixed = false,
  selfId,
}: {
  values: TermsValues;
  onChange: (values: TermsValues) => void;
  errors: Record<string, string>;
  ids: TermsIds;
  typeFixed?: boolean;
  /** The agreement being revised: not offered as its own parent. */
  selfId?: string;
}) {
  const partners = usePartners(values.partyIds);
  const parents = useResource(`${AGREEMENTS_KEY}list?parents`, (signal) =>
    listAgreements({ pageSize: 100, sort: 'title' }, signal),
  );
  const parentOptions = (parents.data?.items ?? [])
    .filter((item) => !ENDED.includes(item.status) && item.id !== selfId)
    .map((item) => ({ value: item.id, label: `${item.title} (${typeLabel(item.type)})` }));
  const set = <K extends keyof TermsValues>(key: K, value: TermsValues[K]) => onChange({ ...values, [key]: value });
  const setLine = (index: number, change: Partial<FundingLine>) =>
    set(
      'funding',
      values.funding.map((line, i) => (i === index ? { ...line, ...change } : line)),
    );
  const defaultCurrency = values.funding.at(-1)?.currency ?? 'JPY';

  return (
    <>
      <TextField
        label="Title"
        id={ids.title}
        required
        maxLength={300}
        value={values.title}
        onChange={(event) => set('title', event.target.value)}
        error={errors.title}
      />
      {!typeFixed && (
        <Select
          label="Type"
          id={ids.type}
          required
          value={values.type}
          placeholder="Choose…"
          options={options(AGREEMENT_TYPES, typeLabel)}
          onChange={(event) => set('type', event.target.value)}
          error={errors.type}
        />
      )}
      <PartyPicker
        id={ids.partyIds}
        value={values.partyIds}
        partners={partners}
        onChange={(partyIds) => set('partyIds', partyIds)}
        error={errors.partyIds}
      />
      <div className="field">
        <label htmlFor={`${ids.title}-purpose`}>
          Purpose<span className="optional"> (optional)</span>
        </label>
        <textarea
          id={`${ids.title}-purpose`}
          rows={3}
          maxLength={2000}
          value={values.purpose}
          onChange={(event) => set('purpose', event.target.value)}
        />
      </div>
      <div className="form-row">
        <DateField
          label="Effective date"
          id={ids.effectiveDate}
          required
          notFuture={false}
          value={values.effectiveDate}
          onChange={(event) => set('effectiveDate', event.target.value)}
          error={errors.effectiveDate}
          hint="The day it comes into force."
        />
        <DateField
          label="Expiry date"
          id={ids.expiryDate}
          optional
          notFuture={false}
          min={values.effectiveDate || undefined}
          value={values.expiryDate}
          onChange={(event) => set('expiryDate', event.target.value)}
          error={errors.expiryDate}
          hint="Leave empty for an open-ended agreement."
        />
        <TextField
          label="Notice period (days)"
          inputMode="numeric"
          size={6}
          value={values.noticePeriodDays}
          onChange={(event) => set('noticePeriodDays', event.target.value)}
          error={errors.noticePeriodDays}
        />
      </div>
      <Checkbox
        label="Renews automatically"
        checked={values.autoRenew}
        onChange={(event) => set('autoRenew', event.target.checked)}
        hint="At expiry, it runs for one more term of the same length unless someone gives notice."
      />
      <TextField
        label="Owner"
        required
        maxLength={100}
        value={values.ownerId}
        onChange={(event) => set('ownerId', event.target.value)}
        error={errors.ownerId}
        hint="The alliance manager responsible for it (their user name)."
      />
      <Select
        label="Parent agreement"
        optional
        value={values.parentAgreementId}
        placeholder="None"
        options={parentOptions}
        onChange={(event) => set('parentAgreementId', event.target.value)}
        error={errors.parentAgreementId}
        hint="A master alliance this agreement falls under."
      />
      <TextField
        label="Technology areas"
        optional
        value={values.technologyAreas}
        onChange={(event) => set('technologyAreas', event.target.value)}
        error={errors.technologyAreas}
        hint="Separate with commas: AI, secure computation"
      />

      <fieldset className="fieldset" id={ids.funding} tabIndex={-1}>
        <legend>Funding</legend>
        {errors.funding && <p className="field-error">{errors.funding}</p>}
        {values.funding.length === 0 && <p className="field-hint">No funding lines. Add one for each flow of money.</p>}
        {values.funding.map((line, index) => (
          <fieldset key={index} className="funding-line">
            <legend>Funding line {index + 1}</legend>
            <Select
              label="Direction"
              value={line.direction}
              options={options(FUNDING_DIRECTIONS)}
              onChange={(event) => setLine(index, { direction: event.target.value as FundingDirection })}
              hint="Inbound: to us. Outbound: from us."
            />
            <TextField
              label="Amount"
              inputMode="decimal"
              value={line.amount}
              onChange={(event) => setLine(index, { amount: event.target.value })}
            />
            <TextField
              label="Currency"
              maxLength={3}
              size={4}
              value={line.currency}
              onChange={(event) => setLine(index, { currency: event.target.value.toUpperCase() })}
            />
            <TextField
              label="Schedule"
              optional
              maxLength={200}
              value={line.schedule}
              onChange={(event) => setLine(index, { schedule: event.target.value })}
              placeholder="annually over 5 years"
            />
            <button
              type="button"
              className="link-button danger"
              onClick={() =>
                set(
                  'funding',
                  values.funding.filter((_, i) => i !== index),
                )
              }
            >
              Remove funding line {index + 1}
            </button>
          </fieldset>
        ))}
        <p>
          <button
            type="button"
            className="button"
            onClick={() =>
              set('funding', [
                ...values.funding,
                { direction: 'outbound', amount: '', currency: defaultCurrency, schedule: '' },
              ])
            }
          >
            Add a funding line
          </button>
        </p>
      </fieldset>

      <fieldset className="fieldset">
        <legend>IP terms</legend>
        {errors.ipTerms && <p className="field-error">{errors.ipTerms}</p>}
        <Select
          label="Foreground IP ownership"
          value={values.foregroundOwnership}
          placeholder="Not agreed yet"
          options={options(FOREGROUND_OWNERSHIP)}
          onChange={(event) => set('foregroundOwnership', event.target.value)}
          hint="Who owns what the collaboration creates."
        />
        {values.foregroundOwnership && (
          <>
            <TextField
              label="Publication review (days)"
              inputMode="numeric"
              size={6}
              value={values.publicationReviewDays}
              onChange={(event) => set('publicationReviewDays', event.target.value)}
            />
            <Checkbox
              label="Background IP is listed in the agreement"
              checked={values.backgroundIpListed}
              onChange={(event) => set('backgroundIpListed', event.target.checked)}
            />
          </>
        )}
      </fieldset>
    </>
  );
}
