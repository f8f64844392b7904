import { describe, expect, it } from 'vitest';
import type { Bilingual } from './stage-tools.ts';
import { TOOL_TEMPLATES, toolTemplate } from './tool-templates.ts';

const CJK = /[\u4e00-\u9fff]/;

/** Every text of a worksheet, named for the failure message. */
const texts = (slug: string): [string, Bilingual][] => {
  const t = toolTemplate(slug)!;
  return [
    [`${slug} title`, t.title],
    [`${slug} purpose`, t.purpose],
    ...t.sections.flatMap((s, i): [string, Bilingual][] => [
      [`${slug} section ${i}`, s.title],
      ...s.items.map((item, j): [string, Bilingual] => [`${slug} section ${i} item ${j}`, item]),
    ]),
  ];
};

describe('built-in worksheets', () => {
  it('has the twelve worksheets of the 8-step process, in order, with URL-safe unique slugs', () => {
    const slugs = TOOL_TEMPLATES.map((t) => t.slug);
    expect(slugs).toEqual([
      'qualification',
      'research',
      'visit-plan',
      'first-meeting',
      'solution-template',
      'buying-team',
      'cases',
      'demo-script',
      'tender',
      'executive-brief',
      'negotiation',
      'handover',
    ]);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9-]+$/);
  });

  it('words every text in English and in Chinese', () => {
    for (const { slug } of TOOL_TEMPLATES) {
      for (const [where, text] of texts(slug)) {
        expect(text.en.trim(), where).not.toBe('');
        expect(text.zh.trim(), where).not.toBe('');
        expect(text.en, where).not.toMatch(CJK);
        expect(text.zh, where).toMatch(CJK);
      }
    }
  });

  it('has 2 to 4 sections of 3 to 7 items, with titles and items unique where they are listed', () => {
    for (const t of TOOL_TEMPLATES) {
      expect(t.sections.length, t.slug).toBeGreaterThanOrEqual(2);
      expect(t.sections.length, t.slug).toBeLessThanOrEqual(4);
      expect(new Set(t.sections.map((s) => s.title.en)).size, t.slug).toBe(t.sections.length);
      for (const s of t.sections) {
        const where = `${t.slug}: ${s.title.en}`;
        expect(s.items.length, where).toBeGreaterThanOrEqual(3);
        expect(s.items.length, where).toBeLessThanOrEqual(7);
        expect(new Set(s.items.map((i) => i.en)).size, where).toBe(s.items.length);
      }
    }
  });

  it('asks questions as questions, and lists fields and checklist items without a full stop', () => {
    for (const t of TOOL_TEMPLATES) {
      for (const s of t.sections) {
        for (const item of s.items) {
          if (s.kind === 'questions') {
            expect(item.en, t.slug).toMatch(/\?$/);
            expect(item.zh, t.slug).toMatch(/？$/);
          } else {
            expect(item.en, t.slug).not.toMatch(/[.?]$/);
            expect(item.zh, t.slug).not.toMatch(/[。？.?]$/);
          }
        }
      }
    }
  });

  it('finds a worksheet by its slug', () => {
    expect(toolTemplate('visit-plan')?.title.en).toBe('Visit plan and debrief');
    expect(toolTemplate('handover')?.title.zh).toMatch(CJK);
    expect(toolTemplate('nope')).toBeUndefined();
    expect(toolTemplate('')).toBeUndefined();
  });
});
