export * from './partner.contract';
