let context: AudioContext | null = null;

/**
 * A short two-note tone made on the spot with the Web Audio API: no audio file to ship, and quiet
 * enough for an open-plan office. Any failure (no audio device, autoplay policy) is silent.
 */
export function playChime(): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const start = context.currentTime + 0.01;
    const gain = context.createGain();
    gain.connect(context.destination);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.08, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.4);
    for (const [frequency, offset] of [
      [880, 0],
      [1318.5, 0.09],
    ] as const) {
      const tone = context.createOscillator();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(start + offset);
      tone.stop(start + 0.42);
    }
  } catch {
    // Sound is a nicety; the notification itself still shows.
  }
}
