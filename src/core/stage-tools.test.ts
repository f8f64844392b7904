import { describe, expect, it } from 'vitest';
import { builtInToolSlug, isToolLink, toolUrl } from './stage-tools.ts';

describe('stage tools', () => {
  it('accepts web, e-mail and in-app links, and nothing a browser would run or misread', () => {
    for (const ok of [
      'https://wiki.example.com/visits',
      'http://intranet/x',
      'mailto:sales@example.com',
      '/tools/tender',
      '/',
    ])
      expect(isToolLink(ok), ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,x',
      '//evil.example.com',
      'wiki/x',
      'https://',
      ' /tools/x',
    ])
      expect(isToolLink(bad), bad).toBe(false);
  });

  it('knows a built-in worksheet’s address from any other', () => {
    expect(builtInToolSlug(toolUrl('visit-plan'))).toBe('visit-plan');
    expect(builtInToolSlug('/tools/../admin')).toBeNull();
    expect(builtInToolSlug('https://example.com/tools/visit-plan')).toBeNull();
  });
});
