// How the tray and notifications say how long a session has left: coarse enough to read at a
// glance ("6 h 12 min"), never "0 min" while time remains.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 d 4 h", "6 h 12 min", "45 min", "under 1 min"; for a positive duration in ms. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) return 'under 1 min';
  // Round down: saying "6 min" when 6 min 50 s remain is honest, "7 min" would overpromise.
  const minutes = Math.floor(ms / MINUTE);
  if (ms >= DAY) {
    const days = Math.floor(ms / DAY);
    const hours = Math.floor((ms % DAY) / HOUR);
    return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  }
  if (ms >= HOUR) {
    const hours = Math.floor(ms / HOUR);
    const rest = minutes % 60;
    return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  }
  return `${minutes} min`;
}

/** "6 h 12 min left", or null once the moment has passed. */
export function timeLeft(endsAt: number, now: number): string | null {
  const remaining = endsAt - now;
  return remaining > 0 ? `${formatDuration(remaining)} left` : null;
}
