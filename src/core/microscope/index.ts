/**
 * The estimator microscope: many independent batches of a frozen policy, each estimator's
 * gradient on each, and how the cloud of estimates sits around the exact gradient.
 */
export * from './banditBatches';
export * from './banditTheory';
export * from './cloudStatistics';
export * from './estimatorGradient';
export * from './microscope';
export * from './projection';
export * from './sweep';
