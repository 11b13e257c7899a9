// Shows OS notifications. Each is kept referenced until clicked or dismissed: a notification
// the garbage collector takes loses its click handler.
import type { Notification } from 'electron';
import type { ElectronModule } from './electron-seam.js';

/** Returns whether a notification was shown (false where the OS does not support them). */
export type Notify = (title: string, body: string, onClick?: () => void) => boolean;

export function createNotify(NotificationClass: ElectronModule['Notification']): Notify {
  const live = new Set<Notification>();
  return (title, body, onClick) => {
    if (!NotificationClass.isSupported()) return false;
    const notification = new NotificationClass({ title, body });
    live.add(notification);
    notification.on('click', () => {
      live.delete(notification);
      onClick?.();
    });
    notification.on('close', () => live.delete(notification));
    notification.show();
    return true;
  };
}
