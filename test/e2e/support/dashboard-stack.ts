import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import {
  SednaSimOptions,
  SednaSimulator,
  startSednaSimulator,
} from '../../../sedna-sim/sedna-simulator';
import type { WorkerRuntime } from '../../../src/worker/worker-runtime';
import { RunningApi, startApi } from '../../support/api';
import { collectPageErrors, launchChromium } from './browser';
import type { StreamDroppingProxy } from './stream-dropping-proxy';
import { ensureWebBuild } from './web-build';

/** The browser an e2e spec drives, the Sedna simulator and the API serving web/dist. */
export interface DashboardStack {
  browser: Browser;
  sim: SednaSimulator;
  api: RunningApi;
}

/**
 * Launches Chromium first (a missing browser fails at once, saying how to install it), builds
 * the dashboard if it is not built, then starts the simulator and the API.
 */
export async function startDashboardStack(
  simOptions: SednaSimOptions = {},
): Promise<DashboardStack> {
  const browser = await launchChromium();
  ensureWebBuild();
  const sim = await startSednaSimulator(simOptions);
  const api = await startApi();
  return { browser, sim, api };
}

/** Closes what a spec started, browser first; a part that never started is passed over. */
export async function stopDashboardStack(parts: {
  browser?: Browser;
  proxy?: StreamDroppingProxy;
  worker?: WorkerRuntime;
  api?: RunningApi;
  sim?: SednaSimulator;
}): Promise<void> {
  await parts.browser?.close();
  await parts.proxy?.close();
  await parts.worker?.shutdown();
  await parts.api?.close();
  await parts.sim?.close();
}

/** How wide the page's content is (px): more than the viewport means sideways scrolling. */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth') as Promise<number>;
}

/** A fresh context and page (15 s default timeout) whose console errors are collected. */
export async function openPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page, errors: collectPageErrors(page) };
}
