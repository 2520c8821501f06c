import type { AgreementCheck } from '../agreement-check';
import type { ProjectEvent, ProjectState } from '../project';
import { CLOSED, existing } from '../project.rules';

/** Issued by the reaction to an agreement ending (reactions/agreement-ended.reaction.ts), not by a route. */
export interface FlagProject {
  type: 'FlagProject';
  agreementId: string;
  reason: 'agreement_terminated' | 'agreement_expired';
  agreements: AgreementCheck;
}

export function decideFlagProject(command: FlagProject, state: ProjectState): ProjectEvent[] {
  // A reaction to an agreement ending: idempotent, because the message may come twice.
  const project = existing(state);
  if (!project.agreementIds.includes(command.agreementId) || project.flaggedAgreements.includes(command.agreementId)) {
    return [];
  }
  if (CLOSED.includes(project.status)) return [];
  const events: ProjectEvent[] = [
    {
      type: 'ProjectFlagged',
      data: { projectId: project.projectId, agreementId: command.agreementId, reason: command.reason },
    },
  ];
  const others = project.agreementIds.filter((id) => id !== command.agreementId && command.agreements[id] === 'valid');
  if (others.length === 0 && project.status === 'active') {
    events.push({
      type: 'ProjectPutOnHold',
      data: {
        projectId: project.projectId,
        reason: `no valid agreement covers the project since ${command.agreementId} ended`,
      },
    });
  }
  return events;
}
