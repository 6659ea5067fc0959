// The demo catalogue's pictures, drawn locally (no network, no stock photos).
import type { RootSpec } from './seed-data.js';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function shapeSvg(shape: RootSpec['shape'], fill: string) {
  switch (shape) {
    case 'circle':
      return `<circle cx="240" cy="210" r="120" fill="${fill}" fill-opacity="0.35"/>`;
    case 'square':
      return `<rect x="130" y="100" width="220" height="220" rx="28" fill="${fill}" fill-opacity="0.35"/>`;
    case 'triangle':
      return `<polygon points="240,80 370,320 110,320" fill="${fill}" fill-opacity="0.35"/>`;
    case 'diamond':
      return `<polygon points="240,70 380,210 240,350 100,210" fill="${fill}" fill-opacity="0.35"/>`;
    case 'hexagon':
      return `<polygon points="240,80 355,145 355,275 240,340 125,275 125,145" fill="${fill}" fill-opacity="0.35"/>`;
  }
}

/** A product picture drawn locally: gradient, a shape per department, the title's initials. */
export async function renderDemoImage(title: string, shape: RootSpec['shape'], palette: [string, string]) {
  const initials = title
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="${palette[0]}"/><stop offset="1" stop-color="${palette[1]}"/></linearGradient></defs>
  <rect width="480" height="480" fill="url(#g)"/>
  ${shapeSvg(shape, '#ffffff')}
  <text x="240" y="250" font-family="DejaVu Sans, Arial, sans-serif" font-size="110" font-weight="700"
        fill="#ffffff" text-anchor="middle">${escapeXml(initials)}</text>
  <text x="240" y="420" font-family="DejaVu Sans, Arial, sans-serif" font-size="24" fill="#ffffff"
        fill-opacity="0.9" text-anchor="middle">${escapeXml(title.slice(0, 34))}</text>
</svg>`;
  // Loaded here, not at start: the API imports this module but only seeds an empty database.
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg)).webp({ quality: 72, effort: 0 }).toBuffer();
}
