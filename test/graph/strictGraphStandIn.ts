import { COPILOT_CHAT_SERVICE_PLAN_ID, M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import {
  aadstsError,
  graphError,
  startScriptedServer,
  tokenIssuer,
  type RecordedRequest,
  type Reply,
  type ScriptedServer,
} from './scriptedGraphServer';

/**
 * A second, stricter Graph and Entra stand-in, written from Microsoft's documented shapes rather than from the
 * simulator, for end-to-end runs of the CLI. It pages by 4 whatever `$top` asks, repeats the last item of a page at
 * the top of the next (Graph may), serves sessions across pages, HTML bodies, group-assigned licences and a licence
 * with the Copilot chat plan disabled, one 504 and one 429 whose Retry-After is an HTTP date, links to one file in
 * several equivalent spellings, and on demand an Entra incident (503 temporarily_unavailable, AADSTS90006,
 * Retry-After: 1). Whatever a careful client would never send is answered 400/401/403 and recorded in `violations`.
 */

export interface StandInUser {
  id: string;
  upn: string;
  /** How the Copilot licence is held; `chatDisabled` has the Graph-grounded chat plan switched off. */
  licence: 'direct' | 'group' | 'chatDisabled';
  inDirectory: boolean;
}

export interface StandInItem {
  userId: string;
  id: string;
  sessionId: string;
  appClass: string;
  type: 'userPrompt' | 'aiResponse';
  at: Date;
  html?: boolean;
  /** Links as served, each with the id of the document it points at (the truth the test counts by). */
  links?: { url: string; doc: string }[];
}

const PAGE = 4;

export interface StrictStandIn {
  server: ScriptedServer;
  users: StandInUser[];
  items: StandInItem[];
  violations: string[];
  /** Token requests answered with the Entra incident from now on. */
  failTokens(count: number): void;
  tokenAnswers: { status: number }[];
  /** 504s and 429s served so far. */
  faultsServed(): number;
  close(): Promise<void>;
}

export async function startStrictStandIn(users: StandInUser[]): Promise<StrictStandIn> {
  const server = await startScriptedServer();
  const items: StandInItem[] = [];
  const violations: string[] = [];
  const tokenAnswers: { status: number }[] = [];
  const issued = new Set<string>();
  const faulted = new Set<string>();
  let tokenFailures = 0;
  const issue = tokenIssuer();

  server.onToken((request, index) => {
    if (tokenFailures > 0) {
      tokenFailures -= 1;
      tokenAnswers.push({ status: 503 });
      return { ...aadstsError(90006, 'temporarily_unavailable', 503), headers: { 'Retry-After': '1' } };
    }
    const reply = issue(request, index);
    if ('body' in reply) issued.add((reply.body as { access_token: string }).access_token);
    tokenAnswers.push({ status: 200 });
    return reply;
  });

  server.onGraph((request) => {
    const token = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1];
    if (!token || !issued.has(token))
      return refuse(401, 'InvalidAuthenticationToken', `no valid token on ${request.url}`);
    const url = new URL(request.url, server.origin);
    const path = decodeURIComponent(url.pathname);
    if (/^\/v1\.0\/users$/.test(path)) return listUsers(url);
    const match = /^\/v1\.0\/copilot\/users\/([^/]+)\/interactionHistory\/getAllEnterpriseInteractions$/.exec(path);
    if (match) return listInteractions(match[1]!, url, request);
    return refuse(404, 'NotFound', `unknown path ${path}`);
  });

  function refuse(status: number, code: string, why: string): Reply {
    violations.push(why);
    return graphError(status, code, why);
  }

  function page<T>(url: URL, all: T[], overlap: boolean): Reply {
    const offset = Number(url.searchParams.get('$skiptoken') ?? '0');
    const start = overlap && offset > 0 ? offset - 1 : offset; // repeats the previous page's last item
    const value = all.slice(start, offset + PAGE);
    const next = offset + PAGE < all.length ? new URL(url) : undefined;
    next?.searchParams.set('$skiptoken', String(offset + PAGE));
    return {
      status: 200,
      body: {
        '@odata.context': `${server.origin}/v1.0/$metadata`,
        ...(next ? { '@odata.nextLink': next.href } : {}),
        value,
      },
    };
  }

  function listUsers(url: URL): Reply {
    const filter = url.searchParams.get('$filter');
    if (filter !== `assignedLicenses/any(x:x/skuId eq ${M365_COPILOT_SKU_ID})`)
      return refuse(400, 'BadRequest', `unexpected users filter ${filter}`);
    const listed = users.filter((u) => u.inDirectory).map(graphUser);
    return page(url, listed, false);
  }

  function listInteractions(userId: string, url: URL, request: RecordedRequest): Reply {
    const user = users.find((u) => u.id === userId);
    if (!user || user.licence === 'chatDisabled' || !user.inDirectory)
      return refuse(403, 'Forbidden', `asked for ${userId}, whom the export API does not serve`);
    const filter = /^createdDateTime gt (\S+Z) and createdDateTime lt (\S+Z)$/.exec(
      url.searchParams.get('$filter') ?? '',
    );
    if (!filter) return refuse(400, 'BadRequest', `filter without both bounds: ${url.search}`);
    const top = Number(url.searchParams.get('$top'));
    if (!(top >= 1 && top <= 100)) return refuse(400, 'BadRequest', `$top out of range: ${top}`);
    // One 504 and one 429 (Retry-After as an HTTP date), each on the first try of a page.
    const fault = `${request.url}`;
    if (!faulted.has(fault) && url.searchParams.get('$skiptoken') === '4') {
      faulted.add(fault);
      return graphError(504, 'GatewayTimeout', 'The gateway timed out.');
    }
    if (!faulted.has(fault) && userId === users[3]?.id && !url.searchParams.has('$skiptoken')) {
      faulted.add(fault);
      return graphError(429, 'TooManyRequests', 'Please retry again later.', {
        'Retry-After': new Date(Date.now() + 1000).toUTCString(),
      });
    }
    const after = Date.parse(filter[1]!);
    const before = Date.parse(filter[2]!);
    const served = items
      .filter((i) => i.userId === userId && i.at.getTime() > after && i.at.getTime() < before)
      .reverse() // not chronological: Graph's order is undocumented
      .map(graphInteraction);
    return page(url, served, true);
  }

  return {
    server,
    users,
    items,
    violations,
    tokenAnswers,
    failTokens: (count) => {
      tokenFailures = count;
    },
    faultsServed: () => faulted.size,
    close: () => server.close(),
  };
}

function graphUser(user: StandInUser) {
  return {
    id: user.id,
    displayName: user.upn.split('@')[0],
    userPrincipalName: user.upn,
    mail: user.upn,
    department: 'Finance',
    jobTitle: null,
    officeLocation: null,
    accountEnabled: true,
    assignedLicenses: [
      {
        skuId: M365_COPILOT_SKU_ID,
        disabledPlans: user.licence === 'chatDisabled' ? [COPILOT_CHAT_SERVICE_PLAN_ID] : [],
      },
    ],
    licenseAssignmentStates: [
      {
        skuId: M365_COPILOT_SKU_ID,
        assignedByGroup: user.licence === 'group' ? '5b2f0a7e-0000-4000-8000-000000000001' : null,
        state: 'Active',
        error: 'None',
      },
    ],
  };
}

function graphInteraction(item: StandInItem) {
  return {
    '@odata.type': '#microsoft.graph.aiInteraction',
    id: item.id,
    sessionId: item.sessionId,
    requestId: `req-${item.sessionId}`,
    appClass: item.appClass,
    interactionType: item.type,
    conversationType: 'appchat',
    etag: `"${item.id}"`,
    createdDateTime: item.at.toISOString(),
    locale: 'en-us',
    body: item.html
      ? { contentType: 'html', content: `<div><p>Summarise <b>${item.id}</b></p></div>` }
      : { contentType: 'text', content: `About ${item.id}` },
    from: {
      application: item.type === 'aiResponse' ? { id: null, displayName: 'Copilot' } : null,
      device: null,
      user: item.type === 'userPrompt' ? { id: item.userId, displayName: null } : null,
    },
    attachments: [],
    links: (item.links ?? []).map((l) => ({ linkUrl: l.url, displayName: l.doc, linkType: 'File' })),
    contexts: [],
    mentions: [],
  };
}
