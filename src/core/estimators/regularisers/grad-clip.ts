/**
 * Gradient clipping by global norm (Pascanu et al. 2013; CleanRL `max_grad_norm` 0.5, via
 * torch.nn.utils.clip_grad_norm_): with n = sqrt(sum over all parameter arrays of g^2),
 * scale every gradient by min(1, maxNorm / (n + 1e-6)). In place; returns the norm before
 * clipping (the "gradient norm" diagnostic). maxNorm <= 0 leaves the gradients alone.
 */
export function clipGlobalNorm(grads: readonly Float64Array[], maxNorm: number): number {
  let ss = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) ss += g[i] * g[i];
  const norm = Math.sqrt(ss);
  if (maxNorm > 0) {
    const scale = maxNorm / (norm + 1e-6);
    if (scale < 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= scale;
  }
  return norm;
}
