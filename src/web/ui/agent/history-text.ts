import { localMessage } from '../../../core/notifications/message.ts';

// A history line in the reader's language: from its key and parameters (written since migration
// 008), else the English text it was stored with.

export const historyText = (h: { message: string; message_key: string | null; message_params: string | null }): string => localMessage(h.message_key, h.message_params, h.message);
