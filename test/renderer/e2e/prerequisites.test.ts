import { describe, expect, it } from 'vitest';
import { assertPrerequisites, RENDERER_DIR } from './harness';

// The browser suites call assertPrerequisites() in beforeAll, so a missing browser fails them instead of skipping.
describe('browser test prerequisites', () => {
  it('fails with the install command when Chromium is missing', () => {
    expect(() => assertPrerequisites('/nonexistent/chromium', RENDERER_DIR)).toThrow(
      /Chromium at \/nonexistent\/chromium, which is missing\. Install it with `apt-get install -y chromium`/,
    );
  });

  it('fails with the build command when the renderer is not built', () => {
    expect(() => assertPrerequisites('/', '/nonexistent/renderer')).toThrow(/Run `npm run build` first/);
  });
});
