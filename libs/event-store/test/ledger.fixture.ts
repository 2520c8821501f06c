import { BusinessRuleError, type Decider, type DomainEvent } from '../src';

/**
 * A deliberately tiny aggregate for testing the machinery: an account that is opened and credited.
 * The services' real deciders follow the same shape.
 */
export type LedgerEvent =
  | DomainEvent<'LedgerOpened', { ledgerId: string; owner: string }>
  | DomainEvent<'LedgerCredited', { ledgerId: string; amount: number }>;

export type LedgerCommand =
  { type: 'OpenLedger'; ledgerId: string; owner: string } | { type: 'CreditLedger'; ledgerId: string; amount: number };

export interface LedgerState {
  open: boolean;
  balance: number;
}

export const ledger: Decider<LedgerState, LedgerCommand, LedgerEvent> = {
  initialState: () => ({ open: false, balance: 0 }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'LedgerOpened':
        return { open: true, balance: 0 };
      case 'LedgerCredited':
        return { ...state, balance: state.balance + event.data.amount };
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenLedger':
        if (state.open) throw new BusinessRuleError('ledger_open', 'the ledger is already open');
        return [{ type: 'LedgerOpened', data: { ledgerId: command.ledgerId, owner: command.owner } }];
      case 'CreditLedger':
        if (!state.open) throw new BusinessRuleError('ledger_not_open', 'open the ledger first');
        if (command.amount === 0) return [];
        return [{ type: 'LedgerCredited', data: { ledgerId: command.ledgerId, amount: command.amount } }];
    }
  },
};
