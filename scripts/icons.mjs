/**
 * Builds the application icons from resources/icon.svg: PNGs for Linux and the window
 * (resources/icons/NxN.png and resources/icon.png at 1024), icon.icns for macOS and icon.ico
 * for Windows. Run with `npm run icons` after editing the SVG, and commit what it writes.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const svg = readFileSync(join(resources, 'icon.svg'));

/** Sizes electron-builder's Linux targets pick from by name; 1024 also feeds the ICNS and ICO. */
export const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

// Each size is rendered from the vector, not scaled down from the big one, so small sizes stay crisp.
const render = (size) => new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();

mkdirSync(join(resources, 'icons'), { recursive: true });
for (const size of SIZES) writeFileSync(join(resources, 'icons', `${size}x${size}.png`), render(size));
const big = render(1024);
writeFileSync(join(resources, 'icon.png'), big);

// png2icons scales the 1024 source down itself; BICUBIC2 is its sharpest filter, 0 keeps full colour.
const icns = png2icons.createICNS(big, png2icons.BICUBIC2, 0);
// PNG-compressed entries for every size, with the layout Windows expects for an .exe icon.
const ico = png2icons.createICO(big, png2icons.BICUBIC2, 0, true, true);
if (!icns || !ico) throw new Error('png2icons could not build the ICNS or ICO');
writeFileSync(join(resources, 'icon.icns'), icns);
writeFileSync(join(resources, 'icon.ico'), ico);
console.log(`icons: ${SIZES.length} PNGs, icon.png (1024), icon.icns (${icns.length} bytes), icon.ico (${ico.length} bytes)`);
