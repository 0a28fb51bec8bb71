import { beforeEach, describe, expect, it } from 'vitest';
import { applyLang } from '../../i18n/index.svelte';
import { liveCountdown } from './countdown';
import { countdown } from './fixtures.test-support';

const AWARE = '2026-03-10T09:00:00Z';
const at = (iso: string) => new Date(iso);
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('liveCountdown', () => {
  beforeEach(() => applyLang('fr'));

  it('counts the whole hours left before the deadline', () => {
    const live = liveCountdown(countdown(AWARE, 'to_notify'), at('2026-03-11T16:30:00Z'));
    expect(live.state).toBe('to_notify');
    expect(live.hours).toBe(40);
    expect(live.text).toBe('Reste 40 h pour notifier la CNIL');
    expect(live.tone).toBe('warning');
  });

  it('turns late once the deadline passes, without waiting for the core', () => {
    const live = liveCountdown(countdown(AWARE, 'to_notify'), at('2026-03-13T14:10:00Z'));
    expect(live.state).toBe('late');
    expect(plain(live.text)).toBe('En retard de 5 h : notifiez sans attendre et expliquez le retard');
    expect(live.tone).toBe('danger');
  });

  it('gives minutes in the last hour', () => {
    const live = liveCountdown(countdown(AWARE, 'to_notify'), at('2026-03-13T08:35:00Z'));
    expect(live.text).toBe('Reste 25 min pour notifier la CNIL');
  });

  it('keeps the states that time does not change', () => {
    const later = at('2026-04-01T00:00:00Z');
    expect(liveCountdown(countdown(AWARE, 'notified_in_time'), later).text).toBe('Notifiée dans les délais');
    expect(liveCountdown(countdown(AWARE, 'not_needed'), later).state).toBe('not_needed');
    expect(liveCountdown(countdown(AWARE, 'notified_late', true), later).text).toContain('motifs du retard');
  });

  it('speaks English', () => {
    applyLang('en');
    expect(liveCountdown(countdown(AWARE, 'to_notify'), at('2026-03-10T10:00:00Z')).text).toBe('71 h left to notify the CNIL');
  });
});
