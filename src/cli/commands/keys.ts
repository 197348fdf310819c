/**
 * `veil keys create|list|rotate|disable|enable|destroy|export-public`: manage the LMDB keyring.
 *
 * The master key comes from `--master-key-file PATH` (mode 0600), or from the environment:
 * `VEIL_MASTER_KEY` (64 hex digits or 43 base64url characters), `VEIL_MASTER_KEY_FILE`, or
 * `VEIL_MASTER_PASSPHRASE`. There is deliberately no flag for a key or passphrase value: command
 * lines end up in shell history and in `ps` output.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { openKeyring, type KeyInfo, type Keyring } from '../../keyring/keyring.js';
import { masterKeyFromEnvironment, type MasterKeySource } from '../../keyring/master-key.js';
import { closeStore, defaultStorePath } from '../../store/environment.js';
import { UsageError, cliAction } from '../output.js';

interface CommonFlags {
  store?: string;
  masterKeyFile?: string;
}

function addCommon(command: Command): Command {
  return command
    .option('--store <path>', 'LMDB store directory (default $VEIL_HOME/store, else ./.veil/store)')
    .option(
      '--master-key-file <path>',
      'file holding the 32-byte master key (mode 0600); default from the environment',
    );
}

function parseVersion(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError('expected a positive integer');
  return value;
}

async function withKeyring<T>(
  flags: CommonFlags,
  use: (keyring: Keyring) => Promise<T> | T,
): Promise<T> {
  const masterKey: MasterKeySource | undefined =
    flags.masterKeyFile !== undefined
      ? { kind: 'file', path: flags.masterKeyFile, role: '--master-key-file' }
      : masterKeyFromEnvironment();
  if (masterKey === undefined) {
    throw new UsageError(
      'no master key: set VEIL_MASTER_KEY, VEIL_MASTER_KEY_FILE or VEIL_MASTER_PASSPHRASE, or pass --master-key-file',
    );
  }
  const storePath = flags.store ?? defaultStorePath();
  try {
    return await use(await openKeyring({ storePath, masterKey }));
  } finally {
    await closeStore(storePath);
  }
}

function describeKey(key: KeyInfo): string {
  const versions = key.versions.map((v) => `v${v.version}:${v.state}`).join(' ');
  return `${key.name}\t${key.purpose}\tprimary ${key.primaryId}\t${versions}\tcreated ${key.createdAt}`;
}

function print(key: KeyInfo, json: boolean | undefined): void {
  process.stdout.write((json === true ? JSON.stringify(key) : describeKey(key)) + '\n');
}

/** Registers `veil keys ...`. */
export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('manage the keyring: named, versioned keys wrapped under a master key');

  addCommon(keys.command('create <name>'))
    .description('create a key (symmetric: AEAD, deterministic and FPE; hpke: X25519 key pair)')
    .addOption(
      new Option('--purpose <purpose>', 'what the key is for')
        .choices(['symmetric', 'hpke'])
        .default('symmetric'),
    )
    .option('--json', 'print JSON')
    .action(
      cliAction(
        async (
          name: string,
          flags: CommonFlags & { purpose: 'symmetric' | 'hpke'; json?: boolean },
        ) => {
          await withKeyring(flags, async (keyring) =>
            print(await keyring.create(name, { purpose: flags.purpose }), flags.json),
          );
        },
      ),
    );

  addCommon(keys.command('list'))
    .description('list keys, their versions and states (never key material)')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (flags: CommonFlags & { json?: boolean }) => {
        await withKeyring(flags, (keyring) => {
          const all = keyring.list();
          if (flags.json === true) process.stdout.write(JSON.stringify(all) + '\n');
          else for (const key of all) process.stdout.write(describeKey(key) + '\n');
        });
      }),
    );

  addCommon(keys.command('rotate <name>'))
    .description('add a new primary version; older versions keep decrypting')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (name: string, flags: CommonFlags & { json?: boolean }) => {
        await withKeyring(flags, async (keyring) => print(await keyring.rotate(name), flags.json));
      }),
    );

  for (const [verb, help] of [
    ['disable', 'stop a key (or one version) from encrypting; it still decrypts'],
    ['enable', 're-enable a disabled key (or version); destroyed versions stay destroyed'],
  ] as const) {
    addCommon(keys.command(`${verb} <name>`))
      .description(help)
      .option('--key-version <n>', 'only this version', parseVersion)
      .option('--json', 'print JSON')
      .action(
        cliAction(
          async (name: string, flags: CommonFlags & { keyVersion?: number; json?: boolean }) => {
            await withKeyring(flags, async (keyring) =>
              print(await keyring[verb](name, flags.keyVersion), flags.json),
            );
          },
        ),
      );
  }

  addCommon(keys.command('destroy <name>'))
    .description('erase a key (or one version) for good: what it encrypted can never be decrypted')
    .option('--key-version <n>', 'only this version', parseVersion)
    .option('--yes', 'confirm: destruction cannot be undone')
    .option('--json', 'print JSON')
    .action(
      cliAction(
        async (
          name: string,
          flags: CommonFlags & { keyVersion?: number; yes?: boolean; json?: boolean },
        ) => {
          if (flags.yes !== true) {
            const what =
              flags.keyVersion === undefined
                ? `'${name}' (every version)`
                : `version ${flags.keyVersion} of '${name}'`;
            throw new UsageError(`destroying ${what} cannot be undone; repeat with --yes to confirm`);
          }
          await withKeyring(flags, async (keyring) =>
            print(await keyring.destroy(name, flags.keyVersion), flags.json),
          );
        },
      ),
    );

  addCommon(keys.command('export-public <name>'))
    .description('print the base64url X25519 public key of an hpke key, for senders')
    .option('--key-version <n>', 'this version (default the primary)', parseVersion)
    .action(
      cliAction(async (name: string, flags: CommonFlags & { keyVersion?: number }) => {
        await withKeyring(flags, (keyring) =>
          process.stdout.write(keyring.exportPublic(name, flags.keyVersion) + '\n'),
        );
      }),
    );
}
