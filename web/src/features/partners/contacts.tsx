import { useState } from 'react';
import { useSession } from '../../app/session';
import { ConfirmDialog, Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { Checkbox, options, Select, TextField } from '../../ui/field';
import { FormErrors } from '../../ui/form-errors';
import { label } from '../../ui/format';
import { Table } from '../../ui/table';
import { useSubmit } from '../../ui/use-submit';
import {
  addContact,
  eraseContact,
  removeContact,
  updateContact,
  type Contact,
  type ContactRole,
  type Partner,
} from './api';
import { CONTACT_ROLES } from '../../api/enums';

const CONTACT_LABELS = { name: 'Name', email: 'E-mail', role: 'Role', internal: 'On our side' };

type Editing = { mode: 'add' } | { mode: 'edit'; contact: Contact } | null;
type Confirming = { mode: 'remove' | 'erase'; contact: Contact } | null;

/**
 * A partner's contacts. Names and e-mail addresses are personal data: viewers don't see them, and an
 * administrator can erase them for good (the history keeps only that a contact existed).
 */
export function Contacts({
  partner,
  etag,
  onChanged,
}: {
  partner: Partner;
  etag: string;
  onChanged: (message: string | null) => void;
}) {
  const { can } = useSession();
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const manage = can('alliance_manager') && partner.status !== 'archived';
  const contacts = partner.contacts.filter((contact) => contact.status !== 'erased' || can('admin'));
  const nameOf = (contact: Contact) => contact.name ?? (contact.status === 'erased' ? 'Erased contact' : 'Hidden');

  return (
    <section className="card wide" aria-labelledby="contacts-title">
      <div className="card-head">
        <h2 id="contacts-title">Contacts</h2>
        {manage && (
          <button type="button" className="button" onClick={() => setEditing({ mode: 'add' })}>
            Add a contact
          </button>
        )}
      </div>
      {!can('alliance_manager', 'legal', 'admin') && (
        <p className="note">
          Names and e-mail addresses are personal data, shown only to alliance managers, legal and administrators.
        </p>
      )}
      <Table
        caption="Contacts"
        rows={contacts}
        rowKey={(contact) => contact.id}
        empty={
          <EmptyState title="No contacts yet.">
            {manage && <p>Add the people you work with at {partner.name}.</p>}
          </EmptyState>
        }
        columns={[
          { key: 'name', header: 'Name', rowHeader: true, cell: nameOf },
          {
            key: 'email',
            header: 'E-mail',
            cell: (contact) => (contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : '—'),
          },
          { key: 'role', header: 'Role', cell: (contact) => label(contact.role) },
          { key: 'side', header: 'Side', cell: (contact) => (contact.internal ? 'Ours' : 'Partner') },
          {
            key: 'actions',
            header: 'Actions',
            cell: (contact) =>
              contact.status === 'erased' ? (
                <span className="muted">Erased</span>
              ) : (
                <span className="row-actions">
                  {manage && (
                    <>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Edit ${nameOf(contact)}`}
                        onClick={() => setEditing({ mode: 'edit', contact })}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Remove ${nameOf(contact)}`}
                        onClick={() => setConfirming({ mode: 'remove', contact })}
                      >
                        Remove
                      </button>
                    </>
                  )}
                  {can('admin') && (
                    <button
                      type="button"
                      className="link-button danger"
                      aria-label={`Erase ${nameOf(contact)}`}
                      onClick={() => setConfirming({ mode: 'erase', contact })}
                    >
                      Erase
                    </button>
                  )}
                </span>
              ),
          },
        ]}
      />
      <ContactDialog
        partner={partner}
        etag={etag}
        editing={editing}
        onClose={() => setEditing(null)}
        onDone={(message) => {
          setEditing(null);
          onChanged(message);
        }}
        onStale={() => onChanged(null)}
      />
      <ConfirmContact
        partner={partner}
        etag={etag}
        confirming={confirming}
        onClose={() => setConfirming(null)}
        onDone={(message) => {
          setConfirming(null);
          onChanged(message);
        }}
        onStale={() => onChanged(null)}
      />
    </section>
  );
}

const STALE =
  'Someone else changed this partner meanwhile. The page now shows the latest version: check it, then try again.';

function ContactDialog({
  partner,
  etag,
  editing,
  onClose,
  onDone,
  onStale,
}: {
  partner: Partner;
  etag: string;
  editing: Editing;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const existing = editing?.mode === 'edit' ? editing.contact : null;
  const key = editing ? (existing?.id ?? 'new') : 'closed';
  return (
    <Dialog open={editing !== null} title={existing ? 'Edit contact' : 'Add a contact'} onClose={onClose}>
      <ContactForm
        key={key}
        partner={partner}
        etag={etag}
        existing={existing}
        onCancel={onClose}
        onDone={onDone}
        onStale={onStale}
      />
    </Dialog>
  );
}

function ContactForm({
  partner,
  etag,
  existing,
  onCancel,
  onDone,
  onStale,
}: {
  partner: Partner;
  etag: string;
  existing: Contact | null;
  onCancel: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const [name, setName] = useState(existing?.name ?? '');
  const [email, setEmail] = useState(existing?.email ?? '');
  const [role, setRole] = useState<string>(existing?.role ?? '');
  const [internal, setInternal] = useState(existing?.internal ?? false);
  const submission = useSubmit(CONTACT_LABELS);
  const stale = submission.problem?.status === 412;

  const submit = async () => {
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = 'Enter the contact’s name.';
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) missing.email = 'Enter an e-mail address such as name@example.com.';
    if (!role) missing.role = 'Choose the contact’s role.';
    if (Object.keys(missing).length) return submission.fail(missing);
    const body = { name: name.trim(), email: email.trim(), role: role as ContactRole, internal };
    const result = await submission.run(() =>
      existing ? updateContact(partner.id, existing.id, etag, body) : addContact(partner.id, etag, body),
    );
    if (result) onDone(existing ? `${body.name} updated.` : `${body.name} added as a contact.`);
    else onStale();
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="dialog-body">
        {stale && (
          <p className="form-errors" role="alert">
            {STALE}
          </p>
        )}
        <FormErrors submission={submission} labels={CONTACT_LABELS} />
        <TextField
          label="Name"
          required
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={submission.errors.name}
        />
        <TextField
          label="E-mail"
          type="email"
          required
          maxLength={320}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={submission.errors.email}
        />
        <Select
          label="Role"
          required
          value={role}
          placeholder="Choose…"
          options={options(CONTACT_ROLES)}
          onChange={(event) => setRole(event.target.value)}
          error={submission.errors.role}
        />
        <Checkbox
          label="On our side of the partnership"
          checked={internal}
          onChange={(event) => setInternal(event.target.checked)}
          hint="Tick for colleagues; leave unticked for people at the partner."
        />
      </div>
      <div className="dialog-actions">
        <button type="submit" className="button primary" disabled={submission.pending}>
          {submission.pending ? 'Saving…' : existing ? 'Save contact' : 'Add contact'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ConfirmContact({
  partner,
  etag,
  confirming,
  onClose,
  onDone,
  onStale,
}: {
  partner: Partner;
  etag: string;
  confirming: Confirming;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const submission = useSubmit();
  const contact = confirming?.contact;
  const erase = confirming?.mode === 'erase';
  const name = contact?.name ?? 'this contact';
  return (
    <ConfirmDialog
      open={confirming !== null}
      title={erase ? `Erase ${name}'s personal data?` : `Remove ${name}?`}
      confirmLabel={erase ? 'Erase for good' : 'Remove contact'}
      danger
      pending={submission.pending}
      error={submission.problem?.status === 412 ? STALE : submission.message}
      onCancel={() => {
        submission.reset();
        onClose();
      }}
      onConfirm={() => {
        if (!contact) return;
        void submission
          .run(() => (erase ? eraseContact(partner.id, contact.id, etag) : removeContact(partner.id, contact.id, etag)))
          .then((result) => {
            if (result) onDone(erase ? 'Personal data erased.' : `${name} removed.`);
            else onStale();
          });
      }}
    >
      {erase ? (
        <p>
          The name and e-mail address become unreadable everywhere Accord stored them, including the history. This
          cannot be undone. The history keeps only that a contact existed.
        </p>
      ) : (
        <p>
          {name} is no longer listed as a contact of {partner.name}. Their details stay in the history until an
          administrator erases them.
        </p>
      )}
    </ConfirmDialog>
  );
}
