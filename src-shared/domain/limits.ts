/** Size limits applied to every customer- or agent-supplied string before it reaches storage. */
export const LIMITS = {
  name: 200,
  email: 254,
  phone: 32,
  subject: 500,
  text: 100_000,
  html: 500_000,
  tag: 64,
  tags: 50,
  attachmentName: 255,
  attachments: 50,
  password: 1024,
} as const;
