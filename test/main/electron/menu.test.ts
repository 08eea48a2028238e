import { describe, expect, it, vi } from 'vitest';
import type { MenuItemOptions } from '../../../main/electron/electron-api';
import { menuTemplate } from '../../../main/electron/menu';

const roles = (items: MenuItemOptions[] | undefined) => (items ?? []).map((i) => i.role ?? i.label ?? i.type);
const find = (template: MenuItemOptions[], label: string) => template.find((m) => m.label === label)?.submenu;

describe('menuTemplate', () => {
  it('has File: Quit, View: Reload and DevTools in development, Help: About', () => {
    const onAbout = vi.fn();
    const template = menuTemplate({ platform: 'linux', isPackaged: false, appName: 'CXR Anatomy Studio', onAbout });
    expect(template.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(roles(find(template, 'File'))).toEqual(['quit']);
    expect(roles(find(template, 'View'))).toEqual(['reload', 'toggleDevTools']);
    const about = find(template, 'Help')?.[0];
    expect(about?.label).toBe('About CXR Anatomy Studio');
    about?.click?.();
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('has no DevTools in packaged builds', () => {
    const template = menuTemplate({ platform: 'win32', isPackaged: true, appName: 'X', onAbout: () => {} });
    expect(roles(find(template, 'View'))).toEqual(['reload']);
  });

  it('adds the application menu on macOS', () => {
    const template = menuTemplate({ platform: 'darwin', isPackaged: true, appName: 'X', onAbout: () => {} });
    expect(template[0]).toEqual({ role: 'appMenu' });
  });
});
