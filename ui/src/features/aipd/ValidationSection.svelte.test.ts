// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Aipd, AipdStatus } from './model';
import { todayIso } from './risks/ids';
import { click, settle, text, typeInto } from './risks/testDom';
import { est, sampleAipd, sampleReference } from './risks/testFixtures';
import type { Progress, Transition, VersionRow } from './risks/types';
import ValidationSection from './ValidationSection.svelte';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function progress(ready: boolean): Progress {
  return {
    sections: [
      { section: 'context', done: 6, total: 6, evaluated: 2, to_evaluate: 2, to_correct: 0 },
      { section: 'principles', done: 10, total: 12, evaluated: 9, to_evaluate: 12, to_correct: 1 },
      { section: 'measures', done: 2, total: 2, evaluated: 2, to_evaluate: 2, to_correct: 0 },
      { section: 'risks', done: 18, total: 18, evaluated: 3, to_evaluate: 3, to_correct: 0 },
      { section: 'validation', done: 1, total: 3, evaluated: 0, to_evaluate: 0, to_correct: 0 },
    ],
    percent: ready ? 100 : 82,
    ready_for_validation: ready,
    gaps: ready
      ? []
      : [
          { section: 'principles', path: '/principles/4/text', code: 'missing_answer', message_fr: 'Répondez à « Durées de conservation ».', message_en: 'Answer « Storage durations ».' },
          { section: 'validation', path: '/dpo/opinion', code: 'missing_dpo_opinion', message_fr: 'Indiquez l’avis du délégué.', message_en: 'Give the DPO’s opinion.' },
        ],
  };
}

function render(status: AipdStatus, opts: { ready?: boolean; edit?: (a: Aipd) => void; versions?: VersionRow[]; readonly?: boolean } = {}) {
  const a = sampleAipd();
  a.status = status;
  opts.edit?.(a);
  const s = $state({ aipd: a });
  const transitions: Transition[] = [];
  let newVersions = 0;
  let changes = 0;
  app = mount(ValidationSection, {
    target: document.body,
    props: {
      get aipd() {
        return s.aipd;
      },
      set aipd(v: Aipd) {
        s.aipd = v;
      },
      readonly: opts.readonly ?? false,
      onchange: () => changes++,
      reference: sampleReference(),
      progress: progress(opts.ready ?? false),
      versions: opts.versions ?? [],
      ontransition: async (t: Transition) => {
        transitions.push(t);
      },
      onnewversion: async () => {
        newVersions++;
      },
    },
  });
  flushSync();
  return { s, transitions, newVersions: () => newVersions, changes: () => changes };
}

const btn = (id: string) => document.getElementById(id) as HTMLButtonElement | null;

describe('ValidationSection — progress and opinions', () => {
  it('shows the progress per section and the gaps', () => {
    render('in_progress');
    expect(text(document.getElementById('aipd-progress-text'))).toBe('Analyse remplie à 82 %');
    const row = document.querySelector('tr[data-section="principles"]')!;
    expect([...row.querySelectorAll('th, td')].map((c) => text(c))).toEqual(['Principes fondamentaux', '10 sur 12', '9 sur 12 (1 à corriger)']);
    expect([...document.querySelectorAll('ul.gaps li')].map((l) => l.getAttribute('data-path'))).toEqual(['/principles/4/text', '/dpo/opinion']);
    expect(text(document.querySelector('ul.gaps'))).toContain('Indiquez l’avis du délégué.');
  });

  it('records the DPO opinion with its full label, and the data subjects’ reason when not sought', () => {
    const { s, changes } = render('in_progress');
    expect(text(document.querySelector('label[for="aipd-dpo-opinion-unfavourable"]'))).toBe(
      'Défavorable : le traitement ne devrait pas être mis en œuvre en l’état',
    );
    typeInto(document.getElementById('aipd-dpo-name'), 'Jeanne Roux');
    click(document.getElementById('aipd-dpo-opinion-favourable'));
    expect(s.aipd.dpo).toMatchObject({ name: 'Jeanne Roux', opinion: 'favourable' });
    click(document.getElementById('aipd-subjects-sought-no'));
    expect(s.aipd.data_subjects.sought).toBe(false);
    expect(text(document.getElementById('aipd-subjects-reason-error'))).toContain('Obligatoire');
    typeInto(document.getElementById('aipd-subjects-reason'), 'Traitement imposé par la loi.');
    expect(s.aipd.data_subjects.not_sought_reason).toBe('Traitement imposé par la loi.');
    expect(document.getElementById('aipd-subjects-reason-error')).toBeNull();
    click(document.getElementById('aipd-subjects-sought-yes'));
    expect(document.getElementById('aipd-subjects-names')).not.toBeNull();
    expect(changes()).toBe(5);
  });

  it('puts the prior consultation text first when a residual risk stays high', () => {
    render('in_progress', { edit: (a) => (a.risks[1].initial = est('maximum', 'negligible')) });
    const prior = document.querySelector('.prior')!;
    expect(text(prior)).toContain('Consultation préalable de la CNIL requise (art. 36 du RGPD) : texte de test.');
    expect(text(prior)).toContain('M — Modification non désirée de données');
    const order = [...document.querySelectorAll('.prior, .progress')].map((e) => e.className);
    expect(order[0]).toContain('prior');
  });

  it('no prior consultation text when the residual estimate is no longer high', () => {
    render('in_progress', {
      edit: (a) => {
        a.risks[0].initial = est('significant', 'significant');
        a.risks[0].residual = est('limited', 'limited');
      },
    });
    expect(document.querySelector('.prior')).toBeNull();
  });
});

describe('ValidationSection — steps by status', () => {
  it('in progress: « Demander la validation » is disabled with the reason until ready', async () => {
    render('in_progress');
    const b = btn('aipd-submit')!;
    expect(b.disabled).toBe(true);
    expect(text(document.getElementById(b.getAttribute('aria-describedby')!))).toContain('2 point(s) restent à compléter');
    unmount(app!);
    document.body.innerHTML = '';
    const r = render('in_progress', { ready: true });
    expect(btn('aipd-submit')!.disabled).toBe(false);
    click(btn('aipd-submit'));
    await settle();
    expect(r.transitions).toEqual([{ type: 'submit' }]);
    expect(btn('aipd-val-validate')).toBeNull();
  });

  it('awaiting: validating requires the four commitments, then sends them', async () => {
    const r = render('awaiting_validation', { ready: true });
    expect(btn('aipd-submit')).toBeNull();
    expect((document.getElementById('aipd-val-validator') as HTMLInputElement).value).toBe('Mme la maire');
    expect((document.getElementById('aipd-val-date') as HTMLInputElement).value).toBe(todayIso());
    const boxes = [...document.querySelectorAll<HTMLInputElement>('.commitments input[type="checkbox"]')];
    expect(boxes).toHaveLength(4);
    click(boxes[0]);
    click(boxes[1]);
    click(btn('aipd-val-validate'));
    await settle();
    expect(r.transitions).toEqual([]);
    expect(text(document.getElementById('aipd-val-commitments-error'))).toContain('Cochez les quatre engagements');
    expect(document.activeElement?.id).toBe('aipd-val-measures_approved');
    click(boxes[2]);
    click(boxes[3]);
    typeInto(document.getElementById('aipd-val-role'), 'Maire');
    click(btn('aipd-val-validate'));
    await settle();
    expect(r.transitions).toEqual([
      {
        type: 'validate',
        validation: {
          validator: 'Mme la maire',
          role: 'Maire',
          validated_on: todayIso(),
          context_accurate: true,
          risks_known: true,
          measures_approved: true,
          commitment: true,
          comment: '',
        },
      },
    ]);
  });

  it('awaiting: no validator name, no validation', async () => {
    const r = render('awaiting_validation', { ready: true });
    typeInto(document.getElementById('aipd-val-validator'), '  ');
    for (const b of document.querySelectorAll<HTMLInputElement>('.commitments input')) click(b);
    click(btn('aipd-val-validate'));
    await settle();
    expect(r.transitions).toEqual([]);
    expect(text(document.getElementById('aipd-val-validator-error'))).toContain('Indiquez qui valide');
  });

  it('awaiting: refusing needs a reason; « Reprendre la rédaction » reopens', async () => {
    const r = render('awaiting_validation');
    click(btn('aipd-ref-submit'));
    await settle();
    expect(r.transitions).toEqual([]);
    expect(text(document.getElementById('aipd-ref-reason-error'))).toContain('Le motif est obligatoire');
    typeInto(document.getElementById('aipd-ref-reason'), 'Les caméras de la cour manquent.');
    click(btn('aipd-ref-submit'));
    await settle();
    click(btn('aipd-reopen'));
    await settle();
    expect(r.transitions).toEqual([
      { type: 'refuse', refusal: { by: 'Mme la maire', refused_on: todayIso(), reason: 'Les caméras de la cour manquent.', changes: '' } },
      { type: 'reopen' },
    ]);
  });

  it('refused: shows the refusal, writes « Modifications apportées » into the last one, then resubmits', async () => {
    const r = render('refused', {
      ready: true,
      edit: (a) => a.refusals.push({ by: 'Mme la maire', refused_on: '2026-11-10', reason: 'Il manque la cour.', changes: '' }),
    });
    expect(text(document.querySelector('.refusals'))).toContain('Refusée le 10/11/2026 par Mme la maire');
    expect(text(document.querySelector('.refusals'))).toContain('Motif : Il manque la cour.');
    expect(btn('aipd-resubmit')!.disabled).toBe(true);
    typeInto(document.getElementById('aipd-refusal-changes'), 'Caméras de la cour ajoutées au contexte.');
    expect(r.s.aipd.refusals[0].changes).toBe('Caméras de la cour ajoutées au contexte.');
    expect(btn('aipd-resubmit')!.disabled).toBe(false);
    click(btn('aipd-resubmit'));
    await settle();
    expect(r.transitions).toEqual([{ type: 'submit' }]);
  });

  it('validated: the validation block read-only, a new version, archiving after confirmation', async () => {
    const r = render('validated', {
      edit: (a) =>
        (a.validation = {
          validator: 'Mme la maire',
          role: 'Maire',
          validated_on: '2026-11-20',
          context_accurate: true,
          risks_known: true,
          measures_approved: true,
          commitment: true,
          comment: '',
        }),
      versions: [
        { id: 'old', version: 1, status: 'archived', validated_on: '2025-03-01', created_at: '2025-02-01T10:00:00Z' },
        { id: 'a0000000-0000-4000-8000-000000000001', version: 2, status: 'validated', validated_on: '2026-11-20', created_at: '2026-11-02T08:00:00Z' },
      ],
    });
    expect(text(document.querySelector('.validated'))).toContain('Validée le 20/11/2026 par Mme la maire');
    expect(document.querySelectorAll('.validated li[data-ticked="true"]')).toHaveLength(4);
    expect(btn('aipd-val-validate')).toBeNull();
    expect(btn('aipd-submit')).toBeNull();
    expect((document.getElementById('aipd-dpo-name') as HTMLInputElement).readOnly).toBe(true);
    click(btn('aipd-new-version'));
    await settle();
    expect(r.newVersions()).toBe(1);
    click(btn('aipd-archive'));
    expect(r.transitions).toEqual([]);
    click(btn('aipd-archive-confirm'));
    await settle();
    expect(r.transitions).toEqual([{ type: 'archive' }]);
    const rows = [...document.querySelectorAll('table.versions tbody tr')];
    expect(rows.map((x) => text(x.querySelector('td')))).toEqual(['Archivée', 'Validée']);
    expect(text(rows[1].querySelector('th'))).toContain('(cette version)');
  });

  it('archived: read-only, nothing to archive again', () => {
    render('archived');
    expect(text(document.body)).toContain('Cette analyse est archivée');
    expect(btn('aipd-archive')).toBeNull();
    expect(btn('aipd-submit')).toBeNull();
    expect([...document.querySelectorAll<HTMLInputElement>('input[type="radio"]')].every((x) => x.disabled)).toBe(true);
  });
});
