/**
 * Test ids of the datasource's editors, shared by the components, their tests and the browser tests, so that a
 * renamed control cannot silently break a test.
 */
import type { StoreKind } from '@conduit/core';

export const selectors = {
  config: {
    storeUrl: (store: StoreKind) => `conduit-config-${store}-url`,
    storeDatabase: (store: StoreKind) => `conduit-config-${store}-database`,
    storeRetentionPolicy: (store: StoreKind) => `conduit-config-${store}-retention-policy`,
    storeUser: (store: StoreKind) => `conduit-config-${store}-user`,
    storePassword: (store: StoreKind) => `conduit-config-${store}-password`,
    storeToken: (store: StoreKind) => `conduit-config-${store}-token`,
    storeTimeout: (store: StoreKind) => `conduit-config-${store}-timeout`,
    zoneModel: 'conduit-config-zone-model',
    zoneModelSummary: 'conduit-config-zone-model-summary',
    zoneModelProblems: 'conduit-config-zone-model-problems',
    detectionSetting: (detector: string, setting: string) => `conduit-config-detection-${detector}-${setting}`,
    chainMaxGap: 'conduit-config-chain-max-gap',
  },
  query: {
    editor: (queryType: string) => `conduit-query-editor-${queryType}`,
    rawQuery: 'conduit-query-raw',
    measurement: 'conduit-query-measurement',
    field: 'conduit-query-field',
    interval: 'conduit-query-interval',
    alias: 'conduit-query-alias',
    tagFilterTag: (index: number) => `conduit-query-filter-${index}-tag`,
    tagFilterValue: (index: number) => `conduit-query-filter-${index}-value`,
    addTagFilter: 'conduit-query-add-filter',
    groupByTags: 'conduit-query-group-by-tags',
    zone: 'conduit-query-zone',
    riskLimit: 'conduit-query-risk-limit',
    riskFactors: 'conduit-query-risk-factors',
  },
  variable: {
    zone: 'conduit-variable-zone',
    measurement: 'conduit-variable-measurement',
    tagKey: 'conduit-variable-tag-key',
  },
  annotation: {
    zone: 'conduit-annotation-zone',
  },
} as const;
