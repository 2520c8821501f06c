export * from './partner.contract';
export * from './agreement.contract';
export * from './technology-areas';
export * from './project.contract';
