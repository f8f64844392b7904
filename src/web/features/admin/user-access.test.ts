import { describe, expect, it } from 'vitest';
import { inviteLocale, shownLocale, userAccess } from './user-access.ts';

describe('userAccess', () => {
  it('tells users who cannot sign in from active ones', () => {
    expect(userAccess({ status: 'active', canSignIn: false })).toBe('no_sign_in');
    expect(userAccess({ status: 'active', canSignIn: true })).toBe('active');
  });
  it('shows deactivation first, whatever the sign-in', () => {
    expect(userAccess({ status: 'deactivated', canSignIn: false })).toBe('deactivated');
    expect(userAccess({ status: 'deactivated', canSignIn: true })).toBe('deactivated');
  });
  it('takes a row without the flag as able to sign in', () => {
    expect(userAccess({ status: 'active' })).toBe('active');
  });
});

describe('languages of users who never signed in', () => {
  it('shows no language for them instead of the stored default', () => {
    expect(shownLocale({ locale: 'en', canSignIn: false })).toBeNull();
    expect(shownLocale({ locale: 'zh-CN', canSignIn: true })).toBe('zh-CN');
    expect(shownLocale({ locale: 'en' })).toBe('en');
  });
  it('starts their invitation in the admin’s language, others keep their own', () => {
    expect(inviteLocale({ locale: 'en', canSignIn: false }, 'zh-CN')).toBe('zh-CN');
    expect(inviteLocale({ locale: 'en', canSignIn: true }, 'zh-CN')).toBe('en');
  });
});
