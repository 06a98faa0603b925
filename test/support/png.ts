import { PNG } from 'pngjs';

/** A PNG decoded: its size and how much of it is drawn (pixels that are not the white background). */
export function inspectPng(bytes: Uint8Array): { width: number; height: number; inked: number; colours: number } {
  const png = PNG.sync.read(Buffer.from(bytes));
  let inked = 0;
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i] as number, png.data[i + 1] as number, png.data[i + 2] as number];
    if (r < 245 || g < 245 || b < 245) inked += 1;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { width: png.width, height: png.height, inked: inked / (png.width * png.height), colours: colours.size };
}
