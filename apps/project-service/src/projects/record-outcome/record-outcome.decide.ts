import { ValidationError } from '@accord/event-store';
import type { IsoDate, OutcomeKind, Patent, ProjectEvent, ProjectState } from '../project';
import { CLOSED, actedOn, existing, rule } from '../project.rules';

export interface RecordOutcome {
  type: 'RecordOutcome';
  outcomeId: string;
  kind: OutcomeKind;
  title: string;
  occurredOn: IsoDate;
  partnerIds: string[];
  patent: Patent | null;
  relatesTo: string | null;
  spinOutCompany: string | null;
  today: IsoDate;
}

export function decideRecordOutcome(command: RecordOutcome, state: ProjectState): ProjectEvent[] {
  const project = existing(state);
  if (project.outcomes[command.outcomeId]) throw rule('outcome_exists', 'an outcome with this id exists');
  let patent = command.patent;
  if (command.kind === 'patent_filed' && !patent) {
    throw new ValidationError('patent_details_missing', 'a filing needs its jurisdiction and application number', [
      { field: 'patent', message: 'jurisdiction and applicationNumber are required for patent_filed' },
    ]);
  }
  if (command.kind === 'patent_granted') {
    const filing = command.relatesTo ? project.outcomes[command.relatesTo] : undefined;
    if (!filing || filing.kind !== 'patent_filed') {
      throw rule('grant_without_filing', 'a grant needs the filing it grants (relatesTo: a patent_filed outcome)');
    }
    const granted = Object.values(project.outcomes).some(
      (o) => o.kind === 'patent_granted' && o.relatesTo === command.relatesTo,
    );
    if (granted) throw rule('already_granted', 'this filing has been granted already');
    patent = filing.patent;
  }
  if (command.kind === 'spin_out') {
    if (CLOSED.includes(project.status))
      throw rule('project_closed', `the project is ${project.status.replace('_', ' ')}`);
    if (!command.spinOutCompany) {
      throw new ValidationError('spin_out_company_missing', 'a spin-out names its company', [
        { field: 'spinOutCompany', message: 'required for spin_out' },
      ]);
    }
  }
  const { outcomeId, kind, title, occurredOn, partnerIds, relatesTo, spinOutCompany } = command;
  actedOn(project, 'occurredOn', occurredOn, command.today);
  const events: ProjectEvent[] = [
    {
      type: 'OutcomeRecorded',
      data: {
        projectId: project.projectId,
        outcomeId,
        kind,
        title,
        occurredOn,
        partnerIds: partnerIds.length > 0 ? partnerIds : project.leadPartnerIds,
        patent: kind === 'patent_filed' || kind === 'patent_granted' ? patent : null,
        relatesTo: kind === 'patent_granted' ? relatesTo : null,
        spinOutCompany: kind === 'spin_out' ? spinOutCompany : null,
      },
    },
  ];
  if (kind === 'spin_out') {
    events.push({
      type: 'ProjectSpunOut',
      data: { projectId: project.projectId, outcomeId, company: spinOutCompany!, spunOutOn: occurredOn },
    });
  }
  return events;
}
