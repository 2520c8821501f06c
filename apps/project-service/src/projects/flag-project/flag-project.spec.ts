import { NotFoundError } from '@accord/event-store';
import type { AgreementCheck, ProjectCommand } from '../project.decide';
import {
  UTOKYO_ALLIANCE,
  UTOKYO_RESEARCH,
  BRAIN,
  brainMorphic,
  NICT_AGREEMENT,
  QKD,
  qkdStorage,
  TRANSGENE_AGREEMENT,
  gateRecorded,
  heldEvent,
  resumed,
  flagged,
  onHoldSince,
  historyAt,
  closedHistories,
  project,
  stateOf,
} from '../../../test/project.given';

describe('flagging a project when one of its agreements ends', () => {
  const flag = (
    agreementId: string,
    agreements: AgreementCheck,
    reason: 'agreement_terminated' | 'agreement_expired' = 'agreement_terminated',
  ): ProjectCommand => ({ type: 'FlagProject', agreementId, reason, agreements });

  it('flags the project and puts it on hold when no other agreement covers it', () => {
    project()
      .given(historyAt(qkdStorage, 'develop'))
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .then([flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)]);
    const history = [
      ...historyAt(qkdStorage, 'develop'),
      flagged(QKD, NICT_AGREEMENT),
      onHoldSince(QKD, NICT_AGREEMENT),
    ];
    expect(stateOf(history)).toMatchObject({
      status: 'on_hold',
      stage: 'develop',
      flaggedAgreements: [NICT_AGREEMENT],
    });
  });

  it('records why the agreement ended', () => {
    project()
      .given([qkdStorage.proposed])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }, 'agreement_expired'))
      .then([flagged(QKD, NICT_AGREEMENT, 'agreement_expired'), onHoldSince(QKD, NICT_AGREEMENT)]);
  });

  it('puts it on hold even when the local copy still has the ending agreement as valid', () => {
    project()
      .given([qkdStorage.proposed])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'valid' }))
      .then([flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)]);
  });

  it('only flags the project when another valid agreement still covers it', () => {
    project()
      .given(historyAt(brainMorphic, 'ideate'))
      .when(flag(UTOKYO_RESEARCH, { [UTOKYO_ALLIANCE]: 'valid', [UTOKYO_RESEARCH]: 'ended' }, 'agreement_expired'))
      .then([flagged(BRAIN, UTOKYO_RESEARCH, 'agreement_expired')]);
  });

  it('puts it on hold when its other agreements are not valid either', () => {
    for (const other of ['ended', 'pending', 'unknown', undefined] as const) {
      const agreements: AgreementCheck = { [UTOKYO_RESEARCH]: 'ended' };
      if (other) agreements[UTOKYO_ALLIANCE] = other;
      project()
        .given([brainMorphic.proposed])
        .when(flag(UTOKYO_RESEARCH, agreements))
        .then([flagged(BRAIN, UTOKYO_RESEARCH), onHoldSince(BRAIN, UTOKYO_RESEARCH)]);
    }
  });

  it('puts it on hold when the last of its agreements ends', () => {
    const history = [brainMorphic.proposed, flagged(BRAIN, UTOKYO_RESEARCH, 'agreement_expired')];
    project()
      .given(history)
      .when(flag(UTOKYO_ALLIANCE, { [UTOKYO_ALLIANCE]: 'ended', [UTOKYO_RESEARCH]: 'ended' }))
      .then([flagged(BRAIN, UTOKYO_ALLIANCE), onHoldSince(BRAIN, UTOKYO_ALLIANCE)]);
    expect(stateOf([...history, flagged(BRAIN, UTOKYO_ALLIANCE), onHoldSince(BRAIN, UTOKYO_ALLIANCE)])).toMatchObject({
      status: 'on_hold',
      flaggedAgreements: [UTOKYO_RESEARCH, UTOKYO_ALLIANCE],
    });
  });

  it('flags a project already on hold without putting it on hold again', () => {
    project()
      .given([...historyAt(qkdStorage, 'ideate'), gateRecorded(QKD, 'ideate', 'hold'), heldEvent(QKD, 'x')])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .then([flagged(QKD, NICT_AGREEMENT)]);
  });

  it('records nothing when the same agreement is flagged again (the message came twice)', () => {
    project()
      .given([qkdStorage.proposed, flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .thenNothing();
    // Nor after the project was resumed.
    project()
      .given([qkdStorage.proposed, flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT), resumed(QKD)])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .thenNothing();
    project()
      .given([brainMorphic.proposed, flagged(BRAIN, UTOKYO_RESEARCH)])
      .when(flag(UTOKYO_RESEARCH, { [UTOKYO_ALLIANCE]: 'valid', [UTOKYO_RESEARCH]: 'ended' }))
      .thenNothing();
  });

  it('records nothing for an agreement the project does not run under', () => {
    project()
      .given([qkdStorage.proposed])
      .when(flag(TRANSGENE_AGREEMENT, { [TRANSGENE_AGREEMENT]: 'ended' }))
      .thenNothing();
  });

  it.each(closedHistories(qkdStorage))('records nothing once the project is %s', (_status, history) => {
    project()
      .given(history)
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .thenNothing();
  });

  it('is refused for an unknown project', () => {
    project()
      .given([])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .thenThrows(NotFoundError, 'project_not_found');
  });
});
