import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { importEn } from './import.en.ts';
import { importZh } from './import.zh-CN.ts';
import { recycleEn } from './recycle.en.ts';
import { recycleZh } from './recycle.zh-CN.ts';
import { zhCN } from './zh-CN.ts';

/** Every leaf key as a dotted path. */
function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

function leaves(obj: object): string[] {
  return Object.values(obj).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v as object)));
}

const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe.each([
  { ns: 'translation', en: en as object, zhCN: zhCN as object },
  { ns: 'imports', en: importEn as object, zhCN: importZh as object },
  { ns: 'recycle', en: recycleEn as object, zhCN: recycleZh as object },
])('translations ($ns)', ({ en, zhCN }) => {
  it('English and Chinese have exactly the same keys', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('uses the same interpolation variables in both languages', () => {
    const zh = new Map(
      keys(zhCN).map((k) => [
        k,
        k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], zhCN) as string,
      ]),
    );
    for (const k of keys(en)) {
      const enValue = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en) as string;
      expect(vars(zh.get(k)!), k).toEqual(vars(enValue));
    }
  });

  it('has no empty strings, and Chinese strings are translated', () => {
    expect(leaves(en).filter((s) => !s.trim())).toEqual([]);
    expect(leaves(zhCN).filter((s) => !s.trim())).toEqual([]);
    const untranslated = keys(en).filter((k) => {
      const get = (o: object) =>
        k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o) as string;
      return get(en) === get(zhCN) && /[a-z]{4,}/.test(get(en));
    });
    expect(untranslated).toEqual([]);
  });
});
