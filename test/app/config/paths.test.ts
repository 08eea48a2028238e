import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDatabasePath } from '../../../app/config/paths';

describe('data folder', () => {
  it("matches Electron's userData folder on each platform", () => {
    expect(defaultDataDir({ env: {}, platform: 'linux', home: '/home/ann' })).toBe('/home/ann/.config/CXR Anatomy Studio');
    expect(defaultDataDir({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux', home: '/home/ann' })).toBe('/cfg/CXR Anatomy Studio');
    expect(defaultDataDir({ env: {}, platform: 'darwin', home: '/Users/ann' })).toBe('/Users/ann/Library/Application Support/CXR Anatomy Studio');
    expect(defaultDataDir({ env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\ann' })).toContain('CXR Anatomy Studio');
  });

  it('is overridden by CXR_STUDIO_HOME, and the database by --db then CXR_STUDIO_DB', () => {
    expect(defaultDataDir({ env: { CXR_STUDIO_HOME: '/data/studio' }, platform: 'linux', home: '/h' })).toBe('/data/studio');
    expect(resolveDatabasePath('/d', undefined, {})).toBe(path.join('/d', 'studio.sqlite'));
    expect(resolveDatabasePath('/d', undefined, { CXR_STUDIO_DB: '/x/env.sqlite' })).toBe('/x/env.sqlite');
    expect(resolveDatabasePath('/d', '/x/flag.sqlite', { CXR_STUDIO_DB: '/x/env.sqlite' })).toBe('/x/flag.sqlite');
  });
});
