import { RequestValidationError } from '@accord/platform';
import { requestValidationPipe } from '@accord/platform/http/validation';
import { ProposeProjectRequest } from '../propose-project/propose-project.route';
import { GateReviewRequest } from './gate-review.route';

/**
 * The criteria's names are the client's text, stored as sent (jsonb, events, Kafka): checked like
 * any field. A NUL in one was a 500 from Postgres ("unsupported Unicode escape sequence").
 */
async function refusal(value: object, metatype: new () => object): Promise<unknown> {
  return requestValidationPipe()
    .transform(value, { type: 'body', metatype })
    .then(
      () => 'accepted',
      (error: unknown) => (error instanceof RequestValidationError ? error.errors : error),
    );
}

const review = (criteria: unknown) => ({ decision: 'go', gatekeepers: ['cto-office'], criteria });
const RULE =
  "criteria must be an object of 1 to 50 entries; criterion names are 1 to 60 letters, digits, spaces, '-', '_' or '.', without a space at either end";

describe('gate review criteria in a request', () => {
  it.each([
    ['a NUL', { 'strategic\u0000Fit': 5 }, ' (not "strategic\\u0000Fit")'],
    ['a control character', { 'fit\u0007': 5 }, ' (not "fit\\u0007")'],
    ['a newline', { 'fit\nness': 5 }, ' (not "fit\\nness")'],
    ['a name of 61 characters', { ['x'.repeat(61)]: 5 }, ` (not "${'x'.repeat(60)}…")`],
    ['no criteria at all', {}, ''],
  ])('refuses %s with a 400 naming criteria and the rule', async (_what, criteria, quoted) => {
    expect(await refusal(review(criteria), GateReviewRequest)).toEqual([{ field: 'criteria', message: RULE + quoted }]);
  });

  it('refuses them in a project logged with its past gate decisions too, naming the decision', async () => {
    const proposal = {
      title: 'Logged',
      agreementIds: ['3f2b7c39-1d1e-4a55-9d2c-8d6c7c5f1e00'],
      leadPartnerIds: [],
      budget: { amount: 1, currency: 'JPY' },
      gateDecisions: [{ ...review({ 'fit\u0000': 4 }), decidedOn: '2020-01-01' }],
    };
    expect(await refusal(proposal, ProposeProjectRequest)).toEqual([
      { field: 'gateDecisions.0.criteria', message: `${RULE} (not "fit\\u0000")` },
    ]);
  });

  it('accepts names as people write them, in any script; the scores are the decider’s to check', async () => {
    const criteria = { strategicFit: 5, 'Technical feasibility': 4, 'market-potential_v1.2': 3, 戦略適合: 9 };
    expect(await refusal(review(criteria), GateReviewRequest)).toBe('accepted');
  });
});
