import { Agent, fetch } from 'undici';
import { M365_COPILOT_SKU_ID, USER_SELECT_FIELDS } from '../../../server/graph/constants';
import type { GraphUser } from '../../../server/graph/types';
import { startSimulator, testCertificate, type Page, type SimulatorUnderTest } from './simulatorTestKit';

let sut: SimulatorUnderTest;
const LICENSE_FILTER = `assignedLicenses/any(x:x/skuId eq ${M365_COPILOT_SKU_ID})`;
const SELECT = USER_SELECT_FIELDS.join(',');

beforeAll(async () => {
  sut = await startSimulator({ tenantOptions: { seed: 21, userCount: 45 } });
});

afterAll(async () => {
  await sut.close();
});

describe('GET /users on the simulator', () => {
  it('pages through exactly the licensed users with the selected properties', async () => {
    const { items, pages } = await sut.http.collect<GraphUser>(
      `/v1.0/users?$filter=${encodeURIComponent(LICENSE_FILTER)}&$select=${SELECT}&$top=7`,
    );
    expect(items.map((u) => u.id).sort()).toEqual([...sut.tenant.licensedUserIds()].sort());
    expect(pages.length).toBe(Math.ceil(items.length / 7));
    expect(pages.every((p) => p.value.length <= 7)).toBe(true);
    expect(pages[0]?.['@odata.context']).toBe(`${sut.simulator.origin}/v1.0/$metadata#users(${SELECT})`);
    const adele = sut.tenant.users[1]!;
    const listed = items.find((u) => u.id === adele.graph.id);
    if (adele.licensed) expect(listed).toEqual(Object.fromEntries(USER_SELECT_FIELDS.map((f) => [f, adele.graph[f]])));
    expect(Object.keys(items[0] ?? {})).toEqual([...USER_SELECT_FIELDS]);
  });

  it('writes nextLinks on its own origin that keep $filter, $select and $top', async () => {
    const { body } = await sut.http.json<Page<GraphUser>>(
      `/v1.0/users?$filter=${encodeURIComponent(LICENSE_FILTER)}&$select=id,displayName&$top=5`,
    );
    const next = new URL(body['@odata.nextLink'] ?? '');
    expect(next.origin).toBe(sut.simulator.origin);
    expect(next.pathname).toBe('/v1.0/users');
    expect(next.searchParams.get('$filter')).toBe(LICENSE_FILTER);
    expect(next.searchParams.get('$select')).toBe('id,displayName');
    expect(next.searchParams.get('$top')).toBe('5');
    expect(next.searchParams.get('$skiptoken')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(body['@odata.nextLink']).toContain('$filter=assignedLicenses%2fany(x%3ax%2fskuId+eq+');
  });

  it("returns Graph's default property set without $select and pages by 100", async () => {
    const { status, body } = await sut.http.json<Page<Record<string, unknown>>>('/v1.0/users');
    expect(status).toBe(200);
    expect(body.value).toHaveLength(45);
    expect(body['@odata.nextLink']).toBeUndefined();
    expect(body['@odata.context']).toBe(`${sut.simulator.origin}/v1.0/$metadata#users`);
    expect(Object.keys(body.value[0] ?? {}).sort()).toEqual(
      [
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ].sort(),
    );
    expect(body.value[0]).not.toHaveProperty('department');
    expect(body.value[0]).not.toHaveProperty('assignedLicenses');
  });

  it('counts with $count=true only as an advanced query', async () => {
    const plain = await sut.http.graph('/v1.0/users?$count=true&$top=3');
    expect(plain.status).toBe(400);
    const advanced = await sut.http.graph('/v1.0/users?$count=true&$top=3', { ConsistencyLevel: 'eventual' });
    expect(((await advanced.json()) as Page<unknown>)['@odata.count']).toBe(45);
  });

  it.each([
    [
      '$top above 999',
      '/v1.0/users?$top=1000',
      'Request_UnsupportedQuery',
      "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
    ],
    ['$top of zero', '/v1.0/users?$top=0', 'Request_UnsupportedQuery', undefined],
    [
      'an unsupported filter',
      `/v1.0/users?$filter=${encodeURIComponent("displayName eq 'x'")}`,
      'BadRequest',
      undefined,
    ],
    [
      'an unknown property',
      '/v1.0/users?$select=id,shoeSize',
      'Request_BadRequest',
      "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.",
    ],
    ['$skip', '/v1.0/users?$skip=5', 'BadRequest', undefined],
    ['a tampered $skiptoken', '/v1.0/users?$skiptoken=RFNwdAI5OQFhYWFhYWFhYWFhYWE', 'BadRequest', undefined],
  ])('answers %s with 400 in Graph’s error shape', async (_what, path, code, message) => {
    const { status, body } = await sut.http.json<{
      error: { code: string; message: string; innerError: Record<string, string> };
    }>(path);
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
    if (message) expect(body.error.message).toBe(message);
    expect(body.error.innerError).toEqual({
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      'request-id': expect.any(String),
      'client-request-id': expect.any(String),
    });
  });

  it('serves the beta endpoint and single users, with 404 for an unknown id', async () => {
    const user = sut.tenant.users[3]!;
    const { body } = await sut.http.json<Record<string, unknown>>(`/beta/users/${user.graph.id}?$select=id,department`);
    expect(body).toEqual({
      '@odata.context': `${sut.simulator.origin}/beta/$metadata#users(id,department)/$entity`,
      id: user.graph.id,
      department: user.graph.department,
    });
    const missing = await sut.http.json<{ error: { code: string } }>(
      '/v1.0/users/00000000-0000-0000-0000-000000000000',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('builds nextLinks on the host the client used (localhost stays localhost)', async () => {
    const agent = new Agent({ connect: { ca: (await testCertificate()).cert } });
    try {
      const res = await fetch(`https://localhost:${sut.simulator.port}/v1.0/users?$top=10`, {
        headers: { authorization: `Bearer ${await sut.http.token()}` },
        dispatcher: agent,
      });
      const body = (await res.json()) as Page<unknown>;
      expect(body['@odata.nextLink']).toMatch(new RegExp(`^https://localhost:${sut.simulator.port}/v1\\.0/users\\?`));
    } finally {
      await agent.close();
    }
  });
});
