import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPackageJson, packagingWarnings, REQUIRED_BUILD_OUTPUTS, STAGED_PATHS } from '../../../scripts/dist-app.mjs';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('staged app package.json (scripts/dist.mjs)', () => {
  const staged = appPackageJson(rootPkg);

  it('keeps the metadata and entry point electron-builder needs', () => {
    expect(staged).toMatchObject({ name: rootPkg.name, productName: 'CXR Anatomy Studio', version: rootPkg.version, main: 'dist/main/electron-main.cjs' });
    expect(REQUIRED_BUILD_OUTPUTS).toContain(staged.main);
  });

  it('ships the runtime dependencies only, with native TensorFlow optional and no electron anywhere', () => {
    expect(staged.dependencies).toEqual(rootPkg.dependencies);
    for (const name of ['better-sqlite3', 'ws', 'zod', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm']) expect(staged.dependencies).toHaveProperty([name]);
    expect(staged.optionalDependencies).toEqual({
      '@tensorflow/tfjs-node': rootPkg.optionalDependencies['@tensorflow/tfjs-node'],
      '@tensorflow/tfjs-node-gpu': rootPkg.optionalDependencies['@tensorflow/tfjs-node-gpu'],
    });
    expect(staged.devDependencies).toBeUndefined();
    expect(staged.scripts).toBeUndefined();
    expect(staged.type).toBeUndefined();
    // electron-builder: 'Package "electron" is only allowed in "devDependencies"' (optional ones count as dependencies).
    expect(JSON.stringify(staged)).not.toContain('"electron"');
  });

  it('never ships build tools even if listed as dependencies', () => {
    const odd = appPackageJson({ ...rootPkg, dependencies: { zod: '1', electron: '1', 'electron-builder': '1' }, optionalDependencies: { electron: '1' } });
    expect(odd.dependencies).toEqual({ zod: '1' });
    expect(odd.optionalDependencies).toBeUndefined();
  });

  it('can leave native TensorFlow out', () => {
    const slim = appPackageJson({ ...rootPkg, optionalDependencies: { ...rootPkg.optionalDependencies, extra: '1' } }, { nativeTensorflow: false });
    expect(slim.optionalDependencies).toEqual({ extra: '1' });
    expect(slim.dependencies).toEqual(rootPkg.dependencies);
  });

  it('stages the built main, preload, renderer and resources', () => {
    expect(STAGED_PATHS).toEqual(expect.arrayContaining(['dist/main/electron-main.cjs', 'dist/main/preload.cjs', 'dist/renderer', 'resources']));
  });

  it('warns on Linux when the deb metadata is missing', () => {
    expect(packagingWarnings({ author: 'A' }, 'linux')).toHaveLength(2);
    expect(packagingWarnings({ author: 'A <a@example.org>', homepage: 'https://example.org' }, 'linux')).toEqual([]);
    expect(packagingWarnings({ author: { name: 'A', email: 'a@example.org' }, homepage: 'https://example.org' }, 'linux')).toEqual([]);
    expect(packagingWarnings({}, 'win32')).toEqual([]);
  });
});

describe('packaging files', () => {
  it('has a 512×512 PNG app icon in resources/', () => {
    const png = fs.readFileSync(path.join(root, 'resources', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
  });

  it('electron-builder.yml pins Electron to the optional dependency and covers the three platforms', () => {
    const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(new RegExp(`^electronVersion: ${rootPkg.optionalDependencies.electron.replace(/\./g, '\\.')}$`, 'm'));
    expect(yml).toMatch(/^appId: org\.cxr-anatomy-studio\.app$/m);
    expect(yml).toMatch(/^npmRebuild: true$/m);
    for (const needle of ['- AppImage', '- deb', '- nsis', '- dmg', '"**/*.node"', '"**/*.wasm"', 'public.app-category.medical', 'Science;MedicalSoftware']) {
      expect(yml).toContain(needle);
    }
  });
});
