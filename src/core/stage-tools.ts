/**
 * A stage's tools: the worksheets and checklists a rep uses in that step of the sale (seeds/004: they record
 * what happened on site and what the customer said, sort it, and prompt what to do now). A tool is a link an
 * admin sets on the stage, to the organization's own documents or to one of Winpath's built-in worksheets
 * (`/tools/<slug>`, src/core/tool-templates.ts). Pure data and rules, shared by server and web.
 */

/** A tool on a stage, as stored on it and answered by the API. */
export type StageTool = {
  /** The English label (also shown in Chinese when `labelZh` is empty). */
  label: string;
  labelZh?: string | null;
  url: string;
};

/** Text in both languages of the interface. */
export type Bilingual = { en: string; zh: string };

/**
 * How a worksheet section is filled in: `fields` are blanks to write into, `questions` are to ask the
 * customer (with room for the answer), `checklist` items are ticked.
 */
export type ToolSectionKind = 'fields' | 'questions' | 'checklist';

export type ToolSection = { title: Bilingual; kind: ToolSectionKind; items: Bilingual[] };

/** A built-in worksheet. */
export type ToolTemplate = {
  slug: string;
  title: Bilingual;
  /** What it is for and when to use it, one or two sentences. */
  purpose: Bilingual;
  sections: ToolSection[];
};

const BUILT_IN_PREFIX = '/tools/';

/** The in-app address of a built-in worksheet. */
export const toolUrl = (slug: string): string => `${BUILT_IN_PREFIX}${slug}`;

/**
 * Whether a tool's link is one a browser may open from the app: a web or e-mail address, or an address in
 * Winpath itself. Anything else (`javascript:`, `data:`, `//host`, a bare word) is refused when saved.
 */
export const isToolLink = (url: string): boolean => /^(https?:\/\/\S+|mailto:\S+|\/(?!\/)\S*)$/i.test(url);

/** The slug of a built-in worksheet's address, or null for any other link. */
export function builtInToolSlug(url: string): string | null {
  if (!url.startsWith(BUILT_IN_PREFIX)) return null;
  const slug = url.slice(BUILT_IN_PREFIX.length);
  return /^[a-z0-9-]+$/.test(slug) ? slug : null;
}
