// What the app keeps on the device besides the queue, as JSON in localStorage: the signed-in
// person's refresh token and profile (see docs/SECURITY.md, "The web app"), and the last Today
// the server sent, so a reload with no network still shows the day.

export class LocalStore {
  constructor(storage) {
    this.storage = storage;
  }

  get(key, fallback = null) {
    try {
      const text = this.storage.getItem(key);
      return text === null ? fallback : JSON.parse(text);
    } catch {
      return fallback;
    }
  }

  set(key, value) {
    try {
      this.storage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or refused (private mode): the app still works, it only forgets more.
    }
  }

  remove(key) {
    this.storage.removeItem(key);
  }
}

export const SESSION_KEY = 'habitd.session';
// A refresh token logged out of with no network, revoked on the server once it can be reached.
export const LOGOUT_KEY = 'habitd.logout';
export const todayKey = (userId) => `habitd.today.${userId}`;

// The habit with this id as the last Today on this device showed it, or null: a habit's page can
// name it before the server answers, and without a connection.
export function habitFromLastToday(store, userId, habitId) {
  const items = store.get(todayKey(userId))?.body?.items;
  if (!Array.isArray(items)) return null;
  return items.find((item) => item?.habit?.id === habitId)?.habit ?? null;
}
