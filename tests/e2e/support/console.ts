/**
 * Console errors that are the email sandbox doing its job, not faults: Playwright's tracing
 * (trace: 'retain-on-failure') injects its snapshot script into every frame, and Chromium refuses
 * it in our email frames, which may run no script at all.
 */
export function isSandboxRefusal(text: string): boolean {
  return text.startsWith("Blocked script execution in 'about:srcdoc'");
}
