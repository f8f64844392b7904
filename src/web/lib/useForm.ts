// A small form state: string values, per-field errors (ours before sending, the server's after), and a
// submit that validates, sends, and maps a problem's field errors back onto the fields.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFor, notifyError } from './errors.ts';
import { fieldProblemText, type Rule, type RuleError, validateForm } from './validate.ts';

export type FormErrors<K extends string> = Partial<Record<K | '_form', string>>;

export function useForm<V extends Record<string, string>>(initial: V) {
  const { t } = useTranslation();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FormErrors<Extract<keyof V, string>>>({});
  const [submitting, setSubmitting] = useState(false);

  const set = useCallback(
    (k: keyof V) => (v: string | null) => {
      setValues((s) => ({ ...s, [k]: v ?? '' }));
      setErrors((e) => ({ ...e, [k]: undefined, _form: undefined }));
    },
    [],
  );

  /** Props for a Mantine input bound to field `k`. */
  const input = (k: Extract<keyof V, string>) => ({
    value: values[k],
    error: errors[k],
    onChange: (e: { currentTarget: { value: string } }) => set(k)(e.currentTarget.value),
  });

  const submit = async <R>(
    spec: Partial<Record<Extract<keyof V, string>, Rule[]>>,
    send: (values: V) => Promise<R>,
  ): Promise<R | undefined> => {
    const local = validateForm(values as Record<Extract<keyof V, string>, string>, spec);
    if (Object.keys(local).length) {
      setErrors(
        Object.fromEntries(
          Object.entries(local).map(([k, e]) => [k, fieldProblemText(e as RuleError)]),
        ) as never,
      );
      return undefined;
    }
    setSubmitting(true);
    try {
      return await send(values);
    } catch (err) {
      const mapped = fieldErrorsFor(err, Object.keys(values));
      if (Object.keys(mapped).length) setErrors(mapped as never);
      else notifyError(err, t);
      return undefined;
    } finally {
      setSubmitting(false);
    }
  };

  const reset = useCallback(
    (next?: V) => {
      setValues(next ?? initial);
      setErrors({});
    },
    [initial],
  );

  return { values, setValues, set, input, errors, setErrors, submit, submitting, reset };
}
