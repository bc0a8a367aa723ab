import { PNG } from 'pngjs';

/** Teams' icon rules: colour 192×192; outline 32×32 with only white pixels on a fully transparent background. */
export const ICON_RULES = {
  color: { width: 192, height: 192 },
  outline: { width: 32, height: 32 },
} as const;

function readPng(name: string, bytes: Buffer): PNG | string {
  try {
    return PNG.sync.read(bytes);
  } catch (error) {
    return `${name} is not a readable PNG (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Problems with the two icons, as readable sentences; empty when both are fine. */
export function checkIcons(icons: { color: Buffer; outline: Buffer }): string[] {
  const problems: string[] = [];
  const color = readPng('color.png', icons.color);
  const outline = readPng('outline.png', icons.outline);
  if (typeof color === 'string') problems.push(color);
  else if (color.width !== ICON_RULES.color.width || color.height !== ICON_RULES.color.height) {
    problems.push(`color.png is ${color.width}×${color.height}; Teams needs 192×192`);
  }
  if (typeof outline === 'string') {
    problems.push(outline);
    return problems;
  }
  if (outline.width !== ICON_RULES.outline.width || outline.height !== ICON_RULES.outline.height) {
    problems.push(`outline.png is ${outline.width}×${outline.height}; Teams needs 32×32`);
  }
  let stray = 0;
  let white = 0;
  const d = outline.data;
  for (let i = 0; i < d.length; i += 4) {
    const alpha = d[i + 3] as number;
    if (alpha === 0) continue;
    if (alpha === 255 && d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) white++;
    else stray++;
  }
  if (stray > 0) {
    problems.push(`outline.png has ${stray} pixels that are neither opaque white nor fully transparent`);
  }
  if (white === 0) problems.push('outline.png has no white pixels: the outline is empty');
  return problems;
}
