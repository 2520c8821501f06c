/**
 * What went wrong, in words. The services answer errors as RFC 7807 problem details with a stable
 * `code` (libs/platform/src/http/problem-details.ts): a 400 names each bad field, a 422 says which
 * business rule refused the request. Every code's meaning is written here, once, for every page; a
 * page shows these sentences, never a code, a status line or a stack.
 */

export interface InvalidParam {
  /** A dotted path such as `contacts.0.email`. */
  field: string;
  message: string;
}

export interface Problem {
  /** 0 when the server could not be reached at all. */
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: InvalidParam[];
  /** Extension members: `field`, `date`, `today`, `notBefore`, `existingPartnerId`... */
  [member: string]: unknown;
}

/** A failed call, thrown by the API helpers so that pages can `catch` one kind of thing. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(explain(problem));
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The problem in a response body, or one made from the status when the body is not a problem. */
export function toProblem(status: number, body: unknown): Problem {
  const problem: Problem =
    body && typeof body === 'object' && !Array.isArray(body)
      ? { ...(body as Record<string, unknown>), status }
      : { status };
  if (!Array.isArray(problem.errors)) delete problem.errors;
  return problem;
}

export const NETWORK_PROBLEM: Problem = {
  status: 0,
  code: 'network_error',
  title: 'No connection',
};

type Details = Problem;
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** `2027-06-01` → `1 Jun 2027`, in the reader's locale; anything else as it is. */
export function day(value: unknown): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text(value));
  if (!match) return text(value);
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
}

/** "The archive date (1 Jun 2027)": how a date rule names the date it refused. */
function theDate(p: Details): string {
  const name = humanField(text(p.field)) || 'date';
  return p.date ? `The ${name} (${day(p.date)})` : `The ${name}`;
}

/**
 * Every `code` the services send, in plain language. The business-date codes (`date_in_future`,
 * `before_*`) carry the refused date and the one it must not precede, so they say both.
 */
export const CODE_MESSAGES: Record<string, (problem: Details) => string> = {
  // Business dates: checkBusinessDate in libs/event-store.
  date_in_future: (p) =>
    `${theDate(p)} is in the future. Use today${p.today ? ` (${day(p.today)})` : ''} or an earlier day.`,
  before_drafted: (p) => `${theDate(p)} is before the agreement was drafted (${day(p.notBefore)}).`,
  before_approved: (p) => `${theDate(p)} is before the agreement was approved (${day(p.notBefore)}).`,
  before_executed: (p) => `${theDate(p)} is before the agreement was signed by all parties (${day(p.notBefore)}).`,
  before_archived: (p) => `${theDate(p)} is before the partner was archived (${day(p.notBefore)}).`,
  before_proposed: (p) => `${theDate(p)} is before the project was proposed (${day(p.notBefore)}).`,
  before_previous_decision: (p) =>
    `${theDate(p)} is before the project's previous gate decision (${day(p.notBefore)}).`,

  // Partners.
  partner_duplicate: (p) =>
    p.existingPartnerName
      ? `${text(p.existingPartnerName)} is already registered in this country. Open that partner instead of registering it twice.`
      : 'A partner with this name is already registered in this country.',
  partner_archived: () => 'This partner is archived. Restore it before changing it.',
  partner_not_active: () => 'Only an active partner can be marked dormant.',
  partner_not_archived: () => 'Only an archived partner can be restored.',
  partner_not_found: () => 'This partner does not exist. It may have been removed, or the link is wrong.',
  partner_exists: () => 'This partner was registered already. Refresh the page to see it.',
  invalid_partner: (p) => (p.detail ? sentence(p.detail) : 'Some of the partner details are not valid.'),
  contact_erased: () => "This contact's personal data was erased; their details can no longer change.",
  contact_exists: () => 'This contact was added already. Refresh the page to see it.',
  contact_not_found: () => 'This contact no longer exists. Someone may have removed it.',

  // Agreements.
  agreement_not_found: () => 'This agreement does not exist. It may have been removed, or the link is wrong.',
  agreement_exists: () => 'This agreement was recorded already. Refresh the page to see it.',
  agreement_ended: () => 'This agreement has ended (expired, terminated or superseded); nothing more can change.',
  agreement_not_valid: () => 'A project can only run under agreements that are signed or active.',
  expiry_before_effective: (p) =>
    p.expiryDate && p.effectiveDate
      ? `The expiry date (${day(p.expiryDate)}) must be after the effective date (${day(p.effectiveDate)}).`
      : 'The expiry date must be after the effective date.',
  party_unknown: () => 'One of the parties is not a registered partner. Register it first.',
  party_archived: () => 'An archived partner cannot be a party. Restore the partner first.',
  parent_unknown: () => 'The parent agreement does not exist.',
  parent_ended: () => 'The parent agreement has ended.',
  parent_self: () => 'An agreement cannot be its own parent.',
  signatures_missing: () => "A signed agreement needs every party's signature. Record the missing signatures.",
  signed_after_expiry: (p) =>
    `The signature date is after the agreement's expiry date${p.expiryDate ? ` (${day(p.expiryDate)})` : ''}: it would never come into force.`,
  terms_locked: () => 'The terms are locked at this stage. Amend the signed agreement instead.',
  not_a_draft: () => 'Only a draft can go into negotiation.',
  not_reviewable: () => 'Only a draft or an agreement in negotiation can be sent for review.',
  not_in_review: () => 'The agreement must be in legal and IP review before it can be approved.',
  not_approved: () => 'The agreement must be approved before it can be signed.',
  not_a_party: () => 'This partner is not a party to the agreement.',
  not_signed: () => 'Only a signed or active agreement can be amended or renewed.',
  nothing_to_amend: () => 'The amendment changes nothing. Change at least one term.',
  no_expiry: () => 'The agreement has no expiry date, so there is nothing to renew.',
  renewal_not_later: (p) =>
    `The new expiry date must be after the current one${p.detail ? ` (${text(p.detail).replace(/^.*after /, '')})` : ''}.`,
  obligation_not_found: () => 'This obligation no longer exists on the agreement.',
  obligation_exists: () => 'This obligation was added already. Refresh the page to see it.',
  obligation_closed: () => 'This obligation was already met or waived.',

  // Projects.
  project_not_found: () => 'This project does not exist. It may have been removed, or the link is wrong.',
  project_exists: () => 'This project was recorded already. Refresh the page to see it.',
  project_closed: () => 'This project is closed (completed, killed or spun out); nothing more can change.',
  project_on_hold: () => 'This project is on hold. Resume it first.',
  no_valid_agreement: () => 'No signed or active agreement covers this project any more.',
  lead_not_a_party: () => "The lead partners must be parties to the project's agreements.",
  currency_mismatch: (p) =>
    p.detail ? `${sentence(p.detail)} Use the budget's currency.` : "Use the budget's currency.",
  amount_too_large: () => 'The amount is too large.',
  criteria_out_of_range: () => 'Score each criterion with a whole number from 1 to 5.',
  patent_details_missing: () => 'A patent filing needs its jurisdiction and application number.',
  spin_out_company_missing: () => 'A spin-out needs the name of its company.',
  grant_without_filing: () => 'A patent grant must refer to the filing it grants.',
  already_granted: () => 'This filing has been granted already.',
  milestone_exists: () => 'This milestone was planned already. Refresh the page to see it.',
  milestone_not_found: () => 'This milestone no longer exists on the project.',
  outcome_exists: () => 'This outcome was recorded already. Refresh the page to see it.',

  // Any service: the HTTP layer (libs/platform).
  validation_failed: () => 'Some fields need attention.',
  bad_request: () => 'The request could not be understood. Reload the page and try again.',
  unauthenticated: () => 'Your session has ended. Sign in again.',
  unauthorized: () => 'Your session has ended. Sign in again.',
  forbidden: () => "You don't have the role for this. Ask an administrator if you need it.",
  not_found: () => 'This no longer exists. It may have been removed, or the link is wrong.',
  method_not_allowed: () => 'This action is not available here.',
  conflict: () => 'This conflicts with a record that already exists.',
  version_conflict: () => 'Someone else changed this record after you opened it.',
  precondition_failed: () => 'Someone else changed this record after you opened it.',
  precondition_required: () => 'Reload the record and try again: the change must say which version it applies to.',
  idempotency_key_reused: () => 'This submission was already used for different data. Submit the form again.',
  business_rule_violated: () => 'This is not allowed in the current state.',
  payload_too_large: () => 'What you entered is too large to save.',
  unsupported_media_type: () => 'The request was sent in a form the server does not accept.',
  too_many_requests: () => 'Too many requests at once. Wait a moment and try again.',
  database_unavailable: () =>
    'The service cannot reach its database right now; nothing was changed. Try again in a few seconds.',
  database_busy: () => 'The service was too busy to save this in time; nothing was changed. Try again.',
  unavailable: () => 'The service is unavailable right now; nothing was changed. Try again in a few seconds.',
  not_ready: () => 'The service is starting up. Try again in a few seconds.',
  internal_error: () => 'Something went wrong on the server; it has been logged. Try again, or tell an administrator.',
  http_error: () => 'The server refused the request.',
  network_error: () => 'The server cannot be reached. Check your connection; nothing was saved.',
};

const STATUS_MESSAGES: Record<number, string> = {
  0: 'network_error',
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  422: 'business_rule_violated',
  428: 'precondition_required',
  429: 'too_many_requests',
  503: 'unavailable',
};

/** One sentence for the whole problem. */
export function explain(problem: Problem): string {
  const code = problem.code && CODE_MESSAGES[problem.code] ? problem.code : STATUS_MESSAGES[problem.status];
  const message = code ? CODE_MESSAGES[code] : undefined;
  if (message) return message(problem);
  return problem.status >= 500 ? CODE_MESSAGES.internal_error!(problem) : 'The request was refused.';
}

/** `technologyAreas.2` → "technology areas", `effectiveOn` → "effective on". */
export function humanField(path: string): string {
  const last =
    path
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? path;
  return last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function sentence(value: unknown): string {
  const s = text(value).trim();
  if (!s) return '';
  return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}

/** class-validator's wording, made plain; `label` is how the form names the field. */
export function fieldMessage(message: string, label: string): string {
  const rules: [RegExp, (match: RegExpExecArray) => string][] = [
    [/should not be empty|must not be blank/, () => `Enter ${article(label)}.`],
    [/must be an email/, () => 'Enter an e-mail address such as name@example.com.'],
    [/must be a URL address|must be an URL/, () => 'Enter a web address that starts with https:// or http://.'],
    [/ISO 3166-1 alpha-2/, () => 'Enter a two-letter country code such as JP or DE.'],
    [/shorter than or equal to (\d+) characters/, (m) => `Use at most ${m[1]} characters.`],
    [/must contain no more than (\d+) elements/, (m) => `Use at most ${m[1]}.`],
    [/must be one of the following values/, () => 'Choose one of the options.'],
    [/(calendar date|ISO 8601 date|YYYY-MM-DD)/, () => 'Enter a date such as 2025-04-01.'],
    [/must be a UUID/, () => 'Choose an item from the list.'],
    [/must be a boolean/, () => 'Choose yes or no.'],
    [/must not be greater than (\S+)/, (m) => `Use ${m[1]} or less.`],
    [/must not be less than (\S+)/, (m) => `Use ${m[1]} or more.`],
    [/must be a (number|integer)/, () => 'Enter a number.'],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return sentence(message.replace(/^[\w.]+ /, `${label} `));
}

function article(label: string): string {
  const lower = label.toLowerCase();
  return /^[aeiou]/.test(lower) ? `an ${lower}` : `a ${lower}`;
}

/**
 * The problem's messages by form field: a 400's `errors` by their path, and a 422 that names its
 * `field` (a refused business date) under that field. `labels` maps a path to how the form names it;
 * the first segment is tried when the full path is not listed (`technologyAreas.2`).
 */
export function fieldErrors(problem: Problem, labels: Record<string, string> = {}): Record<string, string> {
  const result: Record<string, string> = {};
  const labelOf = (path: string) => labels[path] ?? labels[path.split('.')[0] ?? path] ?? humanField(path);
  const keyOf = (path: string) => (labels[path] ? path : (path.split('.')[0] ?? path));
  for (const error of problem.errors ?? []) {
    const key = keyOf(error.field);
    const message = fieldMessage(error.message, labelOf(error.field));
    result[key] = result[key] ? `${result[key]} ${message}` : message;
  }
  if (problem.status === 422 && typeof problem.field === 'string') {
    result[keyOf(problem.field)] = explain({ ...problem, field: labelOf(problem.field) });
  }
  return result;
}
