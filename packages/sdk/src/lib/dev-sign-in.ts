import type { TokenResponse } from '@docgate/protocol';
import type { SignInContext, SignInStrategy } from '../strategies.js';
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
    const dialog = document.createElement('dialog');
    dialog.className = 'dg-signin';
    dialog.lang = context.lang;
    const form = document.createElement('form');
    const title = document.createElement('h2');
    title.textContent = m.signInTitle;
    const hint = document.createElement('p');
    hint.textContent = m.signInHint;
    const label = document.createElement('label');
    label.textContent = m.signInLabel;
    const input = document.createElement('input');
    input.name = 'userid';
    input.required = true;
    input.autocomplete = 'username';
    label.append(input);
    const error = document.createElement('p');
    error.className = 'dg-signin__error';
    error.setAttribute('role', 'alert');
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.textContent = m.signInSubmit;
    const choices = document.createElement('p');
    for (const account of accounts) {
      const choice = document.createElement('button');
      choice.type = 'button';
      choice.textContent = account;
      choice.addEventListener('click', () => {
        input.value = account;
        form.requestSubmit();
      });
      choices.append(choice, ' ');
    }
    form.append(title, hint, label, submit, choices, error);
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
    // A dialog that cannot be dismissed: the page stays hidden until someone signs in.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    dialog.append(form);
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
