/** The browser side of `npm run bench`: runs the workload in a worker on ?backend=, posts JSON. */
const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (e: MessageEvent<object>) => {
  (window as unknown as { __bench: object }).__bench = e.data;
  (document.getElementById('out') as HTMLElement).textContent = JSON.stringify(e.data, null, 2);
};
worker.onerror = (e) => {
  (window as unknown as { __bench: object }).__bench = {
    bench: 'training',
    runtime: 'chromium',
    error: e.message,
  };
};
worker.postMessage({
  backend: params.get('backend') ?? 'auto',
  seconds: Number(params.get('seconds') ?? 3),
});
