// Names shown for the parts of an analysis (risks, measures, principles…) in the current
// language. The core stores a feared event's title in French; its name here follows the
// window's language.

import { t } from '../../../i18n/index.svelte';
import type { Aipd, PartRef, Risk } from '../model';
import { riskLabel } from './riskLogic';

/** A risk's name: its feared event's in the current language, else its title. */
export function riskName(risk: Risk): string {
  if (risk.event) return t(`aipd.risk.event.${risk.event}`);
  return risk.title.trim() !== '' ? risk.title : t('aipd.risk.untitled');
}

/** What a corrective action answers, in words: « Risque A — Accès illégitime à des données ». */
export function partName(part: PartRef, aipd: Aipd): string {
  switch (part.type) {
    case 'context':
      return t(`aipd.plan.part.context.${part.part}`);
    case 'principle':
      return t('aipd.plan.part.principle', { name: t(`aipd.plan.principle.${part.key}`) });
    case 'measure': {
      const m = aipd.measures.find((x) => x.id === part.id);
      return m ? t('aipd.plan.part.measure', { name: m.title }) : t('aipd.plan.part.missing');
    }
    case 'risk': {
      const r = aipd.risks.find((x) => x.id === part.id);
      return r ? t('aipd.plan.part.risk', { label: riskLabel(aipd, r), name: riskName(r) }) : t('aipd.plan.part.missing');
    }
    default:
      return t('aipd.plan.part.general');
  }
}
