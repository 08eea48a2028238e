import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../app/config/paths';
import { parseElectronArgs, resolveLocations } from '../../../main/electron/locations';

describe('parseElectronArgs', () => {
  it('reads --db, --data-dir and --backend in both spellings and ignores everything else', () => {
    expect(
      parseElectronArgs(['/usr/bin/electron', '/repo', '--no-sandbox', '--db', 'a.sqlite', '--data-dir=/data', '--remote-debugging-port=0', '--backend', 'wasm']),
    ).toEqual({ db: 'a.sqlite', dataDir: '/data', backend: 'wasm' });
    expect(parseElectronArgs(['/opt/app/cxr', '--db=/x/y.sqlite'])).toEqual({ db: '/x/y.sqlite' });
    expect(parseElectronArgs(['/opt/app/cxr'])).toEqual({});
  });

  it('does not take the next switch as a value', () => {
    expect(parseElectronArgs(['app', '--db', '--inspect=0'])).toEqual({});
    expect(parseElectronArgs(['app', '--db='])).toEqual({});
    expect(parseElectronArgs(['app', '--dbx', 'v', '--database=v'])).toEqual({});
  });
});

describe('resolveLocations', () => {
  const appData = path.resolve('/home/u/.config');

  it('defaults to <appData>/CXR Anatomy Studio/studio.sqlite, the web host default too', () => {
    const loc = resolveLocations({}, {}, appData);
    expect(loc.dataDir).toBe(path.join(appData, 'CXR Anatomy Studio'));
    expect(loc.databasePath).toBe(path.join(appData, 'CXR Anatomy Studio', 'studio.sqlite'));
    expect(loc.dataDir).toBe(defaultDataDir({ env: {}, platform: 'linux', home: path.resolve('/home/u') }));
  });

  it('lets CXR_STUDIO_HOME and --data-dir move the data folder', () => {
    expect(resolveLocations({}, { CXR_STUDIO_HOME: '/tmp/h' }, appData).databasePath).toBe(path.resolve('/tmp/h/studio.sqlite'));
    expect(resolveLocations({ dataDir: '/d' }, { CXR_STUDIO_HOME: '/tmp/h' }, appData).dataDir).toBe(path.resolve('/d'));
  });

  it('lets --db and then CXR_STUDIO_DB choose the database', () => {
    expect(resolveLocations({ db: '/a.sqlite' }, { CXR_STUDIO_DB: '/b.sqlite' }, appData)).toEqual({
      dataDir: path.join(appData, 'CXR Anatomy Studio'),
      databasePath: path.resolve('/a.sqlite'),
    });
    expect(resolveLocations({}, { CXR_STUDIO_DB: '/b.sqlite' }, appData).databasePath).toBe(path.resolve('/b.sqlite'));
  });
});
