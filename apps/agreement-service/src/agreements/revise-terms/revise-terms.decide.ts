import type { AgreementEvent, AgreementState } from '../agreement';
import { notEnded, rule } from '../agreement';
import { changedTerms, checkTerms, type AgreementTerms, type ParentCheck, type PartyCheck } from '../agreement-terms';

export type ReviseTerms = {
  type: 'ReviseTerms';
  changes: Partial<AgreementTerms>;
  parties: PartyCheck;
  parent: ParentCheck | null;
};

export function decideReviseTerms(command: ReviseTerms, state: AgreementState): AgreementEvent[] {
  const agreement = notEnded(state);
  if (agreement.status !== 'draft' && agreement.status !== 'in_negotiation') {
    throw rule(
      'terms_locked',
      `terms are locked once ${agreement.status.replace('_', ' ')}; amend a signed agreement instead`,
    );
  }
  const changes = changedTerms(command.changes, agreement.terms);
  if (Object.keys(changes).length === 0) return [];
  if (changes.parentAgreementId === agreement.agreementId) {
    throw rule('parent_self', 'an agreement cannot be its own parent');
  }
  checkTerms({ ...agreement.terms, ...changes }, command.parties, command.parent);
  return [{ type: 'AgreementTermsRevised', data: { agreementId: agreement.agreementId, changes } }];
}
