// Turning errors into what the user sees: a field's message, or one line for a notification.
import { notifications } from '@mantine/notifications';
import i18n, { type TFunction } from 'i18next';
import { fieldErrorWords } from '../../core/field-errors.ts';
import { type Language, languageOf, sentence } from '../../core/wording.ts';
import { type FieldError, isProblem } from './api.ts';
import { SaveCancelled, SaveDiscarded } from './useRecord.ts';
import { fieldProblemText } from './validate.ts';

/** One human sentence for an error (the server's problem detail, or a generic line). */
export function errorMessage(err: unknown, t: TFunction): string {
  if (isProblem(err)) {
    // Known refusals read in the user's language; others keep the server's (English) detail.
    const known = `errors.codes.${err.code}`;
    if (i18n.exists(known)) return t(known as never);
    if (err.status === 0) return t('errors.network');
    if (err.status === 403) return err.detail ?? t('errors.forbidden');
    if (err.status === 404) return t('errors.notFound');
    const unmet = err.problem.unmet;
    if (Array.isArray(unmet) && unmet.length)
      return `${t('move.unmetCount', { count: unmet.length })} ${unmet.map((u) => u.label).join('; ')}`;
    if (err.errors.length) return err.errors.map((e) => fieldErrorLine(e, t)).join('; ');
    return err.detail ?? t('errors.generic');
  }
  return t('errors.generic');
}

/**
 * One field error as a line: `Amount: at least 0`, the field named by its label (a nested path such as
 * `lineItems.0.quantity` by its last part's). A key over several fields (`opportunityId,contactId,role`) is
 * named by the fields' labels where the app has them all. A field the app has no label for is not named:
 * never a raw key.
 */
function fieldErrorLine(e: FieldError, t: TFunction): string {
  const lang = languageOfT(t);
  const words = fieldErrorWords(e, lang);
  const colon = lang === 'zh-CN' ? '：' : ': ';
  const parts = e.path.split(',');
  if (parts.length === 1) {
    const label = fieldLabelOf(e.path, t) ?? fieldLabelOf(e.path.split('.').at(-1) ?? '', t);
    return label ? `${label}${colon}${words}` : sentence(words);
  }
  const labels = parts.map((p) => fieldLabelOf(p.trim(), t));
  if (labels.every((l) => l !== undefined))
    return `${labels.join(lang === 'zh-CN' ? '、' : ', ')}${colon}${words}`;
  return sentence(words);
}

/** A field's label (`amount` → Amount, `accountId` → Account), if the app has one. */
function fieldLabelOf(field: string, t: TFunction): string | undefined {
  // A key built at run time: typed as `never` so the compiler does not expand the whole namespace.
  for (const key of [`fields.${field}`, `fields.${field.replace(/Id$/, '')}`])
    if (i18n.exists(key)) return t(key as never);
  return undefined;
}

/** The language a t speaks: a fixed t (getFixedT) carries its own, others follow the interface. */
const languageOfT = (t: TFunction): Language =>
  languageOf((t as { lng?: string | null }).lng ?? i18n.language);

/** Shows an error as a red notification, unless the user deliberately cancelled or discarded. */
export function notifyError(err: unknown, t: TFunction, title?: string): void {
  if (err instanceof SaveCancelled || err instanceof SaveDiscarded) return;
  notifications.show({ color: 'red', title: title ?? t('errors.title'), message: errorMessage(err, t) });
}

export function notifySaved(t: TFunction, message?: string): void {
  notifications.show({ color: 'teal', message: message ?? t('common.saved'), autoClose: 2000 });
}

/**
 * Server field errors keyed by form field: `lineItems.0.quantity` stays as is; unknown paths are put under
 * `_form` so they are still shown.
 */
export function fieldErrorsFor(err: unknown, fields: readonly string[]): Record<string, string> {
  if (!isProblem(err)) return {};
  const out: Record<string, string> = {};
  for (const e of err.errors) {
    const key = fields.find((f) => e.path === f || e.path.startsWith(`${f}.`)) ?? '_form';
    out[key] ??= fieldProblemText(e);
  }
  const unmet = Array.isArray(err.problem.unmet) ? err.problem.unmet : [];
  if (!err.errors.length && err.detail)
    out._form = unmet.length ? `${err.detail} ${unmet.map((u) => u.label).join('; ')}` : err.detail;
  return out;
}
