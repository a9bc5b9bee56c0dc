import base from '/work/main/stryker.config.mjs';
export default { ...base, incremental: false, thresholds: { high: 90, low: 85, break: null }, jsonReporter: { fileName: 'reports/one.json' }, reporters: ['clear-text', 'json'] };
