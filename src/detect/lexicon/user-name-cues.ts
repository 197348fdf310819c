/**
 * Words of tickets and file paths before a login name written in prose ("assigned to j.smith",
 * "created by jsmith", "ping max.mustermann", "C:\Users\maria.gonzalez", "/home/klaus.mueller"):
 * ./user-names.ts reads the name after them. Lower-case.
 */

/** Verbs of a ticket's history before "by" or "to" and a login name. */
export const TICKET_VERBS: readonly string[] = [
  'assigned', 'reassigned', 'created', 'reported', 'raised', 'opened', 'submitted', 'requested',
];

/** Verbs of chat before a login name ("ping max.mustermann on slack"). */
export const CHAT_VERBS: readonly string[] = ['ping', 'pinged', 'dm'];

/** Folders of home directories before a login name, between two slashes or backslashes. */
export const HOME_FOLDERS: readonly string[] = ['users', 'home', 'homes'];

/** Accounts of systems and images under a home folder, which name no person. */
export const SYSTEM_ACCOUNTS: readonly string[] = [
  'root', 'admin', 'administrator', 'user', 'guest', 'public', 'shared', 'default', 'ubuntu',
  'debian', 'centos', 'fedora', 'ec2-user', 'runner', 'node', 'www-data', 'git', 'vagrant',
  'pi', 'docker', 'jenkins', 'postgres', 'all users', 'default user',
];

/** The words above that flag a token as a user-name cue (WordFlag.UserCue). */
export const PROSE_USER_CUES: readonly string[] = [...TICKET_VERBS, ...CHAT_VERBS, ...HOME_FOLDERS];
