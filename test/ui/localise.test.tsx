// @vitest-environment happy-dom
/** Localise (issue 16): its planner, and the control with its review step (pick, translate, correct, estimate, start). */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TranslationRequest, TranslationResponse } from '../../contract/api';
import type { Target } from '../../contract/messages';
import { localiseChange, NO_IMAGE_REASON, NO_TEXT_REASON, type FrameReview } from '../../core/localise';
import { findModel } from '../../core/models';
import { EMPTY_STYLE, editPrompt } from '../../core/prompt';
import { requestSizeFor } from '../../core/sizing';
import { ApiErrorException } from '../../ui/api/errors';
import { Localise, translationLabel } from '../../ui/components/Localise';
import { localiseEstimate, planLocalise } from '../../ui/run/plan-localise';
import type { Run } from '../../ui/run/run';

afterEach(cleanup);

const gpt2 = findModel('gpt-image-2')!;
const design = { style: EMPTY_STYLE, useLayerNames: false, useFrameText: false, transparent: false };
let ids = 0;
const plan = (review: FrameReview[], languages: string[]) => planLocalise(review, languages, { model: gpt2, design, overrides: new Map(), makeId: () => `l${ids++}` });

const hero: Target = { id: '1:1', name: 'Hero', nodeType: 'FRAME', width: 600, height: 400, hasImageFill: true, text: ['Summer sale', 'Shop now'] };
const card: Target = { id: '1:2', name: 'Card', nodeType: 'FRAME', width: 300, height: 300, hasImageFill: true, text: ['Shop now'] };
const wire: Target = { id: '1:3', name: 'Wireframe', nodeType: 'FRAME', width: 300, height: 300, hasImageFill: false, text: ['Pay'] };
const photo: Target = { id: '1:4', name: 'Photo', nodeType: 'RECTANGLE', width: 300, height: 300, hasImageFill: true };

/** A backend that "translates" by tagging, recording what it was asked. */
function translator() {
  const asked: TranslationRequest[] = [];
  const translate = vi.fn(async (req: TranslationRequest): Promise<TranslationResponse> => {
    asked.push(req);
    return { model: 'gpt-5.5', translations: req.languages.map((language) => ({ language, texts: req.texts.map((t) => `[${language}] ${t}`) })) };
  });
  return { asked, client: { translate } };
}

describe('planning Localise', () => {
  it('one edit per frame and language of the frame image, with the reviewed text, landing in a named duplicate beside it', () => {
    const review: FrameReview[] = [
      { id: '1:1', name: 'Hero', width: 600, height: 400, lines: ['Summer sale'], translations: { French: ['Soldes'], German: ['Sommerschlussverkauf'] } },
      { id: '1:2', name: 'Card', width: 300, height: 300, lines: ['Shop now'], translations: { French: ['Acheter'], German: ['Kaufen'] } },
    ];
    ids = 0;
    const runs = plan(review, ['French', 'German']);
    expect(runs.map((r) => r.targetName)).toEqual(['Hero / French', 'Hero / German', 'Card / French', 'Card / German']);
    expect(new Set(runs.map((r) => r.turnId))).toEqual(new Set([runs[0]!.id]));
    const fr = runs[0]!;
    const sent = editPrompt({ change: localiseChange('French', ['Summer sale'], ['Soldes']), style: EMPTY_STYLE, images: [{ role: 'current' }] });
    expect(fr).toMatchObject({ kind: 'edit', prompt: 'Localise into French, German', sent, targetId: null, n: 1, status: 'reading', quality: 'medium', beside: { sourceId: '1:1', name: 'Hero / French', duplicate: true } });
    expect(fr.request).toEqual({
      route: 'edits',
      body: { model: 'gpt-image-2', prompt: sent, size: requestSizeFor('gpt-image-2', 600, 400, 'medium'), quality: 'medium', n: 1, stream: true, partial_images: 2, output_format: 'png' },
      source: { nodeId: '1:1', referenceIds: [], maskId: null, sendsFrame: true },
    });
    expect(sent).toMatch(/^Change only: translate the text rendered in the image into French: "Summer sale" becomes exactly "Soldes";.*\nKeep everything else unchanged: /s);
    expect(fr.beside!.texts).toEqual({ 'Summer sale': 'Soldes' });
    expect(runs[3]!.beside!.texts).toEqual({ 'Shop now': 'Kaufen' });
    // Small frames with copy are never low quality.
    expect(runs[2]!.quality).toBe('medium');
    expect(() => plan([{ ...review[0]!, translations: { French: [' '] } }], ['French'])).toThrow(/French translation of “Summer sale” is empty/);
  });
});

describe('Localise', () => {
  const noop = () => undefined;

  it('greys the control with the backend reason, or when no selected frame can be localised', () => {
    const { client } = translator();
    const { rerender } = render(<Localise targets={[hero]} client={client} unavailable="This backend allows no text model." plan={plan} onStart={noop} />);
    const button = screen.getByRole('button', { name: 'Localise…' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-describedby')).toBe('localise-why');
    expect(screen.getByText('This backend allows no text model.')).toBeTruthy();
    rerender(<Localise targets={[wire, photo]} client={client} plan={plan} onStart={noop} />);
    expect((screen.getByRole('button', { name: 'Localise…' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/Select frames that show an image and have text layers/)).toBeTruthy();
    // No selected frame shows an image: no control at all.
    rerender(<Localise targets={[wire]} client={client} plan={plan} onStart={noop} />);
    expect(screen.queryByRole('button', { name: 'Localise…' })).toBeNull();
  });

  it('says why frames are skipped, translates the others, lets a translation be corrected, shows the N×M estimate, and starts exactly that', async () => {
    const { asked, client } = translator();
    const started: Run[][] = [];
    render(<Localise targets={[hero, card, wire, photo]} client={client} plan={plan} onStart={(r) => started.push(r)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Localise…' }));
    const skipped = screen.getByRole('list', { name: 'Skipped' });
    expect(skipped.textContent).toContain(`“Wireframe” is skipped: it ${NO_IMAGE_REASON}.`);
    expect(skipped.textContent).toContain(`“Photo” is skipped: it ${NO_TEXT_REASON}.`);
    fireEvent.click(screen.getByRole('checkbox', { name: 'French' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Other languages (names or codes, comma-separated)' }), { target: { value: 'pt-BR, french' } });
    fireEvent.click(screen.getByRole('button', { name: 'Translate for review' }));
    const review = await screen.findByRole('region', { name: 'Review translations' });
    expect(asked).toEqual([{ texts: ['Summer sale', 'Shop now'], languages: ['French', 'pt-BR'] }]);
    const box = screen.getByRole('textbox', { name: translationLabel('pt-BR', 'Summer sale', 'Hero') }) as HTMLInputElement;
    expect(box.value).toBe('[pt-BR] Summer sale');
    expect((screen.getByRole('textbox', { name: translationLabel('French', 'Shop now', 'Card') }) as HTMLInputElement).value).toBe('[French] Shop now');
    fireEvent.input(box, { target: { value: 'Liquidação de verão' } });
    ids = 0;
    const expected = plan(
      [
        { id: '1:1', name: 'Hero', width: 600, height: 400, lines: ['Summer sale', 'Shop now'], translations: { French: ['[French] Summer sale', '[French] Shop now'], 'pt-BR': ['Liquidação de verão', '[pt-BR] Shop now'] } },
        { id: '1:2', name: 'Card', width: 300, height: 300, lines: ['Shop now'], translations: { French: ['[French] Shop now'], 'pt-BR': ['[pt-BR] Shop now'] } },
      ],
      ['French', 'pt-BR'],
    );
    const estimate = localiseEstimate(expected, 2, 2);
    expect(estimate).toMatch(/^4 edits \(2 frames × 2 languages\) · about \$\d+\.\d+ plus the input images · about \d+–\d+ s$/);
    expect(review.textContent).toContain(estimate);
    expect(started).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Start 4 edits' }));
    expect(started).toHaveLength(1);
    expect(started[0]!.map((r) => [r.targetName, r.sent])).toEqual(expected.map((r) => [r.targetName, r.sent]));
    expect(started[0]![1]!.sent).toContain('"Summer sale" becomes exactly "Liquidação de verão"');
    expect(screen.queryByRole('region', { name: 'Review translations' })).toBeNull();
  });

  it('a text of two lines is reviewed in a box of two lines and sent with its break', async () => {
    const { asked, client } = translator();
    const started: Run[][] = [];
    const banner: Target = { ...hero, text: ['SUMMER \n SALE'] };
    render(<Localise targets={[banner]} client={client} plan={plan} onStart={(r) => started.push(r)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Localise…' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'French' }));
    fireEvent.click(screen.getByRole('button', { name: 'Translate for review' }));
    const box = (await screen.findByRole('textbox', { name: translationLabel('French', 'SUMMER\nSALE', 'Hero') })) as HTMLTextAreaElement;
    expect(asked[0]!.texts).toEqual(['SUMMER\nSALE']);
    expect(box.tagName).toBe('TEXTAREA');
    expect(box.getAttribute('rows')).toBe('2');
    fireEvent.input(box, { target: { value: 'SOLDES\nD’ÉTÉ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start 1 edit' }));
    const run = started[0]![0]!;
    expect(run.sent).toContain('"SUMMER" / "SALE" (2 lines) becomes exactly "SOLDES" / "D’ÉTÉ" (2 lines)');
    expect(run.beside?.texts).toEqual({ 'SUMMER\nSALE': 'SOLDES\nD’ÉTÉ' });
  });

  it('an emptied translation holds the edits back and says which', async () => {
    const { client } = translator();
    render(<Localise targets={[card]} client={client} plan={plan} onStart={noop} />);
    fireEvent.click(screen.getByRole('button', { name: 'Localise…' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'German' }));
    fireEvent.click(screen.getByRole('button', { name: 'Translate for review' }));
    fireEvent.input(await screen.findByRole('textbox', { name: translationLabel('German', 'Shop now', 'Card') }), { target: { value: ' ' } });
    expect(screen.getByRole('alert').textContent).toBe('The German translation of “Shop now” is empty.');
    expect((screen.getByRole('button', { name: 'Start 0 edits' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Cancel in the review sends nothing and loses nothing', async () => {
    const { client } = translator();
    const onStart = vi.fn();
    render(<Localise targets={[hero]} client={client} plan={plan} onStart={onStart} />);
    fireEvent.click(screen.getByRole('button', { name: 'Localise…' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Italian' }));
    fireEvent.click(screen.getByRole('button', { name: 'Translate for review' }));
    await screen.findByRole('region', { name: 'Review translations' });
    expect(screen.getByText(/^1 edit \(1 frame × 1 language\)/)).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: translationLabel('Italian', 'Shop now', 'Hero') }), { target: { value: 'Acquista ora' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onStart).not.toHaveBeenCalled();
    expect(client.translate).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('region', { name: 'Review translations' })).toBeNull();
    // The languages picked are still picked when Localise opens again, and the review comes back with its corrections.
    fireEvent.click(screen.getByRole('button', { name: 'Localise…' }));
    expect((screen.getByRole('checkbox', { name: 'Italian' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the review' }));
    expect((screen.getByRole('textbox', { name: translationLabel('Italian', 'Shop now', 'Hero') }) as HTMLInputElement).value).toBe('Acquista ora');
    expect(client.translate).toHaveBeenCalledTimes(1);
    // Other languages: that review is not offered.
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Localise…' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Dutch' }));
    expect(screen.queryByRole('button', { name: 'Back to the review' })).toBeNull();
  });

  it('a backend error is shown and nothing is lost: the languages stay, and translating again works', async () => {
    const { client } = translator();
    const ok = client.translate.getMockImplementation()!;
    client.translate.mockImplementationOnce(async () => {
      throw new ApiErrorException(429, { message: 'Too many requests for this token.', type: 'rate_limit', param: null, code: 'rate_limited' }, { retryAfter: '7' });
    });
    render(<Localise targets={[hero]} client={client} plan={plan} onStart={noop} />);
    fireEvent.click(screen.getByRole('button', { name: 'Localise…' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Japanese' }));
    fireEvent.input(screen.getByRole('textbox', { name: /^Other languages/ }), { target: { value: 'Catalan' } });
    fireEvent.click(screen.getByRole('button', { name: 'Translate for review' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Translation failed: Rate limit reached: Too many requests for this token. Try again in 7 s.'));
    expect((screen.getByRole('checkbox', { name: 'Japanese' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('textbox', { name: /^Other languages/ }) as HTMLInputElement).value).toBe('Catalan');
    client.translate.mockImplementation(ok);
    fireEvent.click(screen.getByRole('button', { name: 'Translate for review' }));
    await screen.findByRole('region', { name: 'Review translations' });
    expect(screen.getByRole('button', { name: 'Start 2 edits' })).toBeTruthy();
  });

  it('checks the typed languages before asking', () => {
    const { client } = translator();
    render(<Localise targets={[hero]} client={client} plan={plan} onStart={noop} />);
    fireEvent.click(screen.getByRole('button', { name: 'Localise…' }));
    fireEvent.input(screen.getByRole('textbox', { name: /^Other languages/ }), { target: { value: 'x'.repeat(41) } });
    expect(screen.getByRole('alert').textContent).toMatch(/longer than 40 characters/);
    expect((screen.getByRole('button', { name: 'Translate for review' }) as HTMLButtonElement).disabled).toBe(true);
    expect(client.translate).not.toHaveBeenCalled();
  });
});
