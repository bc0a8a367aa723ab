import { GraphRequestError } from '../../errors';
import type { AppTokenInfo, GraphGateway } from '../../graph/GraphGateway';
import type { GraphUser } from '../../graph/types';
import {
  REQUIRED_ROLES,
  graphProblem,
  permissionProblem,
  tokenProblem,
  type ConnectionProblem,
} from './connectionProblems';

export type CheckName = 'token' | 'users' | 'licenses' | 'interactions';
export type CheckStatus = 'pass' | 'warning' | 'fail' | 'skipped';

export interface ConnectionCheck {
  name: CheckName;
  status: CheckStatus;
  /** pass or warning. */
  ok: boolean;
  /** Stable problem code when not a clean pass (`consent_missing`, `wrong_secret`, …). */
  code: string | null;
  message: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  at: Date;
  checks: ConnectionCheck[];
}

export interface ConnectionTestDeps {
  gateway: GraphGateway;
  skuIds: readonly string[];
  now: () => Date;
}

/** Licensed users asked for (one page), and how many of them the export check may try. */
const USER_SAMPLE = 5;
const EXPORT_TRIES = 3;

/**
 * "Test connection": a fresh token, then one call per application permission — licensed users (User.Read.All)
 * and one user's interaction history (AiEnterpriseInteraction.Read.All) — each explained in plain words.
 */
export async function testConnection(deps: ConnectionTestDeps): Promise<ConnectionTestResult> {
  const checks: ConnectionCheck[] = [];
  const at = deps.now();
  let token: AppTokenInfo;
  try {
    token = await deps.gateway.refreshToken();
    checks.push(pass('token', 'Microsoft Entra issued an app-only token for the tenant.'));
  } catch (error) {
    checks.push(fail('token', tokenProblem(error)));
    for (const name of ['users', 'licenses', 'interactions'] as const)
      checks.push(skipped(name, 'Skipped: the app could not sign in.'));
    return finish(at, checks);
  }

  const users = await listSomeLicensedUsers(deps);
  if (!users.ok) {
    const problem =
      users.error instanceof GraphRequestError && users.error.graphStatus === 403
        ? permissionProblem(REQUIRED_ROLES.users, token.roles)
        : graphProblem(users.error);
    checks.push(fail('users', problem));
    checks.push(skipped('licenses', 'Skipped: the app could not read users.'));
    checks.push(
      lacksRole(token, REQUIRED_ROLES.interactions)
        ? fail('interactions', permissionProblem(REQUIRED_ROLES.interactions, token.roles))
        : skipped('interactions', 'Skipped: no licensed user to read Copilot interactions for.'),
    );
    return finish(at, checks);
  }
  checks.push(pass('users', `The app can read users (${REQUIRED_ROLES.users}).`));
  if (users.value.length === 0) {
    checks.push(
      fail('licenses', {
        code: 'no_licenses',
        message: `No user holds a Microsoft 365 Copilot license (SKU ${deps.skuIds.join(', ')}). Assign Copilot licenses in the Microsoft 365 admin center, or set COPILOT_SKU_IDS if your organisation uses another Copilot SKU.`,
      }),
    );
    checks.push(skipped('interactions', 'Skipped: no licensed user to read Copilot interactions for.'));
    return finish(at, checks);
  }
  checks.push(pass('licenses', `Found users with a Copilot license, for example ${label(users.value[0]!)}.`));
  checks.push(await checkInteractions(deps, token, users.value));
  return finish(at, checks);
}

async function listSomeLicensedUsers(
  deps: ConnectionTestDeps,
): Promise<{ ok: true; value: GraphUser[] } | { ok: false; error: unknown }> {
  try {
    for await (const page of deps.gateway.listLicensedUsers(deps.skuIds, undefined, { pageSize: USER_SAMPLE }))
      return { ok: true, value: page.slice(0, USER_SAMPLE) };
    return { ok: true, value: [] };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Reads one page of the last day for up to three licensed users; a 403 for some users only is a warning. */
async function checkInteractions(
  deps: ConnectionTestDeps,
  token: AppTokenInfo,
  users: GraphUser[],
): Promise<ConnectionCheck> {
  const role = REQUIRED_ROLES.interactions;
  if (lacksRole(token, role)) return fail('interactions', permissionProblem(role, token.roles));
  const before = deps.now();
  const window = { after: new Date(before.getTime() - 24 * 3600_000), before };
  const refused: GraphUser[] = [];
  for (const user of users.slice(0, EXPORT_TRIES)) {
    try {
      for await (const _page of deps.gateway.listInteractions(user.id, window)) break;
    } catch (error) {
      if (!(error instanceof GraphRequestError && error.graphStatus === 403))
        return fail('interactions', graphProblem(error));
      refused.push(user);
      continue;
    }
    const message = `The app can read Copilot interactions (${role}).`;
    if (refused.length === 0) return pass('interactions', message);
    return {
      ...pass('interactions', `${message} ${servicePlanSentence(refused)}`),
      status: 'warning',
      code: 'service_plan_missing',
    };
  }
  const unknownRoles = token.roles === null ? ` Or the app lacks ${role}: check its admin consent.` : '';
  return fail('interactions', {
    code: 'service_plan_missing',
    message: `${servicePlanSentence(refused)}${unknownRoles}`,
  });
}

function servicePlanSentence(users: GraphUser[]): string {
  const names = users.map(label).join(', ');
  return `The Copilot export API refused ${names} (403): ${users.length === 1 ? 'this user has' : 'these users have'} a Copilot license without the required service plan enabled, or Copilot is not provisioned for them yet. Check the license's service plans in the Microsoft 365 admin center.`;
}

function lacksRole(token: AppTokenInfo, role: string): boolean {
  return token.roles !== null && !token.roles.includes(role);
}

function label(user: GraphUser): string {
  return user.userPrincipalName ?? user.id;
}

function pass(name: CheckName, message: string): ConnectionCheck {
  return { name, status: 'pass', ok: true, code: null, message };
}

function fail(name: CheckName, problem: ConnectionProblem): ConnectionCheck {
  return { name, status: 'fail', ok: false, code: problem.code, message: problem.message };
}

function skipped(name: CheckName, message: string): ConnectionCheck {
  return { name, status: 'skipped', ok: false, code: null, message };
}

function finish(at: Date, checks: ConnectionCheck[]): ConnectionTestResult {
  return { ok: checks.every((c) => c.ok), at, checks };
}
