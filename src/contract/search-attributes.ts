/**
 * Temporal search attributes the workflows carry.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes; registered on the dev server at start (see scripts/local-stack.ts). */
export const SEARCH_ATTRIBUTES = {
  TenantId: 'Keyword',
  SyncId: 'Keyword',
  ItemType: 'Keyword',
  EmailId: 'Int',
} as const;

export const SA_TENANT_ID = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
export const SA_SYNC_ID = defineSearchAttributeKey('SyncId', SearchAttributeType.KEYWORD);
export const SA_ITEM_TYPE = defineSearchAttributeKey('ItemType', SearchAttributeType.KEYWORD);
export const SA_EMAIL_ID = defineSearchAttributeKey('EmailId', SearchAttributeType.INT);
