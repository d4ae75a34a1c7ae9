import fs from "node:fs";
import path from "node:path";
import {
  type BrowserContext,
  type BrowserContextOptions,
  test as base,
  expect,
  type Page,
} from "@playwright/test";

/** Every demo account shares this password (db/seed-demo.ts, scripts/e2e-server.ts). */
export const DEMO_PASSWORD = "demo-pass-2026";

/** Screenshots are 1280 CSS pixels wide, full page. */
export const VIEWPORT = { width: 1280, height: 900 };

/**
 * Logs in through the /login form, as a person would, and waits until the app has taken us away
 * from the login page. Returns the page for chaining.
 */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<Page> {
  await page.goto("/login");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.locator("form:has(#username)").getByRole("button").click(),
  ]);
  // The header names who is logged in (display name · role).
  await expect(page.locator(".whoami")).toBeVisible();
  return page;
}

/** Logs out with the header's button and lands on /login. */
export async function logout(page: Page): Promise<void> {
  await page.locator(".topbar form[action='/logout'] button").click();
  await page.waitForURL(/\/login/);
}

/**
 * Where screenshots go: docs/screenshots/ when UPDATE_SCREENSHOTS=1 (the README's pictures),
 * otherwise test-results/screens/ so a normal run never touches the committed images.
 */
const LOCAL_SCREEN_DIR = path.resolve("test-results/screens");
export const SCREEN_DIR =
  process.env.UPDATE_SCREENSHOTS === "1" ? path.resolve("docs/screenshots") : LOCAL_SCREEN_DIR;

/**
 * A full-page PNG. `docs: false` keeps a picture that is not one of the README's out of
 * docs/screenshots/ even when updating them.
 */
export async function screenshot(page: Page, name: string, opts: { docs?: boolean } = {}): Promise<void> {
  const dir = opts.docs === false ? LOCAL_SCREEN_DIR : SCREEN_DIR;
  fs.mkdirSync(dir, { recursive: true });
  // The pointer left where the last click was would paint a hover state into the picture.
  await page.mouse.move(0, 0);
  // Fonts first: a screenshot taken before the CJK font is ready shows tofu or fallback glyphs.
  await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
  await page.screenshot({ path: path.join(dir, name), fullPage: true, animations: "disabled" });
}

/**
 * Collects what should never happen on any page of a test: a console.error, an uncaught page
 * error, a response with status >= 500. The test fails at its end if anything was collected,
 * unless the test declared that exact message as expected (`guard.allow`).
 */
export interface Guard {
  /** watch one more page (pages of contexts made with `as`/`newContext` are watched already) */
  watch(page: Page): void;
  /** watch every page of a context, now and later */
  watchContext(context: BrowserContext): void;
  /** a console.error matching this pattern is expected in this test (e.g. the browser's 404 line) */
  allow(pattern: RegExp): void;
  readonly problems: string[];
}

function makeGuard(): Guard {
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  const watchedPages = new WeakSet<Page>();
  const watchedContexts = new WeakSet<BrowserContext>();
  const guard: Guard = {
    problems,
    allow(pattern) {
      allowed.push(pattern);
    },
    watch(page) {
      if (watchedPages.has(page)) return;
      watchedPages.add(page);
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = msg.text();
        if (allowed.some((p) => p.test(text))) return;
        const loc = msg.location();
        problems.push(
          `console.error on ${page.url()}: ${text}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`,
        );
      });
      page.on("pageerror", (err) => {
        problems.push(`page error on ${page.url()}: ${err.stack ?? err.message}`);
      });
      page.on("response", (res) => {
        if (res.status() >= 500) problems.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
      });
    },
    watchContext(context) {
      if (watchedContexts.has(context)) return;
      watchedContexts.add(context);
      for (const p of context.pages()) guard.watch(p);
      context.on("page", (p) => guard.watch(p));
    },
  };
  return guard;
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

interface AsOptions extends BrowserContextOptions {
  /** log in through the form even if this worker has a session for the person already */
  fresh?: boolean;
}

interface Fixtures {
  guard: Guard;
  /**
   * A fresh browser context (its own cookies: a different person) logged in as `username` and
   * on that person's home page, watched by the guard, 1280 wide. Closed at the end of the test.
   * The first time per worker the person logs in through the /login form; later contexts start
   * from that session's cookie (a new context all the same), which saves three page loads.
   */
  as: (username: string, options?: AsOptions) => Promise<Page>;
  /** A fresh, watched context that is not logged in. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
}

interface WorkerFixtures {
  /** sessions (cookies) of people who logged in through the form in this worker */
  sessions: Map<string, StorageState>;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  sessions: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as an object pattern
    async ({}, use) => {
      await use(new Map());
    },
    { scope: "worker" },
  ],

  viewport: VIEWPORT,

  guard: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as an object pattern
    async ({}, use, testInfo) => {
      const guard = makeGuard();
      await use(guard);
      if (guard.problems.length) {
        await testInfo.attach("browser-problems", { body: guard.problems.join("\n\n") });
        // Only fail a test that otherwise passed: its own failure is the more useful message.
        if (testInfo.status === testInfo.expectedStatus)
          throw new Error(`The browser reported problems:\n${guard.problems.join("\n")}`);
      }
    },
    { auto: true },
  ],

  context: async ({ context, guard }, use) => {
    guard.watchContext(context);
    await use(context);
  },

  page: async ({ page, guard }, use) => {
    guard.watch(page);
    await use(page);
  },

  newContext: async ({ browser, guard, baseURL, locale, timezoneId }, use) => {
    const made: BrowserContext[] = [];
    await use(async (options = {}) => {
      const ctx = await browser.newContext({
        baseURL,
        locale,
        timezoneId,
        viewport: VIEWPORT,
        ...options,
      });
      made.push(ctx);
      guard.watchContext(ctx);
      return ctx;
    });
    for (const ctx of made) await ctx.close();
  },

  as: async ({ newContext, sessions }, use) => {
    await use(async (username, { fresh = false, ...options } = {}) => {
      const saved = fresh ? undefined : sessions.get(username);
      if (saved) {
        // Only the session cookie; a language chosen in an earlier test is not carried over.
        const cookies = saved.cookies.filter((c) => c.name !== "lang");
        const ctx = await newContext({ ...options, storageState: { cookies, origins: [] } });
        const page = await ctx.newPage();
        await page.goto("/");
        if (!page.url().includes("/login")) {
          await expect(page.locator(".whoami")).toBeVisible();
          return page;
        }
        // The session is gone (logged out elsewhere): log in again below.
        await ctx.clearCookies();
        await login(page, username);
        sessions.set(username, await ctx.storageState());
        return page;
      }
      const ctx = await newContext(options);
      const page = await ctx.newPage();
      await login(page, username);
      sessions.set(username, await ctx.storageState());
      return page;
    });
  },
});

export { expect };
