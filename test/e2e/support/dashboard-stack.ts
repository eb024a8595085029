import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import {
  SednaSimOptions,
  SednaSimulator,
  startSednaSimulator,
} from '../../../sedna-sim/sedna-simulator';
import type { WorkerRuntime } from '../../../src/worker/build-worker';
import { RunningApi, startApi } from '../../support/api';
import { startTestWorker } from '../../support/worker';
import { collectPageErrors, launchChromium } from './browser';
import { startStreamDroppingProxy, StreamDroppingProxy } from './stream-dropping-proxy';
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

export interface DashboardStackOptions {
  sim?: SednaSimOptions;
  /** A Temporal worker in this process, for specs that run syncs. */
  worker?: boolean;
  /** A stream-dropping proxy in front of the API (`proxy.url`), for specs that cut the stream. */
  proxy?: boolean;
}

/**
 * The spec file's dashboard stack: started before its tests (startDashboardStack, then the
 * worker and the proxy when asked for), stopped after them. The object is filled in
 * `beforeAll`; read its parts inside tests and hooks.
 */
export function useDashboardStack(
  opts: DashboardStackOptions & { proxy: true },
): DashboardStack & { proxy: StreamDroppingProxy };
export function useDashboardStack(opts?: DashboardStackOptions): DashboardStack;
export function useDashboardStack(
  opts: DashboardStackOptions = {},
): DashboardStack & { proxy?: StreamDroppingProxy } {
  const stack = {} as DashboardStack & { proxy?: StreamDroppingProxy };
  let worker: WorkerRuntime | undefined;
  beforeAll(async () => {
    Object.assign(stack, await startDashboardStack(opts.sim));
    if (opts.worker) worker = await startTestWorker();
    if (opts.proxy) stack.proxy = await startStreamDroppingProxy(stack.api.url);
  }, 300_000);
  afterAll(() => stopDashboardStack({ ...stack, worker }));
  return stack;
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
