/**
 * Policy-gradient estimators: building blocks (targets, baselines, normalisations, selection,
 * surrogates, aggregation, regularisers, optimisers), their composition (computeAdvantages),
 * presets with cards, exact tabular gradients and batched tfjs losses.
 * See shared/design/estimators.md for the catalog this implements.
 */
export * from './batch';
export * from './spec';
export * from './validate';
export * from './presets';
export * from './needs';
export * from './cards';
export * from './advantages';
export * from './aggregation';

export * from './targets/returns';
export * from './targets/gae';

export * from './baselines/ema';
export * from './baselines/group';
export * from './baselines/optimal';
export * from './baselines/given';
export * from './baselines/tracker';

export * from './normalise/stats';
export * from './normalise/group-std';
export * from './normalise/batch-std';
export * from './normalise/beta';
export * from './normalise/decoupled';
export * from './normalise/stratified';

export * from './selection/outcome';
export * from './selection/filters';

export * from './surrogates';

export * from './regularisers/kl';
export * from './regularisers/covariance';
export * from './regularisers/grad-clip';

export * from './tabular/softmax';
export * from './tabular/gradient';
export * from './tabular/natural';
export * from './tabular/mdpo-exact';
export * from './tabular/grad-logp-norms';

export * from './optimisers/config';
export * from './optimisers/tabular-step';

export * from './tfjs/coefs';
export * from './tfjs/policy-loss';
export * from './tfjs/value-loss';
