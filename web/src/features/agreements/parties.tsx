import { useEffect, useState } from 'react';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { DateField } from '../../ui/field';
import { countryName, formatDay, label, today } from '../../ui/format';
import { useSubmit } from '../../ui/use-submit';
import { ActDialog } from './act-dialog';
import { COMPANY, signAgreement, type Agreement } from './api';
import { partyName, usePartners } from './partner-names';

/** May this user record this party's signature? Our own is legal's to give; a partner's, an alliance manager's or legal's. */
export function useCanSign(): (partyId: string) => boolean {
  const { can } = useSession();
  return (partyId) => (partyId === COMPANY ? can('legal') : can('alliance_manager', 'legal'));
}

/**
 * The parties as cards, our company first: each with its signature and the day it was given, or,
 * once the agreement is approved, "Record signature" for whoever may record it.
 */
export function Parties({ agreement, onSign }: { agreement: Agreement; onSign: (partyId: string) => void }) {
  const partners = usePartners(agreement.partyIds);
  const canSign = useCanSign();
  const signable = agreement.status === 'approved';
  return (
    <section className="card wide" aria-labelledby="parties-title">
      <div className="card-head">
        <h2 id="parties-title">Parties and signatures</h2>
        <p className="muted">
          {agreement.fullyExecuted
            ? `Fully executed${agreement.executedOn ? ` on ${formatDay(agreement.executedOn)}` : ''}.`
            : `${agreement.signatures.filter((s) => s.signedOn).length} of ${agreement.signatures.length} signed.`}
        </p>
      </div>
      <ul className="party-cards">
        {agreement.signatures.map((signature) => {
          const name = partyName(signature.partyId, partners);
          const partner = partners[signature.partyId];
          const headingId = `party-${signature.partyId}`;
          return (
            <li key={signature.partyId}>
              <article className="party-card" aria-labelledby={headingId}>
                <h3 id={headingId}>
                  {signature.partyId === COMPANY ? name : <Link to={`/partners/${signature.partyId}`}>{name}</Link>}
                </h3>
                <p className="muted">
                  {signature.partyId === COMPANY
                    ? 'Our side: legal signs'
                    : partner
                      ? `${label(partner.type)} · ${countryName(partner.country)}`
                      : 'Partner'}
                </p>
                {signature.signedOn ? (
                  <p className="signed">
                    <span aria-hidden="true">✓ </span>Signed on {formatDay(signature.signedOn)}
                  </p>
                ) : (
                  <p className="unsigned">Not signed yet</p>
                )}
                {!signature.signedOn && signable && canSign(signature.partyId) && (
                  <button type="button" className="button" onClick={() => onSign(signature.partyId)}>
                    Record signature
                  </button>
                )}
                {!signature.signedOn && signable && !canSign(signature.partyId) && (
                  <p className="note">
                    {signature.partyId === COMPANY ? "Legal records the company's signature." : ''}
                  </p>
                )}
              </article>
            </li>
          );
        })}
      </ul>
      {!signable && !agreement.fullyExecuted && (
        <p className="note">Signatures are recorded once legal has approved the agreement.</p>
      )}
    </section>
  );
}

/** "Record signature": the day the party signed (default today; a signature that came by post months ago is fine). */
export function SignDialog({
  agreement,
  etag,
  partyId,
  onClose,
  onDone,
  onStale,
}: {
  agreement: Agreement;
  etag: string;
  partyId: string | null;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const partners = usePartners(agreement.partyIds);
  const [signedOn, setSignedOn] = useState(today());
  const submission = useSubmit({ signedOn: 'Signed on', partyId: 'Party' });
  useEffect(() => {
    if (partyId) setSignedOn(today());
  }, [partyId]);
  const name = partyId ? partyName(partyId, partners) : '';
  const last = agreement.signatures.filter((s) => !s.signedOn).length === 1;
  const confirm = async () => {
    if (!partyId) return;
    const result = await submission.run(() => signAgreement(agreement.id, etag, partyId, signedOn));
    if (result) onDone(`Signature of ${name} recorded (signed on ${formatDay(signedOn)}).`);
    else onStale();
  };
  return (
    <ActDialog
      open={partyId !== null}
      title={`Record signature: ${name}`}
      confirmLabel="Record signature"
      submission={submission}
      labels={{ signedOn: 'Signed on' }}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <p>
        {partyId === COMPANY ? 'The company signs through legal.' : `${name}'s signature, as it reached us.`}{' '}
        {last &&
          'This is the last signature: the agreement becomes fully executed, and active from its effective date.'}
      </p>
      <DateField
        label="Signed on"
        required
        min={agreement.approvedOn ?? undefined}
        value={signedOn}
        onChange={(event) => setSignedOn(event.target.value)}
        error={submission.errors.signedOn}
        hint={`The day it was signed; not before the approval${agreement.approvedOn ? ` (${formatDay(agreement.approvedOn)})` : ''}.`}
      />
    </ActDialog>
  );
}
