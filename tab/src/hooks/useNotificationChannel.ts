import type { NotificationChannel } from '../../../server/api/notificationContracts';
import { useApiResource, type Resource } from './useApiResource';

/** The change-notification channel (GET /api/sync/notifications) for the Sync view. */
export function useNotificationChannel(): Resource<NotificationChannel> {
  return useApiResource<NotificationChannel>('/api/sync/notifications');
}
