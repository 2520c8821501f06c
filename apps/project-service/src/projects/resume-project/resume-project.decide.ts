import { invalidAgreements, listed, type AgreementCheck } from '../agreement-check';
import type { IsoDate, ProjectEvent, ProjectState } from '../project';
import { actedOn, existing, open, rule } from '../project.rules';

export interface ResumeProject {
  type: 'ResumeProject';
  agreements: AgreementCheck;
  resumedOn?: IsoDate;
  today: IsoDate;
}

/** After a resumption: puts the project back on hold if, read again, no agreement covers it. */
export interface RecheckAgreements {
  type: 'RecheckAgreements';
  agreements: AgreementCheck;
}

export function decideResume(command: ResumeProject, state: ProjectState): ProjectEvent[] {
  const project = open(state);
  if (project.status !== 'on_hold') return [];
  const resumedOn = actedOn(project, 'resumedOn', command.resumedOn ?? command.today, command.today);
  if (invalidAgreements(project.agreementIds, command.agreements).length === project.agreementIds.length) {
    throw rule('no_valid_agreement', 'no signed or active agreement covers the project any more');
  }
  return [{ type: 'ProjectResumed', data: { projectId: project.projectId, resumedOn } }];
}

export function decideRecheck(command: RecheckAgreements, state: ProjectState): ProjectEvent[] {
  const project = existing(state);
  if (project.status !== 'active') return [];
  const invalid = invalidAgreements(project.agreementIds, command.agreements);
  if (invalid.length < project.agreementIds.length) return [];
  return [
    {
      type: 'ProjectPutOnHold',
      data: {
        projectId: project.projectId,
        reason: `no valid agreement covers the project: ${listed(invalid, command.agreements)}`,
      },
    },
  ];
}
