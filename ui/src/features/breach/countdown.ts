// The 72-hour countdown as the window shows it, kept live between two answers of the core:
// the core gives the state and the deadline (awareness + 72 h); while the breach is not
// notified and the decision is not « Non », only the passing of time changes it, so the
// badge recomputes « to notify » / « late » from the deadline and the clock. Nothing else
// is decided here.

import { t } from '../../i18n/index.svelte';
import type { Countdown, CountdownState } from './api';

export type Tone = 'ok' | 'info' | 'warning' | 'danger';

export interface LiveCountdown {
  state: CountdownState;
  /** Whole hours left (to notify) or overdue (late); minutes when under an hour. */
  hours: number;
  minutes: number;
  tone: Tone;
  text: string;
}

const TONE: Record<CountdownState, Tone> = {
  to_notify: 'warning',
  late: 'danger',
  notified_in_time: 'ok',
  notified_late: 'warning',
  not_needed: 'info',
};

/** The countdown `c` at `now`. */
export function liveCountdown(c: Countdown, now: Date): LiveCountdown {
  let state = c.state;
  let ms = 0;
  if (state === 'to_notify' || state === 'late') {
    ms = new Date(c.deadline).getTime() - now.getTime();
    state = ms >= 0 ? 'to_notify' : 'late';
  }
  const totalMinutes = Math.floor(Math.abs(ms) / 60000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return { state, hours, minutes, tone: TONE[state], text: countdownText(state, hours, minutes, c.delay_reasons_missing) };
}

function countdownText(state: CountdownState, hours: number, minutes: number, reasonsMissing: boolean): string {
  switch (state) {
    case 'to_notify':
      return hours > 0
        ? t('breach.countdown.left_hours', { h: hours })
        : t('breach.countdown.left_minutes', { m: minutes });
    case 'late':
      return hours > 0
        ? t('breach.countdown.late_hours', { h: hours })
        : t('breach.countdown.late_minutes', { m: minutes });
    case 'notified_in_time':
      return t('breach.countdown.in_time');
    case 'notified_late':
      return reasonsMissing ? t('breach.countdown.notified_late_reasons') : t('breach.countdown.notified_late');
    case 'not_needed':
      return t('breach.countdown.not_needed');
  }
}
