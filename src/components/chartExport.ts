/**
 * Chart export: the chart's SVG as a standalone .svg file, or rasterised to PNG at 2x for slides.
 * Works on any <svg> element (recharts draws one), with the page's fonts and a white background.
 */
function serialize(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('style', 'background:#fff;font-family:system-ui,sans-serif');
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function exportSvg(svg: SVGSVGElement, name: string): void {
  save(`${name}.svg`, new Blob([serialize(svg).text], { type: 'image/svg+xml' }));
}

export function exportPng(svg: SVGSVGElement, name: string): void {
  const { text, width, height } = serialize(svg);
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * 2);
    canvas.height = Math.ceil(height * 2);
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    canvas.toBlob((blob) => blob && save(`${name}.png`, blob), 'image/png');
  };
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}
