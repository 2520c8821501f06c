import { useEffect, useId, useState } from 'react';
import { invalidate } from '../../api/resource';
import { Link, navigate, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { FormErrors } from '../../ui/form-errors';
import { options, Select, TextField } from '../../ui/field';
import { countryName, parseAreas } from '../../ui/format';
import { useAnnounce } from '../../ui/status';
import { useSubmit } from '../../ui/use-submit';
import {
  PARTNERS_KEY,
  listPartners,
  registerPartner,
  type PartnerListItem,
  type PartnerTier,
  type PartnerType,
} from './api';
import { PARTNER_TIERS, PARTNER_TYPES } from '../../api/enums';

export const PARTNER_FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  type: 'Type',
  country: 'Country',
  website: 'Website',
  technologyAreas: 'Technology areas',
  tier: 'Tier',
  effectiveOn: 'Tier effective from',
};

/** "Register a partner": a new partner starts as a prospect. */
export function RegisterPartnerPage() {
  const heading = usePageTitle('Register a partner');
  const { can } = useSession();
  const announce = useAnnounce();
  const submission = useSubmit(PARTNER_FIELD_LABELS);
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [country, setCountry] = useState('');
  const [website, setWebsite] = useState('');
  const [areas, setAreas] = useState('');
  const [tier, setTier] = useState<PartnerTier>('standard');
  const similar = useSimilarPartners(name, country);
  const ids = {
    name: useId(),
    type: useId(),
    country: useId(),
    website: useId(),
    technologyAreas: useId(),
    tier: useId(),
  };

  if (!can('alliance_manager')) {
    return (
      <section className="card">
        <h1 ref={heading} tabIndex={-1}>
          Register a partner
        </h1>
        <p>You don't have the role for this: registering partners is for alliance managers.</p>
      </section>
    );
  }

  const submit = async () => {
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = 'Enter the partner’s name.';
    if (!type) missing.type = 'Choose the kind of partner.';
    if (!/^[A-Za-z]{2}$/.test(country.trim())) missing.country = 'Enter a two-letter country code such as JP or DE.';
    if (Object.keys(missing).length) {
      submission.fail(missing);
      return;
    }
    const result = await submission.run(() =>
      registerPartner({
        name: name.trim(),
        type: type as PartnerType,
        country: country.trim().toUpperCase(),
        website: website.trim() || null,
        technologyAreas: parseAreas(areas),
        tier,
      }),
    );
    if (result) {
      invalidate(PARTNERS_KEY, 'dashboard:');
      announce(`${name.trim()} registered as a prospect.`);
      navigate(`/partners/${result.id}`);
    }
  };

  const duplicate = submission.problem?.code === 'partner_duplicate' ? submission.problem : null;

  return (
    <div className="page narrow">
      <p className="back">
        <Link to="/partners">← Partners</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        Register a partner
      </h1>
      <form
        className="form"
        aria-label="Register a partner"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FormErrors
          submission={submission}
          labels={PARTNER_FIELD_LABELS}
          fieldIds={Object.fromEntries(Object.entries(ids).map(([key, id]) => [key, id]))}
        />
        {duplicate && typeof duplicate.existingPartnerId === 'string' && (
          <p className="notice">
            <Link to={`/partners/${duplicate.existingPartnerId}`}>
              Open{' '}
              {typeof duplicate.existingPartnerName === 'string'
                ? duplicate.existingPartnerName
                : 'the existing partner'}
            </Link>
          </p>
        )}
        <TextField
          label="Name"
          id={ids.name}
          required
          maxLength={200}
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={submission.errors.name}
          hint={<SimilarHint similar={similar} country={country} />}
        />
        <Select
          label="Type"
          id={ids.type}
          required
          value={type}
          placeholder="Choose…"
          options={options(PARTNER_TYPES)}
          onChange={(event) => setType(event.target.value)}
          error={submission.errors.type}
        />
        <TextField
          label="Country"
          id={ids.country}
          required
          maxLength={2}
          size={4}
          autoComplete="off"
          value={country}
          onChange={(event) => setCountry(event.target.value.toUpperCase())}
          error={submission.errors.country}
          hint={/^[A-Za-z]{2}$/.test(country) ? countryName(country) : 'Two-letter code, such as JP, DE or US'}
        />
        <TextField
          label="Website"
          id={ids.website}
          optional
          type="url"
          inputMode="url"
          placeholder="https://"
          value={website}
          onChange={(event) => setWebsite(event.target.value)}
          error={submission.errors.website}
        />
        <TextField
          label="Technology areas"
          id={ids.technologyAreas}
          optional
          value={areas}
          onChange={(event) => setAreas(event.target.value)}
          error={submission.errors.technologyAreas}
          hint="Separate with commas: AI, secure computation, robotics"
        />
        <Select
          label="Tier"
          id={ids.tier}
          value={tier}
          options={options(PARTNER_TIERS)}
          onChange={(event) => setTier(event.target.value as PartnerTier)}
          error={submission.errors.tier}
        />
        <div className="actions">
          <button type="submit" className="button primary" disabled={submission.pending}>
            {submission.pending ? 'Registering…' : 'Register partner'}
          </button>
          <Link className="button" to="/partners">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}

/** Partners whose name contains what is typed, looked up a moment after typing stops. */
function useSimilarPartners(name: string, country: string): PartnerListItem[] {
  const [found, setFound] = useState<PartnerListItem[]>([]);
  useEffect(() => {
    const q = name.trim();
    if (q.length < 3) {
      setFound([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      listPartners({ q, pageSize: 5 }, controller.signal).then(
        (page) => setFound(page.items),
        () => setFound([]),
      );
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [name, country]);
  return found;
}

function SimilarHint({ similar, country }: { similar: PartnerListItem[]; country: string }) {
  if (similar.length === 0) return null;
  const sameCountry = similar.filter((partner) => partner.country === country.toUpperCase());
  return (
    <span className="similar" role="status">
      {sameCountry.length > 0 ? 'Already registered in this country: ' : 'Similar names already registered: '}
      {(sameCountry.length > 0 ? sameCountry : similar).map((partner, i) => (
        <span key={partner.id}>
          {i > 0 && ', '}
          <Link to={`/partners/${partner.id}`}>
            {partner.name} ({partner.country})
          </Link>
        </span>
      ))}
      . Open it instead of registering it twice.
    </span>
  );
}
