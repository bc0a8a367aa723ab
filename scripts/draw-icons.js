#!/usr/bin/env node
/**
 * Draws the Teams app icons from geometry: an eye whose iris holds a small bar chart ("observing Copilot usage").
 *   appPackage/color.png    192×192, full colour, opaque, anti-aliased (4×4 samples per pixel)
 *   appPackage/outline.png  32×32, white on fully transparent only (one sample per pixel: no partial alpha,
 *                           which Teams' package validation rejects)
 * Usage: node scripts/draw-icons.js           writes both files
 *        node scripts/draw-icons.js --check   exits 1 when the committed files differ from what this draws
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

const APP_PACKAGE = path.resolve(__dirname, '..', 'appPackage');

/** The eye: the lens where two circles overlap, `halfWidth` wide and `halfHeight` tall each side of (0.5, 0.5). */
function almond(halfWidth, halfHeight, inset = 0) {
  // A circle through the corners (±halfWidth, 0) and the top (0, -halfHeight) has its centre at (0, k).
  const k = (halfWidth * halfWidth - halfHeight * halfHeight) / (2 * halfHeight);
  const radius = k + halfHeight - inset;
  return (x, y) => {
    const dx = x - 0.5;
    const dy = y - 0.5;
    return dx * dx + (dy - k) ** 2 <= radius * radius && dx * dx + (dy + k) ** 2 <= radius * radius;
  };
}

function circle(cx, cy, r) {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Three rising bars standing on `baseline`, centred on x = 0.5. */
function bars(width, gap, baseline, heights) {
  const step = width + gap;
  const left0 = 0.5 - (heights.length * width + (heights.length - 1) * gap) / 2;
  return (x, y) =>
    heights.some((h, i) => x >= left0 + i * step && x < left0 + i * step + width && y <= baseline && y > baseline - h);
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const PALETTE = {
  backgroundFrom: hex('#4f52b2'),
  backgroundTo: hex('#138a86'),
  eye: hex('#ffffff'),
  iris: hex('#262a7a'),
  chart: hex('#4fe0cf'),
};

/** Colour of one sample point of the colour icon (u, v in 0..1). */
function colourAt(u, v) {
  const eye = almond(0.4, 0.25);
  const iris = circle(0.5, 0.5, 0.19);
  const chart = bars(0.055, 0.03, 0.6, [0.09, 0.14, 0.2]);
  if (chart(u, v)) return PALETTE.chart;
  if (iris(u, v)) return PALETTE.iris;
  if (eye(u, v)) return PALETTE.eye;
  const t = (u + v) / 2; // diagonal gradient, top-left to bottom-right
  return PALETTE.backgroundFrom.map((c, i) => c + (PALETTE.backgroundTo[i] - c) * t);
}

/** Whether one pixel of the outline icon is white (u, v in 0..1). */
function outlineAt(u, v) {
  const px = 1 / 32;
  const ring = almond(0.47, 0.3)(u, v) && !almond(0.47, 0.3, 2 * px)(u, v);
  const pupil = circle(0.5, 0.5, 6.5 * px)(u, v) && !bars(px, px, 0.5 + 3 * px, [3 * px, 5 * px, 7 * px])(u, v);
  return ring || pupil;
}

function drawColour(size = 192, samples = 4) {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          for (let i = 0; i < 3; i++) sum[i] += c[i];
        }
      }
      const o = (y * size + x) * 4;
      for (let i = 0; i < 3; i++) png.data[o + i] = Math.round(sum[i] / (samples * samples));
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

function drawOutline(size = 32) {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = outlineAt((x + 0.5) / size, (y + 0.5) / size);
      const o = (y * size + x) * 4;
      png.data[o] = png.data[o + 1] = png.data[o + 2] = on ? 255 : 0;
      png.data[o + 3] = on ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

function main() {
  const icons = { 'color.png': drawColour(), 'outline.png': drawOutline() };
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [name, bytes] of Object.entries(icons)) {
    const file = path.join(APP_PACKAGE, name);
    if (!check) {
      fs.writeFileSync(file, bytes);
      process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    } else if (!fs.existsSync(file) || !fs.readFileSync(file).equals(bytes)) {
      process.stderr.write(`${name} differs from what scripts/draw-icons.js draws; run it and commit the result\n`);
      stale++;
    }
  }
  if (stale > 0) process.exitCode = 1;
}

main();
