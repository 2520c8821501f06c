import { BusinessRuleError, ValidationError } from '@accord/event-store';
import { normalisePartnerName, normaliseTechnologyAreas } from '../partner.decide';
import { partner, partnerId, profile, registered } from '../../../test/partner.given';

describe('registering a partner', () => {
  it('records the profile, normalised: trimmed name, upper-case country, hyphenated lower-case tags', () => {
    partner()
      .given([])
      .when({
        type: 'RegisterPartner',
        partnerId,
        tier: 'strategic',
        profile: {
          ...profile,
          name: '  University   of Tokyo ',
          country: 'jp',
          technologyAreas: ['AI', 'Brain Morphic AI', 'ai'],
        },
      })
      .then([
        {
          type: 'PartnerRegistered',
          data: { partnerId, tier: 'strategic', ...profile, technologyAreas: ['ai', 'brain-morphic-ai'] },
        },
      ]);
  });

  it('refuses a blank name', () => {
    partner()
      .given([])
      .when({ type: 'RegisterPartner', partnerId, tier: 'key', profile: { ...profile, name: '   ' } })
      .thenThrows(ValidationError, 'invalid_partner');
  });

  it('refuses to register the same id twice', () => {
    partner()
      .given([registered])
      .when({ type: 'RegisterPartner', partnerId, tier: 'key', profile })
      .thenThrows(BusinessRuleError, 'partner_exists');
  });
});

describe('normalisation', () => {
  it('compares partner names regardless of case, accents, punctuation and a leading "The"', () => {
    expect(normalisePartnerName('The University of Tokyo')).toBe(normalisePartnerName('university of  TOKYO.'));
    expect(normalisePartnerName('Fraunhofer-IOSB')).toBe('fraunhofer iosb');
    expect(normalisePartnerName('Université Paris-Saclay')).toBe('universite paris saclay');
  });

  it('turns free technology areas into comparable tags', () => {
    expect(normaliseTechnologyAreas(['Quantum Cryptography', 'quantum_cryptography', ' AI ', '5G/6G'])).toEqual([
      'quantum-cryptography',
      'ai',
      '5g6g',
    ]);
  });
});
