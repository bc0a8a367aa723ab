import { COPILOT_CHAT_SERVICE_PLAN_ID, M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { COPILOT_APPS, resolveApp } from '../../../server/core/appCatalog';
import { extractDataSources } from '../../../server/core/sync/dataSourceExtractor';
import { createSyntheticTenant, type SyntheticTenant } from '../../../server/graph/simulator/syntheticTenant';
import type { AiInteraction } from '../../../server/graph/types';
import { DAY_MS, REFERENCE_TIME } from './simulatorTestKit';

const tenant200 = createSyntheticTenant({ seed: 2026, userCount: 200, referenceTime: REFERENCE_TIME });

function allInteractions(tenant: SyntheticTenant): Array<{ userId: string; interaction: AiInteraction }> {
  return [...tenant.groundTruth()];
}

describe('a synthetic tenant', () => {
  it('is the same for the same seed and different for another seed', () => {
    const a = createSyntheticTenant({ seed: 7, userCount: 30, referenceTime: REFERENCE_TIME });
    const b = createSyntheticTenant({ seed: 7, userCount: 30, referenceTime: REFERENCE_TIME });
    const c = createSyntheticTenant({ seed: 8, userCount: 30, referenceTime: REFERENCE_TIME });
    expect(b.tenantId).toBe(a.tenantId);
    expect(b.app).toEqual(a.app);
    expect(b.users).toEqual(a.users);
    for (const user of a.users) expect(b.interactionsFor(user.graph.id)).toEqual(a.interactionsFor(user.graph.id));
    expect(c.tenantId).not.toBe(a.tenantId);
    expect(c.users.map((u) => u.graph.id)).not.toEqual(a.users.map((u) => u.graph.id));
  });

  it('regenerates an evicted history identically', () => {
    const tenant = createSyntheticTenant({ seed: 3, userCount: 30, referenceTime: REFERENCE_TIME, cacheUsers: 2 });
    const active = tenant.users.filter((u) => u.active).slice(0, 5);
    const first = active.map((u) => tenant.interactionsFor(u.graph.id));
    const second = active.map((u) => tenant.interactionsFor(u.graph.id));
    expect(second).toEqual(first);
  });

  it('has a realistic license mix with users the export API refuses', () => {
    const users = tenant200.users;
    const licensed = users.filter((u) => u.licensed);
    expect(licensed.length / users.length).toBeGreaterThan(0.55);
    expect(licensed.length / users.length).toBeLessThan(0.85);
    expect(licensed.filter((u) => u.active).length / licensed.length).toBeGreaterThan(0.65);
    expect(licensed.some((u) => u.copilotEnabled && !u.active)).toBe(true);
    const forbidden = users.filter((u) => u.licensed && !u.copilotEnabled);
    expect(forbidden.length).toBeGreaterThanOrEqual(1);
    expect(tenant200.forbiddenUserIds()).toEqual(forbidden.map((u) => u.graph.id));
    for (const user of licensed)
      expect(user.graph.assignedLicenses.some((l) => l.skuId === M365_COPILOT_SKU_ID)).toBe(true);
    for (const user of users.filter((u) => !u.licensed)) {
      expect(user.graph.assignedLicenses.some((l) => l.skuId === M365_COPILOT_SKU_ID)).toBe(false);
      expect(user.active).toBe(false);
    }
    expect(users.some((u) => u.graph.accountEnabled === false)).toBe(true);
  });

  it('marks a disabled chat plan the way Graph does (disabledPlans and no assigned plan)', () => {
    const small = createSyntheticTenant({ seed: 1, userCount: 20, referenceTime: REFERENCE_TIME });
    const disabled = [small, tenant200].flatMap((t) =>
      t.users.filter((u) =>
        u.graph.assignedLicenses.some((l) => l.disabledPlans.includes(COPILOT_CHAT_SERVICE_PLAN_ID)),
      ),
    );
    expect(disabled.length).toBeGreaterThanOrEqual(1);
    for (const user of disabled) {
      expect(user.copilotEnabled).toBe(false);
      expect(user.graph.assignedPlans?.some((p) => p.servicePlanId === COPILOT_CHAT_SERVICE_PLAN_ID)).toBe(false);
    }
  });

  it('gives users unique principal names in first.last@domain form with departments and titles', () => {
    const upns = tenant200.users.map((u) => u.graph.userPrincipalName);
    expect(new Set(upns).size).toBe(upns.length);
    expect(tenant200.users[0]?.graph.displayName).toBe('Alex Wilber');
    for (const user of tenant200.users)
      expect(user.graph.userPrincipalName).toMatch(
        new RegExp(`^[a-z0-9-]+\\.[a-z0-9-]+\\d*@${tenant200.domain.replace('.', '\\.')}$`),
      );
    const departments = new Set(tenant200.users.map((u) => u.graph.department));
    expect(departments.size).toBeGreaterThanOrEqual(8);
    expect(tenant200.users.filter((u) => u.graph.jobTitle).length).toBeGreaterThan(180);
  });

  it('names every user "Given Surname": one space, nothing around it (the demo people at line ends too)', () => {
    const names = tenant200.users.map((u) => u.graph.displayName ?? '');
    for (const name of names) expect(name).toMatch(/^\S+ \S+$/);
    // The demo list's names at the end of its lines come out whole.
    expect(names).toEqual(expect.arrayContaining(['Lidia Holloway', 'Miriam Graham', 'Irvin Sayers']));
  });

  it('names every data source on one line with single spaces (the topics and customers at line ends too)', () => {
    const names = new Set<string>();
    for (const user of tenant200.users.filter((u) => u.active))
      for (const i of tenant200.interactionsFor(user.graph.id))
        for (const s of extractDataSources(i)) if (s.name) names.add(s.name);
    expect(names.size).toBeGreaterThan(100);
    const broken = [...names].filter((name) => !/^\S+(?: \S+)*$/.test(name));
    expect(broken).toEqual([]);
    // The phrases a line break once joined keep their words, so every seed's names read as before, on one line.
    expect([...names].some((name) => name.startsWith('Relecloud Trey Research '))).toBe(true);
  });

  it('pairs every prompt with one response sharing requestId and sessionId, 1–20 s later', () => {
    const problems: string[] = [];
    let pairs = 0;
    for (const user of tenant200.users.filter((u) => u.active)) {
      const byRequest = new Map<string, AiInteraction[]>();
      for (const i of tenant200.interactionsFor(user.graph.id))
        byRequest.set(i.requestId as string, [...(byRequest.get(i.requestId as string) ?? []), i]);
      for (const [requestId, pair] of byRequest) {
        const prompt = pair.find((i) => i.interactionType === 'userPrompt');
        const response = pair.find((i) => i.interactionType === 'aiResponse');
        const gap = Date.parse(response?.createdDateTime ?? '') - Date.parse(prompt?.createdDateTime ?? '');
        if (pair.length !== 2 || !prompt || !response) problems.push(`${requestId}: ${pair.length} interactions`);
        else if (response.sessionId !== prompt.sessionId) problems.push(`${requestId}: sessions differ`);
        else if (!(gap >= 1_000 && gap <= 20_100)) problems.push(`${requestId}: answered after ${gap} ms`);
        pairs++;
      }
    }
    expect(problems).toEqual([]);
    expect(pairs).toBeGreaterThan(1_000);
  });

  it('uses epoch-millisecond ids unique per user, etag = id, and Graph-shaped session ids', () => {
    const problems: string[] = [];
    for (const user of tenant200.users.filter((u) => u.active)) {
      const list = tenant200.interactionsFor(user.graph.id);
      if (new Set(list.map((i) => i.id)).size !== list.length) problems.push(`duplicate ids for ${user.graph.id}`);
      for (const i of list) {
        if (i.id !== String(Date.parse(i.createdDateTime)) || i.etag !== i.id)
          problems.push(`id ${i.id} vs ${i.createdDateTime}`);
        if (!/^19:[A-Za-z0-9_-]{43}1@thread\.v2$/.test(i.sessionId)) problems.push(`sessionId ${i.sessionId}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes from identities exactly as the documented examples do', () => {
    const user = tenant200.users.find((u) => u.active)!;
    const list = tenant200.interactionsFor(user.graph.id);
    const prompt = list.find((i) => i.interactionType === 'userPrompt')!;
    expect(prompt.from).toEqual({
      '@odata.type': '#microsoft.graph.chatMessageFromIdentitySet',
      application: null,
      device: null,
      user: {
        '@odata.type': '#microsoft.graph.teamworkUserIdentity',
        id: user.graph.id,
        displayName: `8:orgid:${user.graph.id}`,
        userIdentityType: 'aadUser',
        tenantId: tenant200.tenantId,
      },
    });
    const response = list.find((i) => i.interactionType === 'aiResponse')!;
    expect(response.from.user).toBeNull();
    expect(response.from.application).toMatchObject({
      '@odata.type': '#microsoft.graph.teamworkApplicationIdentity',
      id: 'fb8d773d-7ef8-4ec0-a117-179f88add510',
      applicationIdentityType: 'bot',
    });
  });

  it('uses all 12 catalogued apps with a skew, plus unrecognised appClasses and the Powerpoint spelling', () => {
    const summary = tenant200.summary();
    const keys = new Map<string, number>();
    for (const [appClass, count] of Object.entries(summary.perApp)) {
      const key = resolveApp(appClass).key;
      keys.set(key, (keys.get(key) ?? 0) + count);
    }
    for (const app of COPILOT_APPS) expect(keys.get(app.key) ?? 0).toBeGreaterThan(0);
    expect(Object.keys(summary.perApp).some((c) => !resolveApp(c).known)).toBe(true);
    expect(summary.perApp['IPM.SkypeTeams.Message.Copilot.Powerpoint'] ?? 0).toBeGreaterThan(0);
    expect(keys.get('m365chat') ?? 0).toBeGreaterThan(5 * (keys.get('forms') ?? 0));
  });

  it('spreads history over the window before the reference time, on both sides of 90 days', () => {
    const start = REFERENCE_TIME.getTime() - 180 * DAY_MS;
    const boundary = REFERENCE_TIME.getTime() - 90 * DAY_MS;
    let older = 0;
    let newer = 0;
    let weekend = 0;
    const rows = allInteractions(tenant200);
    for (const { interaction } of rows) {
      const ms = Date.parse(interaction.createdDateTime);
      expect(ms).toBeGreaterThanOrEqual(start);
      expect(ms).toBeLessThan(REFERENCE_TIME.getTime());
      if (ms < boundary) older++;
      else newer++;
      if ([0, 6].includes(new Date(ms).getUTCDay())) weekend++;
    }
    expect(older / rows.length).toBeGreaterThan(0.1);
    expect(newer).toBeGreaterThan(older);
    expect(weekend / rows.length).toBeLessThan(0.2);
  });

  it('shapes Microsoft 365 Chat answers as Adaptive Cards and app sessions around their document or meeting', () => {
    const rows = allInteractions(tenant200).map((r) => r.interaction);
    const chat = rows.find(
      (i) => i.appClass.endsWith('.BizChat') && i.interactionType === 'aiResponse' && (i.links?.length ?? 0) > 1,
    )!;
    const card = chat.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(chat.body).toEqual({ contentType: 'html', content: `<attachment id="${card?.attachmentId}"></attachment>` });
    expect(JSON.parse(card?.content ?? '')).toMatchObject({
      type: 'AdaptiveCard',
      body: [{ type: 'TextBlock' }, { id: 'MessageTextField' }],
    });
    expect(chat.links?.some((l) => l.linkUrl?.includes('EntityRepresentationId='))).toBe(true);

    const meeting = rows.find(
      (i) => i.contexts?.[0]?.contextType === 'TeamsMeeting' && i.interactionType === 'userPrompt',
    )!;
    expect(meeting.contexts?.[0]?.contextReference).toMatch(
      /^https:\/\/microsoft\.teams\.com\/threads\/19:meeting_[A-Za-z0-9+/]+@thread\.v2$/,
    );
    expect(meeting.attachments?.[0]).toMatchObject({ contentType: 'reference', name: 'Teams Meeting Copilot' });
    expect(meeting.body?.content).toContain('&lt;attachment id=');

    const word = rows.find((i) => i.appClass.endsWith('.Word'))!;
    expect(word.contexts?.[0]).toMatchObject({ contextType: 'Document' });
    expect(word.contexts?.[0]?.contextReference).toMatch(/^https:\/\/[a-z]+(-my)?\.sharepoint\.com\/.+\.docx$/);
    expect(word.contexts?.[0]?.displayName).toMatch(/\.docx$/);
    expect(rows.some((i) => (i.mentions?.length ?? 0) > 0)).toBe(true);
    expect(rows.every((i) => i.conversationType === (i.appClass.endsWith('.BizChat') ? 'bizchat' : 'appchat'))).toBe(
      true,
    );
  });

  it('references popular files from many users (skewed data-source popularity)', () => {
    const usersByFile = new Map<string, Set<string>>();
    for (const { userId, interaction } of allInteractions(tenant200)) {
      for (const link of interaction.links ?? []) {
        if (link.linkType !== 'File' || !link.linkUrl) continue;
        const url = link.linkUrl.split('?')[0] as string;
        usersByFile.set(url, (usersByFile.get(url) ?? new Set()).add(userId));
      }
    }
    const reach = [...usersByFile.values()].map((s) => s.size).sort((a, b) => b - a);
    expect(reach[0]).toBeGreaterThanOrEqual(8);
    expect(reach.filter((n) => n === 1).length).toBeGreaterThan(reach.length / 4);
  });

  it('cites SharePoint site pages in Microsoft 365 Chat answers as File links, which the sync counts as sites', () => {
    const pages = allInteractions(tenant200)
      .flatMap(({ interaction }) => interaction.links ?? [])
      .filter((l) => /\.sharepoint\.com\/sites\/[^/]+\/SitePages\/[^/?]+\.aspx\?/.test(l.linkUrl ?? ''));
    expect(pages.length).toBeGreaterThan(20);
    expect(pages.every((l) => l.linkType === 'File' && l.linkUrl!.includes('EntityRepresentationId='))).toBe(true);
    const kinds = extractDataSources({ links: [pages[0]!] } as AiInteraction).map((s) => s.kind);
    expect(kinds).toEqual(['site']);
  });

  it('adds new activity that shows up in the user history and the ground truth', () => {
    const tenant = createSyntheticTenant({ seed: 12, userCount: 30, referenceTime: REFERENCE_TIME });
    const user = tenant.users.find((u) => u.active)!;
    const before = tenant.interactionsFor(user.graph.id).length;
    const at = new Date(REFERENCE_TIME.getTime() + 3_600_000);
    const added = tenant.addActivity({
      userId: user.graph.id,
      at,
      sessions: 3,
      appClass: 'IPM.SkypeTeams.Message.Copilot.Excel',
    });
    expect(added.length).toBeGreaterThanOrEqual(6);
    expect(added.every((i) => Date.parse(i.createdDateTime) >= at.getTime() && i.appClass.endsWith('.Excel'))).toBe(
      true,
    );
    const after = tenant.interactionsFor(user.graph.id);
    expect(after).toHaveLength(before + added.length);
    expect(new Set(after.map((i) => i.id)).size).toBe(after.length);
    const truth = [...tenant.groundTruth({ after: new Date(at.getTime() - 1) })];
    expect(truth.map((r) => r.interaction.id).sort()).toEqual(added.map((i) => i.id).sort());
    expect(truth.every((r) => r.userId === user.graph.id)).toBe(true);
    expect(tenant.servedOrder(user.graph.id).slice(-added.length)).toEqual(added);
  });

  it('serves a session in progress turn by turn: nothing dated after the time given, the rest once its time comes', () => {
    const tenant = createSyntheticTenant({ seed: 12, userCount: 30, referenceTime: REFERENCE_TIME });
    const user = tenant.users.find((u) => u.active)!;
    const now = new Date(REFERENCE_TIME.getTime() + 3_600_000);
    const before = tenant.interactionsFor(user.graph.id).length;
    const served = tenant.addActivity({ userId: user.graph.id, at: now, sessions: 5, happenedBy: now });
    // The first prompt is at `now`; its answer comes 1-20 s later, so it is held.
    expect(served.map((i) => i.interactionType)).toEqual(['userPrompt']);
    expect(served[0]!.createdDateTime).toBe(now.toISOString());
    const truthNow = [...tenant.groundTruth({ after: new Date(now.getTime() - 1) })];
    expect(truthNow.map((r) => r.interaction.id)).toEqual([served[0]!.id]);
    expect(tenant.interactionsFor(user.graph.id)).toHaveLength(before + 1);

    expect(tenant.releaseDue(now)).toEqual([]);
    const minuteLater = new Date(now.getTime() + 60_000);
    const next = tenant.releaseDue(minuteLater);
    expect(next.length).toBeGreaterThanOrEqual(1);
    expect(next.every((i) => Date.parse(i.createdDateTime) <= minuteLater.getTime())).toBe(true);
    const times = next.map((i) => Date.parse(i.createdDateTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Five sessions end within 5 × MAX_SESSION_MS plus the pauses between them: a day later all are served, once each.
    const rest = tenant.releaseDue(new Date(now.getTime() + 86_400_000));
    expect(rest.length).toBeGreaterThanOrEqual(1);
    expect(tenant.releaseDue(new Date(now.getTime() + 2 * 86_400_000))).toEqual([]);
    const all = [...served, ...next, ...rest];
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(new Set(all.map((i) => i.sessionId)).size).toBe(5);
    const truth = [...tenant.groundTruth({ after: new Date(now.getTime() - 1) })].map((r) => r.interaction.id);
    expect(truth.sort()).toEqual(all.map((i) => i.id).sort());
  });

  it('can turn a licensed user who never used Copilot into an active one', () => {
    const tenant = createSyntheticTenant({ seed: 12, userCount: 60, referenceTime: REFERENCE_TIME });
    const dormant = tenant.users.find((u) => u.licensed && u.copilotEnabled && !u.active)!;
    expect(tenant.interactionsFor(dormant.graph.id)).toEqual([]);
    tenant.addActivity({ userId: dormant.graph.id, at: REFERENCE_TIME });
    expect(dormant.active).toBe(true);
    expect(tenant.interactionsFor(dormant.graph.id).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses to add activity the export API could never show', () => {
    const tenant = createSyntheticTenant({ seed: 12, userCount: 30, referenceTime: REFERENCE_TIME });
    expect(() => tenant.addActivity({ userId: tenant.forbiddenUserIds()[0] })).toThrow(/no Copilot-enabled license/);
    expect(() => tenant.addActivity({ userId: 'not-a-user' })).toThrow(/No user/);
  });

  it('answers ground truth with strict bounds and only for licensed, enabled users', () => {
    const tenant = createSyntheticTenant({ seed: 5, userCount: 40, referenceTime: REFERENCE_TIME });
    const all = [...tenant.groundTruth()];
    const pivot = all[0]!.interaction;
    const at = new Date(pivot.createdDateTime);
    const strictlyAfter = [...tenant.groundTruth({ after: at })];
    expect(strictlyAfter.some((r) => r.interaction.id === pivot.id && r.userId === all[0]!.userId)).toBe(false);
    const allowed = new Set(tenant.users.filter((u) => u.licensed && u.copilotEnabled).map((u) => u.graph.id));
    expect(all.every((r) => allowed.has(r.userId))).toBe(true);
    const summary = tenant.summary();
    expect(summary.interactions).toBe(all.length);
    expect(summary.users).toBe(40);
    expect(summary.forbidden).toBe(tenant.forbiddenUserIds().length);
  });
});
