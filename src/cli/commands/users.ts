/**
 * `veil users create|list|disable|enable|unlock|grant|revoke` and `veil login`.
 *
 * Keys come from the environment (`VEIL_JWT_SECRET`, `VEIL_AUDIT_HMAC_KEY`, ... or their
 * `_FILE` forms); passwords from standard input, never from a flag. Every change is audited.
 */
import { Command, InvalidArgumentError } from 'commander';
import {
  isAuthRole,
  isPermission,
  type AuthRole,
  type Permission,
} from '../../security/auth/roles.js';
import type { User } from '../../security/auth/user.js';
import { UsageError, cliAction } from '../output.js';
import { cliActor, readPasswordFromStdin, withAuth, type StoreFlags } from './security-context.js';

function parseRole(value: string, previous: AuthRole[] = []): AuthRole[] {
  if (!isAuthRole(value))
    throw new InvalidArgumentError(
      'expected admin, privacy_officer, operator, analyst, user or auditor',
    );
  return [...previous, value];
}

function parsePermissions(value: string): Permission[] {
  const permissions = value.split(',').map((p) => p.trim());
  if (permissions.length === 0 || !permissions.every(isPermission)) {
    throw new InvalidArgumentError(
      'expected a comma-separated list of read, write, delete, execute, manage',
    );
  }
  return permissions as Permission[];
}

function describe(user: User): string {
  const grants = Object.entries(user.grants)
    .map(([resource, permissions]) => `${resource}=${permissions.join(',')}`)
    .join(' ');
  return `${user.id}\t${user.username}\t${user.email}\t${user.state}\t${user.roles.join(',')}${grants === '' ? '' : `\t${grants}`}`;
}

function print(user: User, json: boolean | undefined): void {
  process.stdout.write((json === true ? JSON.stringify(user) : describe(user)) + '\n');
}

function resolve(auth: { findUser(name: string): User | undefined }, name: string): User {
  const user = auth.findUser(name);
  if (user === undefined) throw new UsageError(`no user named ${name}`);
  return user;
}

const STORE_HELP = 'LMDB store directory (default $VEIL_HOME/store, else ./.veil/store)';

/** Registers `veil users ...` and `veil login`. */
export function register(program: Command): void {
  const users = program
    .command('users')
    .description('manage users, roles and per-resource grants (audited)');

  users
    .command('create <username>')
    .description('create a user; the password is read from standard input')
    .requiredOption('--email <email>', 'email address (unique, case-insensitive)')
    .option('--role <role>', 'a role (repeatable; default user)', parseRole)
    .option('--store <path>', STORE_HELP)
    .option('--json', 'print JSON')
    .action(
      cliAction(
        async (
          username: string,
          flags: StoreFlags & { email: string; role?: AuthRole[]; json?: boolean },
        ) => {
          const password = await readPasswordFromStdin();
          await withAuth(flags, async (auth) =>
            print(
              await auth.createUser({
                username,
                email: flags.email,
                password,
                roles: flags.role,
                actorId: cliActor(),
              }),
              flags.json,
            ),
          );
        },
      ),
    );

  users
    .command('list')
    .description('list users (never password hashes or MFA secrets)')
    .option('--store <path>', STORE_HELP)
    .option('--json', 'print JSON')
    .action(
      cliAction(async (flags: StoreFlags & { json?: boolean }) => {
        await withAuth(flags, (auth) => {
          const all = auth.listUsers();
          if (flags.json === true) process.stdout.write(JSON.stringify(all) + '\n');
          else for (const user of all) process.stdout.write(describe(user) + '\n');
        });
      }),
    );

  for (const [verb, help] of [
    ['disable', 'disable a user and end all of their sessions'],
    ['enable', 're-enable a disabled user'],
    ['unlock', 'end a lockout early'],
  ] as const) {
    users
      .command(`${verb} <username>`)
      .description(help)
      .option('--store <path>', STORE_HELP)
      .option('--json', 'print JSON')
      .action(
        cliAction(async (username: string, flags: StoreFlags & { json?: boolean }) => {
          await withAuth(flags, async (auth) => {
            const user = resolve(auth, username);
            const method =
              verb === 'disable'
                ? auth.disableUser
                : verb === 'enable'
                  ? auth.enableUser
                  : auth.unlockUser;
            print(await method.call(auth, user.id, cliActor()), flags.json);
          });
        }),
      );
  }

  for (const verb of ['grant', 'revoke'] as const) {
    users
      .command(`${verb} <username> <resource> <permissions>`)
      .description(
        `${verb} permissions (comma-separated) on one resource, e.g. documents read,write`,
      )
      .option('--store <path>', STORE_HELP)
      .option('--json', 'print JSON')
      .action(
        cliAction(
          async (
            username: string,
            resource: string,
            permissions: string,
            flags: StoreFlags & { json?: boolean },
          ) => {
            const list = parsePermissions(permissions);
            await withAuth(flags, async (auth) => {
              const user = resolve(auth, username);
              print(await auth[verb](user.id, resource, list, cliActor()), flags.json);
            });
          },
        ),
      );
  }

  program
    .command('login <username>')
    .description('log in (password on standard input) and print an access token for scripts')
    .option('--totp <code>', 'the current one-time code, when the account has MFA')
    .option('--recovery-code <code>', 'a one-time recovery code instead of --totp')
    .option('--store <path>', STORE_HELP)
    .option('--json', 'print the access and refresh tokens as JSON')
    .action(
      cliAction(
        async (
          username: string,
          flags: StoreFlags & { totp?: string; recoveryCode?: string; json?: boolean },
        ) => {
          const password = await readPasswordFromStdin();
          await withAuth(flags, async (auth) => {
            const result = await auth.login({
              username,
              password,
              totp: flags.totp,
              recoveryCode: flags.recoveryCode,
            });
            const { accessToken, refreshToken, expiresIn, tokenType } = result;
            process.stdout.write(
              (flags.json === true
                ? JSON.stringify({
                    accessToken,
                    refreshToken,
                    expiresIn,
                    tokenType,
                    userId: result.user.id,
                  })
                : accessToken) + '\n',
            );
          });
        },
      ),
    );
}
