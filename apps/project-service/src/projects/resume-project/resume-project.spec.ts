import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import type { IsoDate } from '../project';
import type { AgreementCheck, ProjectCommand } from '../project.decide';
import {
  UTOKYO_ALLIANCE,
  UTOKYO_RESEARCH,
  BRAIN,
  brainMorphic,
  NICT_AGREEMENT,
  QKD,
  qkdStorage,
  TODAY,
  review,
  gateRecorded,
  advanced,
  heldEvent,
  resumed,
  flagged,
  onHoldSince,
  historyAt,
  closedHistories,
  project,
  stateOf,
  ideating,
  decide,
} from '../../../test/project.given';

describe('resuming a project', () => {
  const heldAtGate = [
    ...historyAt(brainMorphic, 'develop'),
    gateRecorded(BRAIN, 'develop', 'hold'),
    heldEvent(BRAIN, 'x'),
  ];

  it('resumes a project on hold when its agreements are valid, in the stage it was held in', () => {
    project()
      .given(heldAtGate)
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .then([resumed(BRAIN)]);
    const after = [...heldAtGate, resumed(BRAIN)];
    expect(stateOf(after)).toMatchObject({ stage: 'develop', status: 'active' });
    project()
      .given(after)
      .when(review('go'))
      .then([gateRecorded(BRAIN, 'develop', 'go'), advanced(BRAIN, 'develop', 'launch')]);
  });

  it('needs only one of its agreements to be valid', () => {
    project()
      .given(heldAtGate)
      .when({
        type: 'ResumeProject',
        today: TODAY,
        agreements: { [UTOKYO_ALLIANCE]: 'ended', [UTOKYO_RESEARCH]: 'valid' },
      })
      .then([resumed(BRAIN)]);
    project()
      .given(heldAtGate)
      .when({ type: 'ResumeProject', today: TODAY, agreements: { [UTOKYO_ALLIANCE]: 'valid' } })
      .then([resumed(BRAIN)]);
  });

  it('resumes a project held since its agreement ended, once an agreement covers it again', () => {
    const history = [
      qkdStorage.proposed,
      flagged(QKD, NICT_AGREEMENT, 'agreement_expired'),
      onHoldSince(QKD, NICT_AGREEMENT),
    ];
    // The local copy of the agreement was wrong, or it was renewed after all.
    project()
      .given(history)
      .when({ type: 'ResumeProject', today: TODAY, agreements: { [NICT_AGREEMENT]: 'valid' } })
      .then([resumed(QKD)]);
  });

  it('refuses when none of its agreements is valid', () => {
    const checks: AgreementCheck[] = [
      { [UTOKYO_ALLIANCE]: 'ended', [UTOKYO_RESEARCH]: 'ended' },
      { [UTOKYO_ALLIANCE]: 'pending', [UTOKYO_RESEARCH]: 'unknown' },
      {},
    ];
    for (const agreements of checks) {
      project()
        .given(heldAtGate)
        .when({ type: 'ResumeProject', today: TODAY, agreements })
        .thenThrows(BusinessRuleError, 'no_valid_agreement');
    }
  });

  it('records nothing for an active project', () => {
    project()
      .given(historyAt(brainMorphic, 'develop'))
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .thenNothing();
    project()
      .given([...heldAtGate, resumed(BRAIN)])
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .thenNothing();
  });

  it.each(closedHistories(brainMorphic))('is refused once the project is %s', (_status, history) => {
    project()
      .given(history)
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .thenThrows(BusinessRuleError, 'project_closed');
  });

  it('is refused for an unknown project', () => {
    project()
      .given([])
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .thenThrows(NotFoundError, 'project_not_found');
  });
});

describe('checking its agreements again after a resumption (an agreement may have ended meanwhile)', () => {
  const recheck = (agreements: AgreementCheck): ProjectCommand => ({ type: 'RecheckAgreements', agreements });
  const resumedAfterHold = [...historyAt(brainMorphic, 'develop'), heldEvent(BRAIN, 'x'), resumed(BRAIN)];

  it('puts the project back on hold when none of its agreements is valid, naming each', () => {
    project()
      .given(resumedAfterHold)
      .when(recheck({ [UTOKYO_ALLIANCE]: 'ended' }))
      .then([
        heldEvent(
          BRAIN,
          `no valid agreement covers the project: ${UTOKYO_ALLIANCE} (ended), ${UTOKYO_RESEARCH} (unknown)`,
        ),
      ]);
  });

  it('changes nothing while one agreement is still valid', () => {
    project()
      .given(resumedAfterHold)
      .when(recheck({ [UTOKYO_ALLIANCE]: 'ended', [UTOKYO_RESEARCH]: 'valid' }))
      .thenNothing();
  });

  it('changes nothing for a project that is not active (already back on hold, or closed)', () => {
    project()
      .given([...resumedAfterHold, heldEvent(BRAIN, 'y')])
      .when(recheck({}))
      .thenNothing();
    for (const [, history] of closedHistories(brainMorphic)) {
      project().given(history).when(recheck({})).thenNothing();
    }
  });
});

describe('business dates (the day an act happened, recorded later)', () => {
  describe('resuming', () => {
    const held = [...ideating, ...decide(ideating, review('hold', { today: '2018-06-01' }))];
    const resume = (resumedOn?: IsoDate): ProjectCommand => ({
      type: 'ResumeProject',
      agreements: brainMorphic.agreements,
      today: TODAY,
      ...(resumedOn ? { resumedOn } : {}),
    });

    it('is dated resumedOn when given, else today', () => {
      project()
        .given(held)
        .when(resume('2018-09-03'))
        .then([resumed(BRAIN, '2018-09-03')]);
      project()
        .given(held)
        .when(resume())
        .then([resumed(BRAIN, TODAY)]);
    });

    it('refuses a date after today or before the proposal', () => {
      project().given(held).when(resume('2026-06-02')).thenThrows(BusinessRuleError, 'date_in_future');
      project().given(held).when(resume('2017-01-01')).thenThrows(BusinessRuleError, 'before_proposed');
    });
  });
});
