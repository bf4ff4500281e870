import type { TokenResponse } from '@docgate/protocol';
import type { SignInContext, SignInStrategy } from '../strategies.js';
import { el, signInDialog } from './dom.js';
import { HttpError } from './http.js';
import { messages } from './messages.js';

export interface DevSignInOptions {
  /** sign in as this account without asking */
  userid?: string;
  /** accounts to offer as one-click choices in the prompt */
  accounts?: string[];
}

/**
 * Dev login (demos and tests): asks for an account id, or uses the one given. Works only against
 * a server started with dev login enabled.
 */
export function devSignIn(options: DevSignInOptions = {}): SignInStrategy {
  return {
    name: 'dev',
    switchable: true,
    async signIn(context) {
      const login = (userid: string) => context.post<TokenResponse>('v1/auth/dev-login', { userid, site: context.site });
      return options.userid ? login(options.userid) : prompt(context, options.accounts ?? [], login);
    },
  };
}

function prompt(context: SignInContext, accounts: string[], login: (userid: string) => Promise<TokenResponse>): Promise<TokenResponse> {
  const m = messages(context.lang);
  return new Promise((resolve) => {
    const form = el('form');
    const label = el('label', m.signInLabel);
    const input = el('input');
    input.name = 'userid';
    input.required = true;
    input.autocomplete = 'username';
    label.append(input);
    const error = el('p');
    error.className = 'dg-signin__error';
    error.setAttribute('role', 'alert');
    const submit = el('button', m.signInSubmit);
    submit.type = 'submit';
    const choices = el('p');
    for (const account of accounts) {
      const choice = el('button', account);
      choice.type = 'button';
      choice.addEventListener('click', () => {
        input.value = account;
        form.requestSubmit();
      });
      choices.append(choice, ' ');
    }
    form.append(label, submit, choices, error);
    const dialog = signInDialog(context.lang, m.signInTitle, m.signInHint, form);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      error.textContent = '';
      try {
        const tokens = await login(input.value.trim());
        dialog.close();
        dialog.remove();
        resolve(tokens);
      } catch (failure) {
        const known = failure instanceof HttpError ? m.errors[failure.code] : undefined;
        error.textContent = m.signInFailed + (known ?? (failure instanceof HttpError ? failure.message : String(failure)));
        submit.disabled = false;
        input.focus();
      }
    });
    input.focus();
  });
}
