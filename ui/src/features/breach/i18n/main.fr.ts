// breach screens — fr. Spread into src/i18n/fr.ts; the same keys are in main.en.ts.

export default {
  'breach.page.title': 'Violations de données',
};
