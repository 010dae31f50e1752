// The declarative side of `auth`: three subcommands, their flags and help.
import { Command } from 'commander';
import { DEFAULT_BASE_URL } from '../../config/defaults.js';
import { DOCS_POINTER } from '../docs.js';
import { type Factory } from '../factory.js';
import { type AuthDeps, type LoginOptions } from './run.js';

const LOGIN_HELP = `
Examples:
  # a hidden prompt: paste the key, press Enter
  $ upload-post auth login
  # from a password manager, never in shell history or ps
  $ pass show upload-post | upload-post auth login --with-key

The key is checked with one status request for an upload that cannot exist
(401/403: refused, exit 4; 404: it works) and only then stored, in
$XDG_CONFIG_HOME/upload-post/api-key (default ~/.config), readable by you alone.`;

const STATUS_HELP = `
Where the key comes from, first that applies: --api-key, --api-key-file,
UPLOAD_POST_API_KEY, the key stored by \`auth login\`. Only its last 4
characters are shown.`;

export interface AuthRunners {
  login(opts: LoginOptions): Promise<number>;
  status(given: { flag?: string; file?: string }): Promise<number>;
  logout(): Promise<number>;
}

/** Loaded on use: `--help` loads none of it. */
function lazyRunners(f: AuthDeps): AuthRunners {
  const run = () => import('./run.js');
  return {
    login: async (opts) => (await run()).runLogin(opts, f),
    status: async (given) => (await run()).runAuthStatus(given, f),
    logout: async () => (await run()).runLogout(f),
  };
}

export function createAuthCommand(f: AuthDeps & Pick<Factory, 'setExitCode'>, runners: AuthRunners = lazyRunners(f)): Command {
  const auth = new Command('auth').description('store, show or remove the API key that status uses').addHelpText('after', DOCS_POINTER);
  auth
    .command('login')
    .description('check an API key with one request, then store it for later runs')
    .option('--with-key', 'read the key from stdin instead of a hidden prompt')
    .option('--base-url <url>', `API base to check the key against (else UPLOAD_POST_BASE_URL; default ${DEFAULT_BASE_URL})`)
    .addHelpText('after', LOGIN_HELP + DOCS_POINTER)
    .action(async (flags: { withKey?: boolean; baseUrl?: string }) => {
      f.setExitCode(await runners.login({ withKey: flags.withKey === true, ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {}) }));
    });
  auth
    .command('status')
    .description('say which API key is in force and where it comes from')
    .option('--api-key <key>', 'an API key given on the command line')
    .option('--api-key-file <path>', 'read the API key from this file (a mounted secret)')
    .addHelpText('after', STATUS_HELP + DOCS_POINTER)
    .action(async (flags: { apiKey?: string; apiKeyFile?: string }) => {
      f.setExitCode(await runners.status({ ...(flags.apiKey !== undefined ? { flag: flags.apiKey } : {}), ...(flags.apiKeyFile !== undefined ? { file: flags.apiKeyFile } : {}) }));
    });
  auth
    .command('logout')
    .description('remove the stored API key')
    .addHelpText('after', DOCS_POINTER)
    .action(async () => f.setExitCode(await runners.logout()));
  return auth;
}
