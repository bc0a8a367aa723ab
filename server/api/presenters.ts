import type * as I from '../core/insights/types';
import type * as W from './contracts';

/** Explicit field lists from the insights layer's shapes to the wire: nothing reaches a client by accident. */
const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function presentPage<T, U>(
  page: I.Page<T>,
  present: (item: T) => U,
): { items: U[]; nextCursor: string | null; total: number } {
  return { items: page.items.map(present), nextCursor: page.nextCursor, total: page.total };
}

function userRef(u: I.UserRef): I.UserRef {
  return {
    userId: u.userId,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    department: u.department,
  };
}

export function presentAppCount(a: I.AppCount): W.Wire<I.AppCount> {
  return {
    appKey: a.appKey,
    appName: a.appName,
    users: a.users,
    sessions: a.sessions,
    prompts: a.prompts,
    responses: a.responses,
    interactions: a.interactions,
  };
}

export function presentDaily(d: I.DailyAppRow): W.DailyAppRow {
  return {
    day: d.day,
    appKey: d.appKey,
    appName: d.appName,
    prompts: d.prompts,
    responses: d.responses,
    interactions: d.interactions,
  };
}

export function presentTopUser(u: I.TopUserRow): W.Wire<I.TopUserRow> {
  return { ...userRef(u), prompts: u.prompts, interactions: u.interactions, activeDays: u.activeDays };
}

export function presentRun(r: I.SyncRunSummary): W.SyncRunSummary {
  return {
    runId: r.runId,
    mode: r.mode,
    trigger: r.trigger,
    status: r.status,
    stage: r.stage,
    startedAt: iso(r.startedAt),
    endedAt: isoOrNull(r.endedAt),
    durationMs: r.durationMs,
    progress: { usersTotal: r.progress.usersTotal, usersDone: r.progress.usersDone, pages: r.progress.pages },
    counts: { ...r.counts },
    errorCount: r.errorCount,
    errors: r.errors.map((e) => ({
      userId: e.userId,
      userPrincipalName: e.userPrincipalName,
      code: e.code,
      message: e.message,
      at: iso(e.at),
    })),
    message: r.message,
  };
}

export function presentOverview(o: I.Overview): W.Overview {
  return {
    range: { from: iso(o.range.from), to: iso(o.range.to) },
    activeUsers: o.activeUsers,
    licensedUsers: o.licensedUsers,
    licensedWithoutActivity: o.licensedWithoutActivity,
    licensedUnreadable: o.licensedUnreadable,
    agents: o.agents,
    sessions: o.sessions,
    prompts: o.prompts,
    responses: o.responses,
    dataSources: o.dataSources,
    apps: o.apps.map(presentAppCount),
    topUsers: o.topUsers.map(presentTopUser),
    daily: o.daily.map(presentDaily),
    lastSync: o.lastSync ? presentRun(o.lastSync) : null,
    dataAsOf: isoOrNull(o.dataAsOf),
  };
}

export function presentAgent(a: I.AgentRow): W.AgentRow {
  return {
    ...userRef(a),
    id: a.id,
    appKey: a.appKey,
    appName: a.appName,
    known: a.known,
    firstAt: iso(a.firstAt),
    lastAt: iso(a.lastAt),
    promptCount: a.promptCount,
    responseCount: a.responseCount,
    interactionCount: a.interactionCount,
    conversationCount: a.conversationCount,
  };
}

function sourceRef(s: I.DataSourceRef): I.DataSourceRef {
  return { key: s.key, kind: s.kind, name: s.name, url: s.url };
}

export function presentActivity(r: I.ActivityRow): W.ActivityRow {
  return {
    ...userRef(r),
    id: r.id,
    type: r.type,
    at: iso(r.at),
    appKey: r.appKey,
    appName: r.appName,
    conversationId: r.conversationId,
    sessionId: r.sessionId,
    ...(r.promptCount === undefined ? {} : { promptCount: r.promptCount }),
    ...(r.responseCount === undefined ? {} : { responseCount: r.responseCount }),
    ...(r.dataSource ? { dataSource: sourceRef(r.dataSource) } : {}),
  };
}

export function presentConversation(c: I.Conversation): W.Conversation {
  return {
    ...userRef(c),
    id: c.id,
    sessionId: c.sessionId,
    appKey: c.appKey,
    appName: c.appName,
    firstAt: iso(c.firstAt),
    lastAt: iso(c.lastAt),
    promptCount: c.promptCount,
    responseCount: c.responseCount,
    messages: c.messages.map((m) => ({
      id: m.id,
      type: m.type,
      at: iso(m.at),
      contentType: m.contentType,
      content: m.content,
      dataSources: m.dataSources.map(sourceRef),
    })),
    dataSources: c.dataSources.map(sourceRef),
  };
}

export function presentUser(u: I.UserRow): W.UserRow {
  return {
    ...userRef(u),
    jobTitle: u.jobTitle,
    firstActiveAt: iso(u.firstActiveAt),
    lastActiveAt: iso(u.lastActiveAt),
    promptCount: u.promptCount,
    responseCount: u.responseCount,
    interactionCount: u.interactionCount,
    conversationCount: u.conversationCount,
    appCounts: { ...u.appCounts },
    trend: [...u.trend],
  };
}

export function presentInactive(u: I.LicensedInactiveRow): W.LicensedInactiveRow {
  return {
    ...userRef(u),
    jobTitle: u.jobTitle,
    accountEnabled: u.accountEnabled,
    copilotEnabled: u.copilotEnabled,
    firstSeenAt: iso(u.firstSeenAt),
  };
}

export function presentUserSyncError(u: I.UserSyncErrorRow): W.UserSyncErrorRow {
  return {
    ...userRef(u),
    jobTitle: u.jobTitle,
    copilotEnabled: u.copilotEnabled,
    hasActivity: u.hasActivity,
    licensedSince: iso(u.licensedSince),
    lastReadAt: isoOrNull(u.lastReadAt),
    errorCode: u.errorCode,
    errorStatus: u.errorStatus,
    errorMessage: u.errorMessage,
    lastErrorAt: isoOrNull(u.lastErrorAt),
    advice: u.advice,
  };
}

export function presentDataSource(s: I.DataSourceRow): W.DataSourceRow {
  return {
    ...sourceRef(s),
    host: s.host,
    firstAt: iso(s.firstAt),
    lastAt: iso(s.lastAt),
    referenceCount: s.referenceCount,
    userCount: s.userCount,
    appKeys: [...s.appKeys],
  };
}

export function presentAccess(e: I.AccessLogEntry): W.AccessLogEntry {
  return {
    id: e.id,
    at: iso(e.at),
    viewer: { userId: e.viewer.userId, name: e.viewer.name, upn: e.viewer.upn, demo: e.viewer.demo },
    subjectUserId: e.subjectUserId,
    subjectName: e.subjectName,
    what: e.what,
    sessionId: e.sessionId,
    via: e.via,
    shownIn: e.shownIn,
    reason: e.reason,
  };
}

export function presentSyncStatus(s: I.SyncStatus): W.SyncStatus {
  return {
    running: s.running ? presentRun(s.running) : null,
    lastRun: s.lastRun ? presentRun(s.lastRun) : null,
    lastSuccessfulAt: isoOrNull(s.lastSuccessfulAt),
    nextRunAt: isoOrNull(s.nextRunAt),
    usersWithErrors: s.usersWithErrors,
  };
}
