// The indicator values (ten years and more: read an indicator's year at a time, never all at
// start) and the channels that follow an indicator.
import type { CollectionSpec, LazySpec } from '../store/contract.js';
import { Follow, IndicatorTarget, IndicatorValue } from './model.js';

const valuePartition = (indicator: string, period: string): string => `${indicator}-${period.slice(0, 4)}`;

// ~100 000 values over ten years: one file per indicator and year keeps each write small, and a
// card needs one to six of them (a year of months, six years of yearly values).
export const INDICATOR_VALUES: LazySpec<IndicatorValue> = {
  name: 'indicator-values',
  lazy: true,
  schema: IndicatorValue,
  partition: (v) => valuePartition(v.indicator, v.period),
  partitionOfId: (id) => valuePartition(id.split('|')[0]!, id.split('|')[2] ?? ''),
  cacheSize: 64,
};

export const TARGETS: CollectionSpec<IndicatorTarget> = { name: 'indicator-targets', schema: IndicatorTarget, partition: () => 'all' };

export const FOLLOWS: CollectionSpec<Follow> = { name: 'follows', schema: Follow, partition: () => 'all' };
