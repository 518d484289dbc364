// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountGroupsQueryOptions } from '../../api/account-groups.ts';
import type { LatestRoundHealth } from './latest-round-health.ts';
import { testHealthQueryOptions } from './test-health-query.ts';
import { TestListPage } from './test-list-page.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const CONFIG = { mode: 'simulator', apiVersion: 'v7', buildId: 'test' };

function v7Test(testId: string, testName: string, extra: Record<string, unknown> = {}) {
  return {
    testId,
    testName,
    type: 'voice',
    interval: 300,
    enabled: true,
    alertsEnabled: false,
    codec: 'G.711 @ 64 Kbps',
    codecId: '0',
    server: 'sip.example.net:5060',
    ...extra,
  };
}

const GROUPS = {
  accountGroups: [
    {
      aid: '11',
      accountGroupName: 'Operations',
      isCurrentAccountGroup: true,
      isDefaultAccountGroup: true,
    },
    {
      aid: '22',
      accountGroupName: 'Contact centre',
      isCurrentAccountGroup: false,
      isDefaultAccountGroup: false,
    },
  ],
};

const TESTS = {
  tests: [
    v7Test('6627', 'Cairo SIP trunk'),
    v7Test('6628', 'Berlin contact centre', { enabled: false, interval: 60 }),
    v7Test('6629', 'Austin PBX', { server: undefined }),
  ],
};

type Answer = { status?: number; body: unknown };

/** What the list asks for, as a token that sees GROUPS and TESTS is answered; a test adds or replaces. */
const LIST_ROUTES: Record<string, Answer> = {
  '/api/earshot/config': { body: CONFIG },
  '/api/v7/account-groups': { body: GROUPS },
  '/api/v7/tests/voice': { body: TESTS },
};

/** Answers `/api/…` paths from a table; anything else is a 404 (and recorded). */
function stubFetch(routes: Record<string, Answer | (() => Promise<Answer>)>) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    const route = routes[url];
    const answer: Answer =
      route === undefined
        ? { status: 404, body: { title: 'Not Found' } }
        : typeof route === 'function'
          ? await route()
          : route;
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
  });
  return calls;
}

function LocationProbe() {
  const location = useLocation();
  return <p data-testid="location">{location.pathname + location.search}</p>;
}

function renderPage(
  initialUrl = '/',
  client = new QueryClient({ defaultOptions: { queries: { retry: false } } }),
) {
  // The app's router: it writes the address at once and renders it later, as in the browser.
  window.history.replaceState(null, '', initialUrl);
  return render(
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route
            path="/"
            element={
              <>
                <TestListPage />
                <LocationProbe />
              </>
            }
          />
          <Route path="/tests/:testId" element={<LocationProbe />} />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>,
  );
}

const location = () => screen.getByTestId('location').textContent;

function testNames(): string[] {
  const table = screen.getByRole('table', { name: 'Voice tests' });
  return within(table)
    .queryAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('TestListPage', () => {
  it('lists the voice tests with server, codec, interval and status', async () => {
    stubFetch(LIST_ROUTES);
    renderPage();
    expect(screen.getByRole('heading', { level: 2, name: 'Voice tests' })).toBeTruthy();
    await screen.findByRole('table', { name: 'Voice tests' });
    expect(testNames()).toEqual(['Austin PBX', 'Berlin contact centre', 'Cairo SIP trunk']);
    const berlin = screen.getByRole('row', { name: /Berlin contact centre/ });
    expect(berlin.textContent).toContain('sip.example.net:5060');
    expect(berlin.textContent).toContain('G.711 @ 64 Kbps');
    expect(berlin.textContent).toContain('every 1m');
    expect(berlin.textContent).toContain('Disabled');
    expect(screen.getByRole('row', { name: /Cairo/ }).textContent).toContain('Enabled');
    expect(screen.getByRole('row', { name: /Austin/ }).textContent).toContain('no value');
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
  });

  it("shows the latest round's agents by band, never a one-round grade of the test", async () => {
    stubFetch(LIST_ROUTES);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const cairo = { testId: '6627', intervalSeconds: 300 };
    const { queryKey } = testHealthQueryOptions({ apiVersion: 'v7', aid: undefined, test: cairo });
    const latest: LatestRoundHealth = {
      graded: true,
      roundId: 1_764_158_400, // 2025-11-26 12:00 UTC
      health: 'poor',
      agentsReporting: 30,
      agentsByHealth: { good: 27, fair: 1, poor: 2 },
      worst: { agentName: 'Lima', mos: 3.1, headroom: 1.31 },
    };
    client.setQueryData(queryKey, latest);
    renderPage('/', client);
    await screen.findByRole('table', { name: 'Voice tests' });
    const row = screen.getByRole('row', { name: /Cairo/ });
    const cells = within(row).getAllByRole('cell');
    expect(cells[4]?.textContent).toBe('2 poor, 1 fair of 30 agents 12:00:00 UTC');
    expect(cells[5]?.textContent).toContain('Lima');
    expect(within(row).queryByText(/^(Good|Fair|Poor)$/)).toBeNull();
  });

  it("names a v7 test's target agent from /agents, with its location and port", async () => {
    // v7 tests carry targetAgentId and port, no server (the published spec's VoiceTest).
    const v7Tests = {
      tests: [
        v7Test('7001', 'HQ trunk', { server: undefined, targetAgentId: '501', port: 49152 }),
        v7Test('7002', 'Lab', { server: undefined, targetAgentId: '999', port: 5004 }),
      ],
    };
    const calls = stubFetch({
      ...LIST_ROUTES,
      '/api/v7/tests/voice': { body: v7Tests },
      '/api/v7/agents': {
        body: {
          agents: [
            {
              agentId: '501',
              agentName: 'fra-voice-cluster',
              agentType: 'enterprise-cluster',
              location: 'Frankfurt, Germany',
            },
          ],
        },
      },
    });
    renderPage();
    const table = await screen.findByRole('table', { name: 'Voice tests' });
    expect(within(table).getByRole('columnheader', { name: 'Target' })).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByRole('row', { name: /HQ trunk/ }).textContent).toContain(
        'fra-voice-cluster (Frankfurt, Germany), port 49152',
      ),
    );
    // An agent /agents does not list is still shown by its id, with its port.
    expect(screen.getByRole('row', { name: /Lab/ }).textContent).toContain('agent 999, port 5004');
    expect(calls.filter((url) => url.startsWith('/api/v7/agents'))).toEqual(['/api/v7/agents']);
  });

  it('says how many tests ThousandEyes returned that it could not read, and lists the rest', async () => {
    // The spec makes testId and interval optional; a test without them cannot be opened.
    const { interval: _, ...withoutInterval } = v7Test('6630', 'Dublin trunk');
    const { testId: _id, ...withoutId } = v7Test('6631', 'Oslo trunk');
    stubFetch({
      ...LIST_ROUTES,
      '/api/v7/tests/voice': { body: { tests: [...TESTS.tests, withoutInterval] } },
    });
    renderPage();
    await screen.findByRole('table', { name: 'Voice tests' });
    expect(testNames()).toEqual(['Austin PBX', 'Berlin contact centre', 'Cairo SIP trunk']);
    expect(screen.getByRole('note').textContent).toBe(
      '1 test ThousandEyes returned could not be read and is not listed. ' +
        'Check it in ThousandEyes: Earshot needs its id and interval.',
    );
    cleanup();

    stubFetch({
      ...LIST_ROUTES,
      '/api/v7/tests/voice': { body: { tests: [withoutInterval, withoutId] } },
    });
    renderPage();
    expect(await screen.findByText('No voice tests in this account group')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(
      /^2 tests ThousandEyes returned could not be read and are not listed\./,
    );
  });

  it('says nothing of unreadable tests when every test was read', async () => {
    stubFetch(LIST_ROUTES);
    renderPage();
    await screen.findByRole('table', { name: 'Voice tests' });
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('shows placeholders while loading', async () => {
    let release: ((answer: Answer) => void) | undefined;
    stubFetch({
      ...LIST_ROUTES,
      '/api/v7/tests/voice': () => new Promise<Answer>((resolve) => (release = resolve)),
    });
    renderPage();
    expect(screen.getByText('Loading voice tests…')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Voice tests' }).getAttribute('aria-busy')).toBe(
      'true',
    );
    await waitFor(() => expect(release).toBeDefined());
    expect(screen.getByText('Loading voice tests…')).toBeTruthy();
    release!({ body: TESTS });
    await screen.findByRole('table', { name: 'Voice tests' });
    expect(screen.queryByText('Loading voice tests…')).toBeNull();
  });

  it('filters the tests by name, id or target, and keeps the filter in the URL', async () => {
    stubFetch(LIST_ROUTES);
    renderPage();
    await screen.findByRole('table', { name: 'Voice tests' });
    const filter = screen.getByRole('searchbox', { name: 'Filter tests' });
    fireEvent.change(filter, { target: { value: 'trunk' } });
    expect(testNames()).toEqual(['Cairo SIP trunk']);
    expect(location()).toBe('/?filter=trunk');
    fireEvent.change(filter, { target: { value: '6629' } });
    expect(testNames()).toEqual(['Austin PBX']);
    fireEvent.change(filter, { target: { value: 'tokyo' } });
    expect(screen.queryByRole('table', { name: 'Voice tests' })).toBeNull();
    expect(screen.getByText('No voice tests match “tokyo”')).toBeTruthy();
  });

  it('opens with the filter a link carries', async () => {
    stubFetch(LIST_ROUTES);
    renderPage('/?filter=berlin');
    await screen.findByRole('table', { name: 'Voice tests' });
    expect(testNames()).toEqual(['Berlin contact centre']);
    expect(
      (screen.getByRole('searchbox', { name: 'Filter tests' }) as HTMLInputElement).value,
    ).toBe('berlin');
  });

  it('opens a test with aid carried and no window written', async () => {
    stubFetch({
      ...LIST_ROUTES,
      '/api/v7/tests/voice?aid=22': { body: TESTS },
    });
    renderPage('/?aid=22');
    const link = await screen.findByRole('link', { name: 'Cairo SIP trunk' });
    expect(link.getAttribute('href')).toBe('/tests/6627?aid=22');
    fireEvent.click(link);
    expect(location()).toBe('/tests/6627?aid=22');
  });

  it('moves between tests with the arrow keys', async () => {
    stubFetch(LIST_ROUTES);
    renderPage();
    const first = await screen.findByRole('link', { name: 'Austin PBX' });
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(
      screen.getByRole('link', { name: 'Berlin contact centre' }),
    );
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('link', { name: 'Cairo SIP trunk' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(
      screen.getByRole('link', { name: 'Berlin contact centre' }),
    );
  });

  it('picks an account group into the URL and lists its tests', async () => {
    const calls = stubFetch({
      ...LIST_ROUTES,
      '/api/v7/tests/voice?aid=22': { body: { tests: [v7Test('7001', 'Tokyo hunt group')] } },
    });
    renderPage();
    const picker = await screen.findByRole('combobox', { name: 'Account group' });
    expect((picker as HTMLSelectElement).value).toBe('11');
    fireEvent.change(picker, { target: { value: '22' } });
    expect(location()).toBe('/?aid=22');
    expect(await screen.findByRole('link', { name: 'Tokyo hunt group' })).toBeTruthy();
    expect(calls).toContain('/api/v7/tests/voice?aid=22');
  });

  it('hides the picker when the token sees one account group', async () => {
    stubFetch({
      '/api/earshot/config': { body: CONFIG },
      '/api/v7/tests/voice': { body: TESTS },
    });
    // Seeded, so the groups are known before the tests show: the picker's absence is a decision.
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    client.setQueryData(accountGroupsQueryOptions('v7').queryKey, [
      { aid: '11', name: 'Operations', isCurrent: true, isDefault: true },
    ]);
    renderPage('/', client);
    await screen.findByRole('table', { name: 'Voice tests' });
    expect(screen.queryByRole('combobox', { name: 'Account group' })).toBeNull();
  });

  it('says when the account group has no voice tests', async () => {
    stubFetch({
      ...LIST_ROUTES,
      '/api/v7/tests/voice': { body: { tests: [] } },
    });
    renderPage();
    expect(await screen.findByText('No voice tests in this account group')).toBeTruthy();
  });

  it('explains an error and what to do about it', async () => {
    stubFetch({
      ...LIST_ROUTES,
      '/api/v7/tests/voice?aid=33': {
        status: 403,
        body: { type: 'about:blank', title: 'Forbidden', status: 403 },
      },
    });
    renderPage('/?aid=33');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That account group is not yours');
    expect(alert.textContent).toContain('Pick another account group');
    expect(screen.queryByRole('table', { name: 'Voice tests' })).toBeNull();
  });
});
