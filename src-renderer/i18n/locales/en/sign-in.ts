export default {
  title: 'Sign in to your workspace',
  tagline: 'Every channel, one inbox — and no promise forgotten.',
  email: 'Email',
  password: 'Password',
  submit: 'Sign in',
  busy: 'Signing in…',
} as const;
