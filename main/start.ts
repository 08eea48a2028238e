import { spawn } from 'node:child_process';
import path from 'node:path';
import { defaultDataDir, resolveDatabasePath } from '../app/config/paths';
import { createRuntime } from '../app/runtime';
import { HOST_USAGE, parseHostArgs, type HostArgs } from './args';
import { findElectronBinary } from './electron-binary';
import { startWebHost } from './web/host';

// `npm start`: the Electron window where its binary exists, otherwise the local web host.
const distDir = __dirname;
const appRoot = path.resolve(distDir, '..', '..');

function launchElectron(binary: string, argv: readonly string[]): void {
  const child = spawn(binary, [appRoot, ...argv], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

async function launchWebHost(args: HostArgs): Promise<void> {
  const dataDir = args.dataDir ? path.resolve(args.dataDir) : defaultDataDir();
  const databasePath = resolveDatabasePath(dataDir, args.db);
  const runtime = createRuntime({ databasePath, dataDir, host: 'web', backend: args.backend });
  if (args.host !== '127.0.0.1' && args.host !== 'localhost' && args.host !== '::1') {
    console.warn(
      `WARNING: listening on ${args.host}, not only this machine. Anyone on the network who has the token can use the app, and traffic is not encrypted (use an SSH tunnel for remote access where you can).`,
    );
  }
  const host = await startWebHost({ runtime, staticDir: path.join(distDir, '..', 'renderer'), host: args.host, port: args.port });
  console.log(`Database: ${databasePath}`);
  console.log(`CXR Anatomy Studio is running. Open: ${host.url}`);
  void runtime.backend().then((report) => console.log(`Compute backend: ${report.summary}`));
  const stop = () => {
    void host
      .close()
      .then(() => runtime.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseHostArgs(argv);
  if (args === 'help') {
    console.log(HOST_USAGE);
    return;
  }
  if (!args.web) {
    const electron = findElectronBinary(path.join(appRoot, 'package.json'));
    if (electron.found) {
      launchElectron(electron.path, argv);
      return;
    }
    console.log(`Electron is not available (${electron.reason}); starting the local web host instead.`);
  }
  await launchWebHost(args);
}

main().catch((err: unknown) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
});
