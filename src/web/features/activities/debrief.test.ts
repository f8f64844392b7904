import { describe, expect, it } from 'vitest';
import { composeDebrief, parseDebrief } from './debrief.ts';

describe('debrief', () => {
  it('round-trips what was learned and the next step', () => {
    const notes = composeDebrief('预算已确认。\n决策人是总经理。', 'Send the ROI figures\nby Friday');
    expect(notes).toBe('预算已确认。\n决策人是总经理。\n\n→ Send the ROI figures by Friday');
    expect(parseDebrief(notes)).toEqual({
      learned: '预算已确认。\n决策人是总经理。',
      nextStep: 'Send the ROI figures by Friday',
    });
  });

  it('handles either part missing', () => {
    expect(composeDebrief('  ', '')).toBeNull();
    expect(parseDebrief(composeDebrief('', '约见总工'))).toEqual({ learned: '', nextStep: '约见总工' });
    expect(parseDebrief('Plain notes from an import')).toEqual({
      learned: 'Plain notes from an import',
      nextStep: '',
    });
    expect(parseDebrief(null)).toEqual({ learned: '', nextStep: '' });
  });
});
