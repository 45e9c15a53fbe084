import { PASSWORD_POLICY } from '../../domain';
import { cx } from '../../lib/class-names';

interface Rule {
  label: string;
  met: (password: string) => boolean;
}

/** The same policy as the user pool and the shared Password schema, as a checklist. */
export const PASSWORD_RULES: readonly Rule[] = [
  { label: `At least ${PASSWORD_POLICY.minLength} characters`, met: (p) => p.length >= PASSWORD_POLICY.minLength },
  ...(PASSWORD_POLICY.requireLowercase ? [{ label: 'A lowercase letter (a–z)', met: (p: string) => /[a-z]/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireUppercase ? [{ label: 'An uppercase letter (A–Z)', met: (p: string) => /[A-Z]/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireDigits ? [{ label: 'A digit (0–9)', met: (p: string) => /\d/.test(p) }] : []),
  ...(PASSWORD_POLICY.requireSymbols ? [{ label: 'A symbol, such as ! ? # or %', met: (p: string) => /[^A-Za-z0-9]/.test(p) }] : []),
];

export function PasswordRules({ password }: { password: string }) {
  return (
    <div className="password-rules">
      <p className="password-rules__intro">Your password needs:</p>
      <ul className="password-rules__list">
        {PASSWORD_RULES.map((rule) => {
          const met = rule.met(password);
          return (
            <li key={rule.label} className={cx('password-rules__rule', met && 'password-rules__rule--met')}>
              <span className="password-rules__icon" aria-hidden="true">
                {met ? '✓' : '○'}
              </span>
              {rule.label}
              {met && <span className="visually-hidden"> (done)</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
