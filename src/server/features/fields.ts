import { z } from 'zod';

/** Field formats shared by several resources. */
export const nameField = z.string().trim().min(1, 'must not be blank').max(200);
export const shortText = z.string().trim().max(200).nullable();
export const longText = z.string().max(20_000).nullable();
export const emailField = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const currencyField = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY or USD');
export const moneyField = z.number().min(0).max(99_999_999_999_999).multipleOf(0.01);
export const externalIdField = z.string().trim().min(1).max(200).nullable();
