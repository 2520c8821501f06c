import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import type { IsoDate } from '../project';
import type { ProjectCommand } from '../project.decide';
import {
  TG4050,
  tg4050,
  TODAY,
  gateRecorded,
  heldEvent,
  planned,
  milestoneDone,
  closedHistories,
  project,
  stateOf,
  historyAt,
} from '../../../test/project.given';

describe('milestones', () => {
  const plan = (milestoneId: string, name: string, plannedDate: IsoDate): ProjectCommand => ({
    type: 'PlanMilestone',
    milestoneId,
    name,
    plannedDate,
  });
  const complete = (milestoneId: string, actualDate: IsoDate, evidence: string | null = null): ProjectCommand => ({
    type: 'CompleteMilestone',
    milestoneId,
    actualDate,
    evidence,
    today: TODAY,
  });
  const firstPatient = planned(TG4050, 'm-first-patient', 'First patient dosed', '2020-01-31');

  it('plans a milestone, not yet completed', () => {
    project()
      .given([tg4050.proposed])
      .when(plan('m-first-patient', 'First patient dosed', '2020-01-31'))
      .then([firstPatient]);
    expect(stateOf([tg4050.proposed, firstPatient])).toMatchObject({
      milestones: { 'm-first-patient': { completed: false } },
    });
  });

  it('may plan a milestone while the project is on hold', () => {
    project()
      .given([...historyAt(tg4050, 'ideate'), gateRecorded(TG4050, 'ideate', 'hold'), heldEvent(TG4050, 'x')])
      .when(plan('m-first-patient', 'First patient dosed', '2020-01-31'))
      .then([firstPatient]);
  });

  it('refuses to plan the same milestone id twice, completed or not', () => {
    project()
      .given([tg4050.proposed, firstPatient])
      .when(plan('m-first-patient', 'Another name', '2020-03-31'))
      .thenThrows(BusinessRuleError, 'milestone_exists');
    project()
      .given([tg4050.proposed, firstPatient, milestoneDone(TG4050, 'm-first-patient', '2020-02-12')])
      .when(plan('m-first-patient', 'First patient dosed', '2020-01-31'))
      .thenThrows(BusinessRuleError, 'milestone_exists');
  });

  it.each(closedHistories(tg4050))('refuses to plan a milestone once the project is %s', (_status, history) => {
    project()
      .given(history)
      .when(plan('m-late', 'Too late', '2030-01-01'))
      .thenThrows(BusinessRuleError, 'project_closed');
  });

  it('completes a planned milestone, with its evidence or none', () => {
    project()
      .given([tg4050.proposed, firstPatient])
      .when(complete('m-first-patient', '2020-02-12', 'https://clinicaltrials.gov/study/NCT03839524'))
      .then([milestoneDone(TG4050, 'm-first-patient', '2020-02-12', 'https://clinicaltrials.gov/study/NCT03839524')]);
    project()
      .given([tg4050.proposed, firstPatient])
      .when(complete('m-first-patient', '2020-02-12'))
      .then([milestoneDone(TG4050, 'm-first-patient', '2020-02-12', null)]);
    expect(
      stateOf([tg4050.proposed, firstPatient, milestoneDone(TG4050, 'm-first-patient', '2020-02-12')]),
    ).toMatchObject({
      milestones: { 'm-first-patient': { completed: true } },
    });
  });

  it('records nothing when a milestone is completed again', () => {
    project()
      .given([tg4050.proposed, firstPatient, milestoneDone(TG4050, 'm-first-patient', '2020-02-12')])
      .when(complete('m-first-patient', '2020-02-14', 'a second report'))
      .thenNothing();
  });

  it('refuses to complete a milestone that was never planned', () => {
    project()
      .given([tg4050.proposed, firstPatient])
      .when(complete('m-phase-ii', '2022-06-30'))
      .thenThrows(NotFoundError, 'milestone_not_found');
  });

  it('may complete a milestone after the project closed (evidence that comes late)', () => {
    const [[, history]] = closedHistories(tg4050);
    project()
      .given([...history, planned(TG4050, 'm-report', 'Final report', '2024-12-31')])
      .when(complete('m-report', '2025-01-20'))
      .then([milestoneDone(TG4050, 'm-report', '2025-01-20')]);
  });

  it('is refused for an unknown project', () => {
    project()
      .given([])
      .when(plan('m-1', 'x', '2020-01-01'))
      .thenThrows(NotFoundError, 'project_not_found');
    project().given([]).when(complete('m-1', '2020-01-01')).thenThrows(NotFoundError, 'project_not_found');
  });
});
