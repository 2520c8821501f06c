import { ledger, type LedgerEvent } from '../test/ledger.fixture';
import { BusinessRuleError } from './errors';
import { EventRegistry } from './registry';
import { given } from './testing';

const opened: LedgerEvent = { type: 'LedgerOpened', data: { ledgerId: 'l-1', owner: 'NICT' } };

describe('given/when/then on a decider', () => {
  it('checks the events a command decides', () => {
    given(ledger)
      .given([opened])
      .when({ type: 'CreditLedger', ledgerId: 'l-1', amount: 5 })
      .then([{ type: 'LedgerCredited', data: { ledgerId: 'l-1', amount: 5 } }]);
  });

  it('checks that a command decides nothing', () => {
    given(ledger).given([opened]).when({ type: 'CreditLedger', ledgerId: 'l-1', amount: 0 }).thenNothing();
  });

  it('checks the rule a command breaks, by kind and code', () => {
    given(ledger)
      .given([])
      .when({ type: 'CreditLedger', ledgerId: 'l-1', amount: 5 })
      .thenThrows(BusinessRuleError, 'ledger_not_open');
  });

  it('fails when the decider decides something else', () => {
    expect(() =>
      given(ledger)
        .given([opened])
        .when({ type: 'CreditLedger', ledgerId: 'l-1', amount: 5 })
        .then([{ type: 'LedgerCredited', data: { ledgerId: 'l-1', amount: 6 } }]),
    ).toThrow();
    expect(() =>
      given(ledger).given([opened]).when({ type: 'OpenLedger', ledgerId: 'l-1', owner: 'x' }).thenNothing(),
    ).toThrow();
  });
});

describe('EventRegistry', () => {
  const registry = new EventRegistry([
    {
      type: 'PartnerRegistered',
      version: 3,
      upcasters: {
        1: (d: { name: string }) => ({ ...d, country: 'JP' }),
        2: (d: { name: string; country: string }) => ({ ...d, tier: 'standard' }),
      },
    },
  ]);

  it('upcasts step by step to the current version', () => {
    expect(registry.upcast('PartnerRegistered', 1, { name: 'NICT' })).toEqual({
      name: 'NICT',
      country: 'JP',
      tier: 'standard',
    });
    expect(registry.upcast('PartnerRegistered', 2, { name: 'NICT', country: 'DE' })).toEqual({
      name: 'NICT',
      country: 'DE',
      tier: 'standard',
    });
    expect(registry.currentVersion('PartnerRegistered')).toBe(3);
  });

  it('treats unregistered types as version 1 and leaves them alone', () => {
    expect(registry.upcast('ContactAdded', 1, { a: 1 })).toEqual({ a: 1 });
    expect(registry.currentVersion('ContactAdded')).toBe(1);
  });

  it('refuses a schema with a gap in its upcasters, and an event newer than it knows', () => {
    expect(() => new EventRegistry([{ type: 'X', version: 2 }])).toThrow(/no upcaster from v1/);
    expect(() => registry.upcast('PartnerRegistered', 4, {})).toThrow(/newer than this service understands/);
  });
});
