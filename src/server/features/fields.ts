import { z } from 'zod';
import type { FieldErrorCode } from '../../core/field-errors.ts';

/** Field formats shared by several resources. */
export const nameField = z.string().trim().min(1).max(200);
export const shortText = z.string().trim().max(200).nullable();
export const longText = z.string().max(20_000).nullable();
export const emailField = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const currencyField = z.string().regex(/^[A-Z]{3}$/, 'currency' satisfies FieldErrorCode);
export const moneyField = z.number().min(0).max(99_999_999_999_999).multipleOf(0.01);
export const externalIdField = z.string().trim().min(1).max(200).nullable();
