import type { GraphCall } from './graphPipeline';
import { sendGraphError, sendGraphJson } from './graphResponses';
import { parseUserLicenseFilter } from './odataFilter';
import { QueryError, assertOnlyOptions, buildQuery, parseQueryOptions, parseTop } from './odataQuery';
import type { SimulatorContext } from './simulatorContext';
import { decodeUserSkipToken, encodeUserSkipToken } from './skipTokens';
import type { SimUser } from './syntheticUsers';

/**
 * `GET /users` as Graph answers app-only callers with User.Read.All: `$filter` on a license SKU, `$select`
 * (department, accountEnabled and licenses only come back when selected), `$top` 1–999 (default 100), and
 * absolute nextLinks with an opaque `$skiptoken` that keep the caller's other options.
 */
const PROPERTIES: Readonly<Record<string, (u: SimUser) => unknown>> = {
  id: (u) => u.graph.id,
  displayName: (u) => u.graph.displayName,
  userPrincipalName: (u) => u.graph.userPrincipalName,
  mail: (u) => u.graph.mail,
  department: (u) => u.graph.department,
  jobTitle: (u) => u.graph.jobTitle,
  officeLocation: (u) => u.graph.officeLocation,
  accountEnabled: (u) => u.graph.accountEnabled,
  assignedLicenses: (u) => u.graph.assignedLicenses,
  assignedPlans: (u) => u.graph.assignedPlans ?? [],
  givenName: (u) => u.profile.givenName,
  surname: (u) => u.profile.surname,
  businessPhones: (u) => u.profile.businessPhones,
  mobilePhone: (u) => u.profile.mobilePhone,
  preferredLanguage: (u) => u.profile.preferredLanguage,
  usageLocation: (u) => u.profile.usageLocation,
  userType: (u) => u.profile.userType,
  createdDateTime: (u) => u.profile.createdDateTime,
};
const CANONICAL = new Map(Object.keys(PROPERTIES).map((name) => [name.toLowerCase(), name]));
/** Graph's default user properties, in the order its documentation shows them. */
const DEFAULT_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

/** Answers `GET /users` (see the module comment). */
export function listUsers(ctx: SimulatorContext, call: GraphCall): void {
  const options = parseQueryOptions(call.req.originalUrl);
  assertOnlyOptions(options, ['filter', 'select', 'top', 'skiptoken', 'count']);
  const filterText = options.get('filter');
  const skuId = filterText === undefined ? undefined : parseUserLicenseFilter(filterText).skuId;
  const select = parseSelect(options.get('select'));
  const top = parseTop(options.get('top'), 100, {
    min: 1,
    max: 999,
    code: 'Request_UnsupportedQuery',
    message: (raw) => `Invalid page size specified: '${raw}'. Must be between 1 and 999 inclusive.`,
  });
  if (options.get('count') === 'true' && call.req.get('consistencylevel')?.toLowerCase() !== 'eventual') {
    throw new QueryError('$count is not currently supported.', 'Request_BadRequest');
  }
  const scope = `${skuId ?? '*'}`;
  const token = options.get('skiptoken');
  const offset = token === undefined ? 0 : decodeUserSkipToken(ctx.skipTokenKey, scope, token);

  const matching = usersById(ctx).filter(
    (u) => !skuId || u.graph.assignedLicenses.some((l) => l.skuId.toLowerCase() === skuId),
  );
  const page = matching.slice(offset, offset + top);
  const next = offset + page.length;
  const body: Record<string, unknown> = {
    '@odata.context': `${call.origin}/${call.version}/$metadata#users${options.has('select') ? `(${select.join(',')})` : ''}`,
  };
  if (options.get('count') === 'true' && token === undefined) body['@odata.count'] = matching.length;
  if (next < matching.length) {
    const query = buildQuery([
      ['filter', filterText],
      ['select', options.get('select')],
      ['top', options.get('top')],
      ['count', token === undefined ? options.get('count') : undefined],
      ['skiptoken', encodeUserSkipToken(ctx.skipTokenKey, scope, next)],
    ]);
    body['@odata.nextLink'] = `${call.origin}/${call.version}/users${query}`;
  }
  body.value = page.map((u) => project(u, select));
  ctx.stats.page('users', page.length);
  sendGraphJson(call.res, 200, body, { truncate: call.truncate });
}

/** `GET /users/{id}`: one user with the same `$select` rules. */
export function getUser(ctx: SimulatorContext, call: GraphCall, userId: string): void {
  const options = parseQueryOptions(call.req.originalUrl);
  assertOnlyOptions(options, ['select']);
  const select = parseSelect(options.get('select'));
  const user =
    ctx.tenant.findUser(userId) ??
    ctx.tenant.users.find((u) => u.graph.userPrincipalName?.toLowerCase() === userId.toLowerCase());
  if (!user) {
    return sendGraphError(
      call.res,
      ctx.now(),
      404,
      'Request_ResourceNotFound',
      `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  const context = `${call.origin}/${call.version}/$metadata#users${options.has('select') ? `(${select.join(',')})` : ''}/$entity`;
  sendGraphJson(call.res, 200, { '@odata.context': context, ...project(user, select) }, { truncate: call.truncate });
}

function parseSelect(value: string | undefined): string[] {
  if (value === undefined) return DEFAULT_SELECT;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new QueryError('Invalid $select: the list of properties is empty.', 'Request_BadRequest');
  return names.map((name) => {
    const canonical = CANONICAL.get(name.toLowerCase());
    if (!canonical)
      throw new QueryError(
        `Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
        'Request_BadRequest',
      );
    return canonical;
  });
}

const sorted = new WeakMap<object, SimUser[]>();

/** Users in a stable listing order (by object id), computed once per tenant. */
function usersById(ctx: SimulatorContext): SimUser[] {
  let list = sorted.get(ctx.tenant);
  if (!list) {
    list = [...ctx.tenant.users].sort((a, b) => (a.graph.id < b.graph.id ? -1 : 1));
    sorted.set(ctx.tenant, list);
  }
  return list;
}

function project(user: SimUser, select: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of select) out[name] = (PROPERTIES[name] as (u: SimUser) => unknown)(user);
  return out;
}
