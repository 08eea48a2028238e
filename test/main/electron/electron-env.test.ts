import { describe, expect, it } from 'vitest';
import { electronBuildEnv, sanitizeNpmrc } from '../../../scripts/electron-env.mjs';

const npmrc = [
  'omit-lockfile-registry-resolved=true',
  'nodedir=/usr',
  '  NODEDIR = /opt/node ',
  'nodedir[]=/x',
  '# nodedir=/usr is what this machine had',
  'registry=https://registry.example.org/',
  '//registry.example.org/:_authToken=${NPM_TOKEN}',
  'node-options=--max-old-space-size=4096',
  'nodedirectory=/keep-this-unrelated-key',
  '',
].join('\n');

describe('electronBuildEnv', () => {
  it('removes every npm_config_nodedir spelling and keeps the rest of the environment', () => {
    const { env } = electronBuildEnv(
      {
        PATH: '/usr/bin',
        HOME: '/root',
        npm_config_nodedir: '/usr',
        NPM_CONFIG_NODEDIR: '/usr',
        npm_config_NodeDir: '/usr',
        npm_config_registry: 'https://registry.example.org/',
        npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
        EMPTY: undefined,
      },
      '',
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      npm_config_registry: 'https://registry.example.org/',
      npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    });
  });

  it('points npm at the sanitized copy of the npmrc, replacing any inherited userconfig', () => {
    const { env, npmrc: text } = electronBuildEnv(
      { npm_config_userconfig: '/root/.npmrc', NPM_CONFIG_USERCONFIG: '/root/.npmrc', PATH: '/bin' },
      npmrc,
      { userconfig: '/repo/build/npmrc' },
    );
    expect(env).toEqual({ PATH: '/bin', npm_config_userconfig: '/repo/build/npmrc' });
    expect(text).not.toMatch(/^\s*nodedir\s*(\[\])?\s*=/im);
    expect(text.split('\n')).toEqual([
      'omit-lockfile-registry-resolved=true',
      '# nodedir=/usr is what this machine had',
      'registry=https://registry.example.org/',
      '//registry.example.org/:_authToken=${NPM_TOKEN}',
      'node-options=--max-old-space-size=4096',
      'nodedirectory=/keep-this-unrelated-key',
      '',
    ]);
  });

  it('leaves userconfig alone without a sanitized copy, and does not modify its input', () => {
    const input = { npm_config_userconfig: '/root/.npmrc', npm_config_nodedir: '/usr' };
    const { env } = electronBuildEnv(input, '');
    expect(env).toEqual({ npm_config_userconfig: '/root/.npmrc' });
    expect(input.npm_config_nodedir).toBe('/usr');
  });

  it('handles CRLF files and files without nodedir', () => {
    expect(sanitizeNpmrc('a=1\r\nnodedir=/usr\r\nb=2')).toBe('a=1\nb=2');
    expect(sanitizeNpmrc('')).toBe('');
    expect(sanitizeNpmrc('fund=false')).toBe('fund=false');
  });
});
