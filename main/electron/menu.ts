import type { MenuItemOptions } from './electron-api';

export interface MenuInput {
  readonly platform: NodeJS.Platform;
  readonly isPackaged: boolean;
  readonly appName: string;
  readonly onAbout: () => void;
}

/** File: Quit · Edit (clipboard shortcuts need these roles on macOS) · View: Reload, DevTools in development · Help: About. */
export function menuTemplate(input: MenuInput): MenuItemOptions[] {
  const template: MenuItemOptions[] = [];
  if (input.platform === 'darwin') template.push({ role: 'appMenu' });
  template.push(
    { label: 'File', submenu: [{ role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    { label: 'View', submenu: input.isPackaged ? [{ role: 'reload' }] : [{ role: 'reload' }, { role: 'toggleDevTools' }] },
    { label: 'Help', submenu: [{ label: `About ${input.appName}`, click: input.onAbout }] },
  );
  return template;
}
