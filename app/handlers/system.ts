import { probeMatmul } from '../compute/probe';
import { appName, appVersion, codeVersion } from '../version';
import type { HandlerDeps, HandlerGroup } from './deps';

export function systemHandlers(deps: HandlerDeps): HandlerGroup<'app.info' | 'compute.status' | 'compute.probe' | 'db.check'> {
  const { store, db, guard } = deps;
  return {
    'app.info': () => ({
      name: appName,
      version: appVersion,
      codeVersion,
      dataDir: deps.dataDir,
      databasePath: store.path,
      schemaVersion: store.schemaVersion,
      platform: `${process.platform}-${process.arch}`,
      node: process.versions.node,
      host: deps.host,
    }),
    'compute.status': () => deps.backend(),
    'compute.probe': async ({ size, repeats }, ctx) => probeMatmul(await deps.backend(), size, repeats, ctx),
    'db.check': () =>
      guard(() => {
        const rows = db.pragma('integrity_check') as { integrity_check: string }[];
        const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
        return { ok: problems.length === 0, problems };
      }),
  };
}
