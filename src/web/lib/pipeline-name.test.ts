import { describe, expect, it } from 'vitest';
import { pipelineName } from './pipeline-name.ts';

const both = { name: 'Solution sale (8 steps)', nameZh: '方案销售（八步法）' };

describe('pipelineName', () => {
  it('shows the Chinese name to zh-CN readers and the name to English ones', () => {
    expect(pipelineName(both, 'zh-CN')).toBe('方案销售（八步法）');
    expect(pipelineName(both, 'en')).toBe('Solution sale (8 steps)');
  });

  it('falls back to the name when there is no Chinese name (null, blank or absent)', () => {
    expect(pipelineName({ name: 'Channel', nameZh: null }, 'zh-CN')).toBe('Channel');
    expect(pipelineName({ name: 'Channel', nameZh: '  ' }, 'zh-CN')).toBe('Channel');
    expect(pipelineName({ name: 'Channel' }, 'zh-CN')).toBe('Channel');
  });
});
