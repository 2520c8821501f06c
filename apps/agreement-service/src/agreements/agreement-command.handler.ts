import { Injectable } from '@nestjs/common';
import { PostgresEventStore } from '@accord/event-store';
import { StreamWriter } from '@accord/platform';
import { agreementStream, type AgreementEvent, type AgreementState } from './agreement';
import { agreementDecider, type AgreementCommand } from './agreement.decide';

/** The write path every agreement use case ends in: read, decide, append (`StreamWriter`). */
@Injectable()
export class AgreementWriter extends StreamWriter<AgreementState, AgreementCommand, AgreementEvent> {
  constructor(store: PostgresEventStore) {
    // A draft's id was chosen by the server for it.
    super(store, { ...agreementDecider, stream: agreementStream, create: 'DraftAgreement' });
  }
}
