import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** What the console's browser suites share: Debian's Chromium, and the accessibility probes they run in the page. */
// What runs inside the page: the project compiles without the DOM library, so these stay untyped.
declare const document: any, getComputedStyle: any, NodeFilter: any;

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const inBrowser = haveChromium ? describe : describe.skip;

/** The probe's flags: without the networking ones Chromium keeps calling Google's hosts, refused here. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Controls a screen reader could not name: every input, select, textarea and button needs one. */
export function unlabelledControls(): string[] {
  const controls: any[] = [...document.querySelectorAll('input, select, textarea, button')].filter((el: any) => el.offsetParent !== null);
  return controls
    .filter((el) => {
      const labels = el.labels;
      const name =
        el.getAttribute('aria-label') ??
        (labels && labels.length > 0 ? labels[0].textContent : el.tagName === 'BUTTON' ? el.textContent : '');
      return !name?.trim();
    })
    .map((el) => String(el.outerHTML).slice(0, 120));
}

/** Visible text below WCAG AA's 4.5:1 against the background it is drawn on. */
export function lowContrastText(): string[] {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r = 0, g = 0, b = 0]: number[]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (el: any): number[] => {
    for (let node = el; node; node = node.parentElement) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
      if (a > 0 && r !== undefined) return [r, g!, b!];
    }
    return [255, 255, 255];
  };
  const found: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent?.trim() || el.offsetParent === null || el.closest('.visually-hidden, .skip-link')) continue;
    const fg = luminance(rgb(getComputedStyle(el).color));
    const bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) found.push(`${ratio.toFixed(2)} ${el.tagName}.${el.className}: ${node.textContent.trim().slice(0, 30)}`);
  }
  return found;
}
