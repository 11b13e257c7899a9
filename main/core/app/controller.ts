// The app controller: owns the dashboard's state, runs sign-in → accounts → discovery →
// kubeconfig → checks through the core, and pushes a full snapshot on every change. Plain
// Node: the Electron shell and the web bridge (`eks-sso ui`) both host it.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Clock, Logger } from '../context.js';
import { CoreError, serializeError } from '../errors.js';
import type { Settings } from '../settings.js';
import type { ContextView, DiscoveryView, GrantActivity, GrantPlanView, KubeconfigChange, OperationHandlers, SessionView, SignInFlow, StateSnapshot } from '../../contract.js';
import type { AppPorts, CheckOutcome, PlannedContext, PlannedGrant } from './ports.js';
import { SnapshotEmitter } from './snapshot-emitter.js';
import { createRecheckScheduler, type RecheckScheduler } from '../check/scheduler.js';

export interface AppControllerOptions {
  ports: AppPorts;
  clock: Clock;
  logger: Logger;
  /** Opens a URL the sign-in flow issued; null where the host cannot (the web mode). */
  openBrowser: ((url: string) => Promise<void>) | null;
  /** Coalescing delay for snapshots (default 100 ms). */
  snapshotDelayMs?: number;
  /** How often session states are re-read so expiry shows without a user action (default 15 s). */
  sessionPollMs?: number;
  /** Called each time discovery and checks have all finished (the host may give memory back). */
  onSettled?: () => void;
}

interface ContextEntry {
  planned: PlannedContext;
  check: ContextView['check'];
}

const IDLE_DISCOVERY: DiscoveryView = { phase: 'idle', done: 0, total: 0, failures: [], startedAt: null, finishedAt: null };

export class AppController {
  private readonly ports: AppPorts;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly openBrowser: AppControllerOptions['openBrowser'];
  private readonly emitter: SnapshotEmitter<StateSnapshot>;
  private readonly sessionPollMs: number;
  private readonly onSettled: (() => void) | undefined;

  private settings!: Settings;
  private sessions: SessionView[] = [];
  private signIn: SignInFlow | null = null;
  private signInVerificationUri: string | null = null;
  private signInAbort: AbortController | null = null;
  private signInError: StateSnapshot['signInError'] = null;
  private discovery: DiscoveryView = { ...IDLE_DISCOVERY };
  private readonly contexts = new Map<string, ContextEntry>();
  private kubeconfigFile: string | null = null;
  private currentContext: string | null = null;
  private lastChange: KubeconfigChange | null = null;
  private grant: GrantActivity | null = null;
  private readonly plans = new Map<string, { contextName: string; plan: PlannedGrant; view: GrantPlanView }>();
  private refreshChain: Promise<void> = Promise.resolve();
  private initialRefresh: Promise<void> = Promise.resolve();
  private readonly lifetime = new AbortController();
  /** Every check runs through it: background re-checks, and the ones a change asks for now. */
  private readonly rechecks: RecheckScheduler<CheckOutcome>;
  /** The contexts a discovery is checking, to count its progress. */
  private discoveryChecks: { names: Set<string>; done: number } | null = null;
  private sessionPoll: ReturnType<typeof setInterval> | null = null;
  private started = false;

  constructor(options: AppControllerOptions) {
    this.ports = options.ports;
    this.clock = options.clock;
    this.logger = options.logger;
    this.openBrowser = options.openBrowser;
    this.sessionPollMs = options.sessionPollMs ?? 15_000;
    this.onSettled = options.onSettled;
    this.emitter = new SnapshotEmitter(() => this.snapshot(), options.snapshotDelayMs ?? 100);
    // Every discovery and check listens on the app's lifetime signal: many at once is normal.
    setMaxListeners(0, this.lifetime.signal);
    this.rechecks = createRecheckScheduler<PlannedContext, CheckOutcome>({
      clock: this.clock,
      logger: this.logger,
      targets: () => [...this.contexts.values()].map((entry) => entry.planned),
      intervalMs: () => this.recheckIntervalMs(),
      runChecks: (contexts, { signal, onResult }) => this.ports.check([...contexts], { signal, onResult }),
      onChecking: (names) => this.markChecking(names),
      onResult: (outcome) => this.recordCheck(outcome),
      onBatchDone: () => this.notifySettled(),
    });
  }

  /** Loads settings, sessions and the kubeconfig; then discovers for every live session. */
  async start(options: { discover?: boolean } = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.settings = await this.ports.loadSettings();
    await this.reloadSessions();
    await this.reloadCurrentContext();
    this.emitter.flush();
    this.scheduleSessionPoll();
    this.rechecks.start();
    if (options.discover ?? true) this.initialRefresh = this.refreshAll().catch((error) => this.logger.warn('initial discovery failed', { error: serializeError(error) }));
  }

  async close(): Promise<void> {
    this.lifetime.abort(new CoreError('cancelled', 'the app is closing'));
    this.signInAbort?.abort(new CoreError('cancelled', 'the app is closing'));
    if (this.sessionPoll) clearInterval(this.sessionPoll);
    this.sessionPoll = null;
    // Checks in flight may still be caching role credentials: stop() lets them land before the
    // caller treats the app as stopped (and, say, removes its folders).
    await this.rechecks.stop();
    this.emitter.close();
    await this.initialRefresh;
    await this.refreshChain.catch(() => {});
  }

  /**
   * The network may have changed (back online, a VPN came up, resume from sleep): check every
   * context now instead of at its backed-off time. For the Electron shell and the web bridge.
   */
  networkChanged(reason: string): void {
    this.logger.debug('network changed: re-checking', { reason });
    this.rechecks.nudge();
  }

  subscribe(listener: (state: StateSnapshot) => void): () => void {
    return this.emitter.subscribe(listener);
  }

  /** Sends the current snapshot to subscribers at once. */
  flush(): void {
    this.emitter.flush();
  }

  /** Waits until the discovery/check pipeline queued so far has finished. */
  async idle(): Promise<void> {
    await this.initialRefresh;
    await this.refreshChain.catch(() => {});
    await this.rechecks.settled();
  }

  snapshot(): StateSnapshot {
    const favourites = new Set(this.settings?.favourites ?? []);
    const contexts: ContextView[] = [];
    for (const [contextName, entry] of this.contexts) {
      const { planned } = entry;
      contexts.push({
        contextName,
        session: planned.session,
        accountId: planned.accountId,
        accountName: planned.accountName,
        roleName: planned.roleName,
        cluster: {
          name: planned.cluster.name,
          region: planned.cluster.region,
          status: planned.cluster.status,
          authenticationMode: planned.cluster.authenticationMode,
          version: planned.cluster.version,
        },
        check: entry.check,
        inKubeconfig: planned.inKubeconfig,
        isCurrent: contextName === this.currentContext,
        isFavourite: favourites.has(contextName),
      });
    }
    return {
      now: this.clock.now(),
      sessions: this.sessions,
      signIn: this.signIn,
      signInError: this.signInError,
      discovery: this.discovery,
      contexts,
      kubeconfig: { file: this.kubeconfigFile, currentContext: this.currentContext, lastChange: this.lastChange },
      grant: this.grant,
      settings: this.settings,
      capabilities: { openBrowser: this.openBrowser !== null },
    };
  }

  /** The contract's operations, for the IPC handlers and the web bridge. */
  readonly handlers: OperationHandlers = {
    signIn: (input) => this.runSignIn(input),
    cancelSignIn: async () => {
      this.signInAbort?.abort(new CoreError('cancelled', 'sign-in cancelled'));
      return {};
    },
    reopenBrowser: async () => {
      if (!this.signInVerificationUri) throw new CoreError('not-found', 'no sign-in is waiting for the browser', { hint: 'Start the sign-in again' });
      if (!this.openBrowser) throw new CoreError('usage', 'this window cannot open the system browser', { hint: 'Open the verification link shown instead' });
      await this.openBrowser(this.signInVerificationUri);
      return {};
    },
    signOut: async ({ session }) => {
      await this.ports.signOut(session);
      for (const [name, entry] of this.contexts) if (entry.planned.session === session) this.contexts.delete(name);
      this.discovery = { ...this.discovery, failures: this.discovery.failures.filter((failure) => failure.session !== session) };
      if (this.grant && !this.contexts.has(this.grant.contextName)) this.grant = null;
      await this.reloadSessions();
      this.emitter.changed();
      return {};
    },
    refresh: async ({ session }) => {
      await (session ? this.enqueueRefresh([session]) : this.refreshAll());
      return {};
    },
    useContext: async ({ contextName }) => {
      const entry = this.requireContext(contextName);
      if (!entry.planned.inKubeconfig) {
        throw new CoreError('conflict', `${contextName} is not in the kubeconfig: its cluster is ${entry.planned.cluster.status}`, { hint: 'Wait until the cluster is ACTIVE, then refresh' });
      }
      await this.ports.useContext(contextName, this.settings);
      this.currentContext = contextName;
      this.emitter.changed();
      return { currentContext: contextName };
    },
    toggleFavourite: async ({ contextName }) => {
      const favourites = new Set(this.settings.favourites);
      const isFavourite = !favourites.has(contextName);
      if (isFavourite) favourites.add(contextName);
      else favourites.delete(contextName);
      await this.applySettings({ ...this.settings, favourites: [...favourites] });
      return { isFavourite };
    },
    planGrant: async ({ contextName, scope, namespace, policy }) => {
      const entry = this.requireContext(contextName);
      if (scope === 'namespace' && !namespace) throw new CoreError('invalid-input', 'a namespace grant needs a namespace', { hint: 'Type the namespace name' });
      const plan = await this.ports.planGrant(entry.planned, { scope, namespace, policy });
      const planId = randomUUID();
      const view: GrantPlanView = {
        planId,
        contextName,
        clusterName: plan.clusterName,
        authenticationMode: plan.authenticationMode,
        method: plan.method,
        scope: plan.scope,
        namespace: plan.namespace,
        policy: plan.policy,
        principalArn: plan.principalArn,
        actingRole: plan.actingRole,
        steps: plan.steps,
        warnings: plan.warnings,
        noop: plan.noop,
        offerModeChange: plan.offerModeChange,
      };
      this.plans.set(planId, { contextName, plan, view });
      return view;
    },
    applyGrant: async ({ planId }) => {
      const stored = this.plans.get(planId);
      if (!stored) throw new CoreError('not-found', 'that grant plan is no longer known', { hint: 'Plan the grant again' });
      this.plans.delete(planId);
      const entry = this.requireContext(stored.contextName);
      return this.runGrant(planId, stored.contextName, 'apply', (onProgress) => this.ports.applyGrant(entry.planned, stored.plan, onProgress));
    },
    revokeGrant: async ({ contextName }) => {
      const entry = this.requireContext(contextName);
      return this.runGrant(randomUUID(), contextName, 'revoke', (onProgress) => this.ports.revokeGrant(entry.planned, onProgress));
    },
    enableAccessEntries: async ({ contextName }) => {
      const entry = this.requireContext(contextName);
      const { cluster, accountId, session } = entry.planned;
      const sameCluster = [...this.contexts.values()]
        .map((one) => one.planned)
        .filter((one) => one.session === session && one.accountId === accountId && one.cluster.region === cluster.region && one.cluster.name === cluster.name);
      // Plans made for the old mode would now do the wrong thing.
      for (const [planId, stored] of this.plans) if (sameCluster.some((one) => one.contextName === stored.contextName)) this.plans.delete(planId);
      return this.runGrant(randomUUID(), contextName, 'enable-access-entries', async (onProgress) => {
        const outcome = await this.ports.enableAccessEntries(entry.planned, sameCluster, onProgress);
        for (const updated of outcome.contexts) {
          const current = this.contexts.get(updated.contextName);
          if (current) current.planned = updated;
        }
        this.emitter.changed();
        return { summary: outcome.summary, undoable: false };
      });
    },
    recheck: async ({ contextNames }) => {
      await this.recheck(contextNames);
      return {};
    },
    getSettings: async () => this.settings,
    saveSettings: async ({ settings }) => {
      await this.applySettings(settings);
      return this.settings;
    },
    exportProfiles: async () => this.ports.exportProfiles(this.settings),
  };

  // ------------------------------------------------------------------------------------------

  private async runSignIn(input: Parameters<OperationHandlers['signIn']>[0]): Promise<{ session: string }> {
    if (this.signIn) throw new CoreError('conflict', `a sign-in for ${this.signIn.startUrl} is already waiting`, { hint: 'Finish or cancel it first' });
    const abort = new AbortController();
    this.signInAbort = abort;
    const flow = input.flow ?? 'device';
    this.signIn = {
      session: input.session ?? null,
      startUrl: input.startUrl,
      region: input.region,
      flow,
      phase: 'starting',
      userCode: null,
      verificationUri: null,
      expiresAt: null,
    };
    this.signInError = null;
    this.emitter.changed();
    try {
      const { session } = await this.ports.signIn(input, {
        signal: abort.signal,
        openBrowser: this.openBrowser !== null,
        onPrompt: (prompt) => {
          this.signInVerificationUri = prompt.verificationUri;
          this.signIn = {
            session: prompt.session,
            startUrl: input.startUrl,
            region: input.region,
            flow: prompt.flow,
            phase: 'waiting',
            userCode: prompt.userCode,
            verificationUri: prompt.verificationUri,
            expiresAt: prompt.expiresAt,
          };
          this.emitter.changed();
        },
      });
      this.endSignIn();
      await this.reloadSessions();
      this.emitter.changed();
      // Rows of this session already listed are checked with the new sign-in at once.
      this.rechecks.nudge([...this.contexts].filter(([, entry]) => entry.planned.session === session).map(([name]) => name));
      // Discovery follows in the background; the call returns as soon as the person is signed in.
      void this.enqueueRefresh([session]).catch((error) => this.logger.warn('discovery after sign-in failed', { error: serializeError(error) }));
      return { session };
    } catch (error) {
      this.endSignIn();
      const serialized = serializeError(error);
      if (serialized.code !== 'cancelled' && !abort.signal.aborted) this.signInError = serialized;
      this.emitter.changed();
      throw error;
    }
  }

  private endSignIn(): void {
    this.signIn = null;
    this.signInVerificationUri = null;
    this.signInAbort = null;
  }

  private async refreshAll(): Promise<void> {
    await this.reloadSessions();
    const live = this.sessions.filter((session) => session.status === 'signed-in' || session.status === 'expiring').map((session) => session.name);
    if (live.length === 0) return;
    await this.enqueueRefresh(live);
  }

  /** Refreshes run one after another: two overlapping kubeconfig writes gain nothing. */
  private enqueueRefresh(sessions: string[]): Promise<void> {
    const run = this.refreshChain.catch(() => {}).then(() => this.refreshSessions(sessions));
    this.refreshChain = run;
    void run.then(
      () => this.notifySettled(),
      () => this.notifySettled(),
    );
    return run;
  }

  private async refreshSessions(sessions: string[]): Promise<void> {
    const signal = this.lifetime.signal;
    this.discovery = { phase: 'accounts', done: 0, total: sessions.length, failures: [], startedAt: this.clock.now(), finishedAt: null };
    this.emitter.changed();
    const touched: PlannedContext[] = [];
    try {
      // One session failing (signed out elsewhere, portal down) does not stop the others.
      let firstError: unknown = null;
      let discovered = 0;
      for (const session of sessions) {
        try {
          touched.push(...(await this.discoverSession(session, signal)));
          discovered++;
        } catch (error) {
          if (signal.aborted) throw error;
          firstError ??= error;
          this.addFailures([{ session, accountId: '', accountName: `session ${session}`, region: null, error: serializeError(error) }]);
        }
      }
      if (discovered === 0 && firstError) throw firstError;
      this.setProgress('kubeconfig', 0, 1);
      const written = await this.ports.writeKubeconfig(
        [...this.contexts.values()].map((entry) => entry.planned).filter((context) => context.inKubeconfig),
        this.settings,
      );
      this.lastChange = { file: written.file, at: this.clock.now(), added: written.added, updated: written.updated, removed: written.removed };
      await this.reloadCurrentContext();
      this.setProgress('checks', 0, touched.length);
      this.discoveryChecks = { names: new Set(touched.map((context) => context.contextName)), done: 0 };
      try {
        await this.rechecks.checkNow([...this.discoveryChecks.names]);
      } finally {
        this.discoveryChecks = null;
      }
    } finally {
      this.discovery = { ...this.discovery, phase: 'idle', finishedAt: this.clock.now() };
      // A failed listing may be how we learn that the session ended: show it.
      await this.reloadSessions().catch(() => {});
      this.emitter.changed();
    }
  }

  /** Accounts → clusters → planned contexts of one session, replacing that session's rows. */
  private async discoverSession(session: string, signal: AbortSignal): Promise<PlannedContext[]> {
    const { accounts, failures } = await this.ports.accounts(session, {
      signal,
      onProgress: ({ done, total }) => this.setProgress('accounts', done, total),
    });
    this.addFailures(failures);
    this.setProgress('clusters', 0, 0);
    const found = await this.ports.clusters(session, accounts, {
      regions: this.settings.regions,
      signal,
      onProgress: ({ done, total }) => this.setProgress('clusters', done, total),
    });
    this.addFailures(found.failures);
    const planned = this.ports.planContexts(accounts, found.clusters, this.settings);
    for (const [name, entry] of this.contexts) if (entry.planned.session === session) this.contexts.delete(name);
    for (const context of planned) {
      const previous = this.contexts.get(context.contextName);
      this.contexts.set(context.contextName, { planned: context, check: previous?.check ?? pendingCheck() });
    }
    return planned;
  }

  private setProgress(phase: DiscoveryView['phase'], done: number, total: number): void {
    this.discovery = { ...this.discovery, phase, done, total };
    this.emitter.changed();
  }

  private addFailures(failures: Awaited<ReturnType<AppPorts['accounts']>>['failures']): void {
    if (failures.length === 0) return;
    this.discovery = { ...this.discovery, failures: [...this.discovery.failures, ...failures] };
    this.emitter.changed();
  }

  /** Checks these contexts (default all) now, through the scheduler; resolves with their results in. */
  private async recheck(contextNames?: string[]): Promise<void> {
    const names = contextNames ? contextNames.map((name) => (this.requireContext(name), name)) : [...this.contexts.keys()];
    if (names.length === 0) return;
    await this.rechecks.checkNow(names);
  }

  private markChecking(names: string[]): void {
    for (const name of names) {
      const entry = this.contexts.get(name);
      if (entry && entry.check.status === 'pending') entry.check = { ...entry.check, status: 'checking', summary: 'Checking…' };
    }
    this.emitter.changed();
  }

  private recordCheck(outcome: CheckOutcome): void {
    const entry = this.contexts.get(outcome.contextName);
    if (entry) {
      const { contextName: _name, ...check } = outcome;
      entry.check = check;
    }
    const progress = this.discoveryChecks;
    if (progress?.names.has(outcome.contextName)) this.setProgress('checks', ++progress.done, progress.names.size);
    else this.emitter.changed();
  }

  private notifySettled(): void {
    if (!this.rechecks.busy() && this.discovery.phase === 'idle' && !this.lifetime.signal.aborted) this.onSettled?.();
  }

  private async runGrant(
    planId: string,
    contextName: string,
    kind: GrantActivity['kind'],
    perform: (onProgress: (line: string) => void) => Promise<{ summary: string; undoable: boolean }>,
  ): Promise<GrantActivity> {
    if (this.grant && (this.grant.phase === 'applying' || this.grant.phase === 'verifying')) {
      throw new CoreError('conflict', `a grant on ${this.grant.contextName} is still running`, { hint: 'Wait for it to finish' });
    }
    this.grant = { planId, contextName, kind, phase: 'applying', progress: [], result: null, error: null, undoable: false };
    this.emitter.changed();
    const onProgress = (line: string) => {
      if (this.grant?.planId !== planId) return;
      this.grant = { ...this.grant, progress: [...this.grant.progress, line] };
      this.emitter.changed();
    };
    try {
      const outcome = await perform(onProgress);
      this.grant = { ...this.grant, phase: 'verifying', undoable: kind === 'apply' && outcome.undoable };
      this.emitter.changed();
      await this.recheck([contextName]);
      const check = this.contexts.get(contextName)?.check;
      const verdict = check ? ` The context is now ${check.status}: ${check.summary}` : '';
      this.grant = { ...this.grant, phase: 'done', result: `${outcome.summary}.${verdict}` };
    } catch (error) {
      this.grant = { ...this.grant, phase: 'failed', error: serializeError(error), result: null };
    }
    this.emitter.changed();
    return this.grant;
  }

  private requireContext(contextName: string): ContextEntry {
    const entry = this.contexts.get(contextName);
    if (!entry) throw new CoreError('not-found', `no context named "${contextName}"`, { hint: 'Refresh the list and pick one of the contexts shown' });
    return entry;
  }

  private async applySettings(settings: Settings): Promise<void> {
    await this.ports.saveSettings(settings);
    const intervalChanged = settings.recheckIntervalSeconds !== this.settings.recheckIntervalSeconds;
    this.settings = settings;
    if (intervalChanged) this.rechecks.reschedule();
    await this.reloadCurrentContext().catch(() => {});
    this.emitter.changed();
  }

  private async reloadSessions(): Promise<void> {
    const sessions = await this.ports.sessions();
    this.sessions = sessions.map((session) => ({ ...session }));
  }

  private async reloadCurrentContext(): Promise<void> {
    const summary = await this.ports.readCurrentContext(this.settings);
    this.kubeconfigFile = summary.file;
    this.currentContext = summary.currentContext;
  }

  private recheckIntervalMs(): number {
    return this.settings.recheckIntervalSeconds * 1000;
  }

  private scheduleSessionPoll(): void {
    if (this.sessionPoll) clearInterval(this.sessionPoll);
    this.sessionPoll = setInterval(() => {
      // Another process (the CLI, kubectl, `aws sso login`) may have changed them. A snapshot of
      // thousands of contexts goes out only when something did.
      const seen = () => JSON.stringify([this.sessions, this.kubeconfigFile, this.currentContext]);
      const before = seen();
      void this.reloadSessions()
        .then(() => this.reloadCurrentContext())
        .then(() => {
          if (seen() !== before) this.emitter.changed();
        })
        .catch((error) => this.logger.warn('session poll failed', { error: serializeError(error) }));
    }, this.sessionPollMs);
    this.sessionPoll.unref?.();
  }
}

function pendingCheck(): ContextView['check'] {
  return { status: 'pending', summary: 'Not checked yet', detail: null, checkedAt: null };
}

export function createAppController(options: AppControllerOptions): AppController {
  return new AppController(options);
}
