import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

describe('cli', () => {
  it('lists commands with --help and exits 0; no command is a usage error (2)', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['info', 'projects', 'probe', 'db check']) expect(help.out).toContain(name);
    expect((await cli([])).code).toBe(2);
  });

  it('runs project commands against the --db database', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    expect((await cli(['projects', 'create', 'Ribs', '--db', db])).out).toMatch(/Created project 2 "Ribs"/);
    const listed = await cli(['projects', 'list', '--json', '--db', db]);
    expect(JSON.parse(listed.out).map((p: { name: string }) => p.name).sort()).toEqual(['Default project', 'Ribs']);
    expect((await cli(['projects', 'rename', '2', 'Ribs v2', '--db', db])).code).toBe(0);
    expect((await cli(['projects', 'delete', '2', '--db', db])).out).toBe('Deleted project 2.');
  });

  it('fails with a non-zero code and the reason on stderr', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    const dup = await cli(['projects', 'create', 'default PROJECT', '--db', db]);
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/^error: A project named "Default project" already exists/);
    const missing = await cli(['projects', 'delete', '77', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Project 77 does not exist/);
    const usage = await cli(['projects', 'delete', 'abc', '--db', db]);
    expect(usage.code).toBe(2);
    expect((await cli(['frobnicate', '--db', db])).err).toMatch(/unknown command "frobnicate"/);
    expect((await cli(['info', '--no-such-flag'])).code).toBe(2);
  });

  it('checks database integrity', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    const res = await cli(['db', 'check', '--json', '--db', db]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toEqual({ ok: true, problems: [] });
  });
});
