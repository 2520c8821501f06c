import { ConflictNotice, diffFields, type ConflictField } from '../../ui/conflict-notice';
import { options, Select, TextField } from '../../ui/field';
import { FormErrors } from '../../ui/form-errors';
import { countryName, label, parseAreas } from '../../ui/format';
import { useConflictingEdit } from '../../ui/use-conflicting-edit';
import { useSubmit } from '../../ui/use-submit';
import { changedSince, getPartner, updatePartner, type Partner, type PartnerType, type UpdateBody } from './api';
import { PARTNER_TYPES } from '../../api/enums';
import { PARTNER_FIELD_LABELS } from './register-partner-page';

/** The profile as the form holds it: what the user sees and types. */
interface Values {
  name: string;
  type: string;
  country: string;
  website: string;
  technologyAreas: string;
}

const valuesOf = (partner: Partner): Values => ({
  name: partner.name,
  type: partner.type,
  country: partner.country,
  website: partner.website ?? '',
  technologyAreas: partner.technologyAreas.join(', '),
});

const FIELDS: ConflictField[] = [
  { key: 'name', label: 'Name' },
  { key: 'type', label: 'Type', format: (value) => label(String(value)) },
  { key: 'country', label: 'Country', format: (value) => `${countryName(String(value))} (${String(value)})` },
  { key: 'website', label: 'Website' },
  { key: 'technologyAreas', label: 'Technology areas' },
];

/** Only what the user changed against `base`: a re-applied edit then changes nothing else. */
function changes(base: Values, mine: Values): UpdateBody {
  const body: UpdateBody = {};
  if (mine.name.trim() !== base.name) body.name = mine.name.trim();
  if (mine.type !== base.type) body.type = mine.type as PartnerType;
  if (mine.country.trim().toUpperCase() !== base.country) body.country = mine.country.trim().toUpperCase();
  if (mine.website.trim() !== base.website) body.website = mine.website.trim() || null;
  const areas = parseAreas(mine.technologyAreas);
  if (areas.join(', ') !== base.technologyAreas) body.technologyAreas = areas;
  return body;
}

/**
 * Edit a partner's profile in place. The form keeps the version it loaded (its ETag) and sends it as
 * If-Match; if someone saved in between (412), it shows what they changed against what the user typed
 * and re-applies the user's edits on top of the latest version in one click.
 */
export function EditProfileForm({
  partner,
  etag,
  onSaved,
  onCancel,
}: {
  partner: Partner;
  etag: string;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const submission = useSubmit(PARTNER_FIELD_LABELS);
  const edit = useConflictingEdit({
    record: partner,
    etag,
    submission,
    valuesOf,
    bodyOf: changes,
    send: (target, body) => updatePartner(target.record.id, target.etag, body),
    reload: async (id) => {
      const latest = await getPartner(id);
      return { record: latest.partner, etag: latest.etag };
    },
    changedSince,
    onSaved,
  });
  const { values, setValues, conflict } = edit;
  const set = (key: keyof Values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));

  const { loaded } = edit;
  const dirty =
    diffFields(FIELDS, loaded as unknown as Record<string, unknown>, values as unknown as Record<string, unknown>)
      .length > 0;

  return (
    <form
      className="form"
      aria-label="Edit profile"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        edit.submit();
      }}
    >
      {conflict && (
        <ConflictNotice
          fields={FIELDS}
          loaded={loaded as unknown as Record<string, unknown>}
          latest={valuesOf(conflict.latest) as unknown as Record<string, unknown>}
          mine={values as unknown as Record<string, unknown>}
          changedBy={conflict.by}
          onReapply={edit.reapply}
          onDiscard={edit.discard}
          pending={submission.pending}
        />
      )}
      <FormErrors submission={submission} labels={PARTNER_FIELD_LABELS} />
      <TextField
        label="Name"
        required
        maxLength={200}
        value={values.name}
        onChange={set('name')}
        error={submission.errors.name}
      />
      <Select
        label="Type"
        required
        value={values.type}
        options={options(PARTNER_TYPES)}
        onChange={set('type')}
        error={submission.errors.type}
      />
      <TextField
        label="Country"
        required
        maxLength={2}
        size={4}
        value={values.country}
        onChange={(event) => setValues((current) => ({ ...current, country: event.target.value.toUpperCase() }))}
        error={submission.errors.country}
        hint={/^[A-Za-z]{2}$/.test(values.country) ? countryName(values.country) : 'Two-letter code, such as JP'}
      />
      <TextField
        label="Website"
        optional
        type="url"
        value={values.website}
        onChange={set('website')}
        error={submission.errors.website}
        hint="Leave empty to remove it."
      />
      <TextField
        label="Technology areas"
        optional
        value={values.technologyAreas}
        onChange={set('technologyAreas')}
        error={submission.errors.technologyAreas}
        hint="Separate with commas."
      />
      {!conflict && (
        <div className="actions">
          <button type="submit" className="button primary" disabled={submission.pending || !dirty}>
            {submission.pending ? 'Saving…' : 'Save profile'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </form>
  );
}
