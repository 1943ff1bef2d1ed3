/**
 * Diagnostics of shared/design/metrics.md as pure functions over typed arrays: entropy, gradient
 * variance and SNR, distance to the exact gradient, advantage histograms and scale, distinct
 * advantages per group, per-task advantage weights, good-arm coverage, update size, seed bands,
 * throughput, decimation for drawing, and the entropy-return fit of Cui et al. 2025.
 */
export * from './entropy';
export * from './gradientVariance';
export * from './exactGradient';
export * from './advantages';
export * from './distinctAdvantages';
export * from './taskWeights';
export * from './coverage';
export * from './updateSize';
export * from './seedBands';
export * from './throughput';
export * from './decimate';
export * from './entropyFit';
