// @vitest-environment happy-dom
/** Finishing actions (issue 16): the edits they plan, and the controls with their estimate and model fallback. */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Focus } from '../../contract/messages';
import { fixTextChange, REMOVE_BACKGROUND_CHANGE, transparentAlternative } from '../../core/finishing';
import { findModel, type ModelInfo } from '../../core/models';
import { EMPTY_STYLE, editPrompt, TRANSPARENT_LINE } from '../../core/prompt';
import { requestSizeFor } from '../../core/sizing';
import { emptyThread } from '../../core/thread';
import { FinishingActions } from '../../ui/components/FinishingActions';
import { nextEstimate } from '../../ui/components/TargetList';
import { planFinish, type PlanOptions } from '../../ui/run/plan';

afterEach(cleanup);

const gpt2 = findModel('gpt-image-2')!;
const opaqueOnly: ModelInfo = { ...findModel('gpt-image-2.6-flare')!, id: 'team-opaque', label: 'Team Opaque', transparentBackground: false };
const design = { style: EMPTY_STYLE, useLayerNames: false, useFrameText: false, transparent: false };
const options = (over: Partial<PlanOptions> = {}): PlanOptions => ({ model: gpt2, variations: 3, design, overrides: new Map(), makeId: () => 'f1', ...over });
/** A plain image layer Figment never filled (no thread), selected with a logo and a shape over it. */
const photo: Focus = { nodeId: '4:1', name: 'Product photo', width: 600, height: 400, thread: emptyThread(), references: [{ id: 'r1', name: 'Logo' }], mask: { id: 'm1', name: 'Label area' } };

describe('planning a finishing action', () => {
  it('Remove background: one Images edit of the whole layer alone, asking for a transparent PNG', () => {
    const run = planFinish('remove-background', photo, options());
    const size = requestSizeFor('gpt-image-2', 600, 400, 'medium');
    const sent = editPrompt({ change: REMOVE_BACKGROUND_CHANGE, style: EMPTY_STYLE, images: [{ role: 'current' }], transparent: true });
    expect(sent).toContain(TRANSPARENT_LINE);
    expect(run).toMatchObject({ kind: 'edit', prompt: 'Remove background', targetId: '4:1', n: 1, status: 'reading', sent });
    expect(run.request).toEqual({
      route: 'edits',
      body: { model: 'gpt-image-2', prompt: sent, size, quality: 'medium', n: 1, stream: true, partial_images: 2, output_format: 'png', background: 'transparent' },
      source: { nodeId: '4:1', referenceIds: [], maskId: null, sendsFrame: true },
    });
  });

  it('Remove background with a model that cannot make one fails before it costs anything, saying why', () => {
    const run = planFinish('remove-background', photo, options({ model: opaqueOnly }));
    expect(run).toMatchObject({ status: 'failed', message: 'Team Opaque cannot make a transparent background: choose a model that can.' });
  });

  it('Fix the text: the exact copy quoted, only inside a shape drawn over the text, opaque as before', () => {
    const run = planFinish('fix-text', photo, options(), ['SUMMER SALE', ' 50%  off ']);
    expect(run.prompt).toBe('Fix the text');
    expect(run.sent).toContain('Change only: replace the text rendered in the image with exactly "SUMMER SALE", then "50% off", spelled exactly as written');
    expect(run.request).toMatchObject({ route: 'edits', source: { referenceIds: [], maskId: 'm1' } });
    expect(run.request.route === 'edits' && run.request.body.background).toBeUndefined();
    expect(() => fixTextChange(['  '])).toThrow(/Type the text/);
  });

  it('offers the first allowed model that can make a transparent background', () => {
    expect(transparentAlternative(opaqueOnly, [opaqueOnly, gpt2])).toBe(gpt2);
    expect(transparentAlternative(opaqueOnly, [opaqueOnly])).toBeNull();
    expect(transparentAlternative(gpt2, [opaqueOnly, gpt2])).toBeNull();
  });
});

describe('FinishingActions', () => {
  const noop = () => undefined;

  it('shows the estimate, runs Remove background, and starts Fix the text from the frame text', () => {
    const calls: unknown[] = [];
    render(
      <FinishingActions focus={photo} model={gpt2} models={[gpt2]} overrides={new Map()} frameText={['SUMMR SALE']} onRemoveBackground={() => calls.push('rb')} onFixText={(c) => calls.push(c)} onChooseModel={noop} />,
    );
    const section = screen.getByRole('region', { name: 'Finish this image' });
    expect(section.textContent).toContain(nextEstimate({ targets: [], focus: photo, model: gpt2, variations: 1, overrides: new Map() }).replace(/^Edit: /, ''));
    fireEvent.click(screen.getByRole('button', { name: 'Remove background' }));
    fireEvent.click(screen.getByRole('button', { name: 'Fix the text' }));
    const box = screen.getByRole('textbox', { name: 'The text the image should show (one line each)' }) as HTMLTextAreaElement;
    expect(box.value).toBe('SUMMR SALE');
    fireEvent.input(box, { target: { value: 'SUMMER SALE\n\n 50% off ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Replace the text' }));
    expect(calls).toEqual(['rb', ['SUMMER SALE', '50% off']]);
  });

  it('Replace the text waits for some text', () => {
    render(<FinishingActions focus={photo} model={gpt2} models={[gpt2]} overrides={new Map()} frameText={[]} onRemoveBackground={noop} onFixText={noop} onChooseModel={noop} />);
    fireEvent.click(screen.getByRole('button', { name: 'Fix the text' }));
    expect(screen.getByRole('button', { name: 'Replace the text' })).toHaveProperty('disabled', true);
  });

  it('greys out Remove background where the model cannot, and offers the closest model that can', () => {
    const chosen: string[] = [];
    render(<FinishingActions focus={photo} model={opaqueOnly} models={[opaqueOnly, gpt2]} overrides={new Map()} frameText={[]} onRemoveBackground={noop} onFixText={noop} onChooseModel={(id) => chosen.push(id)} />);
    expect(screen.getByRole('button', { name: 'Remove background' })).toHaveProperty('disabled', true);
    expect(screen.getByText(/Team Opaque cannot make a transparent background/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use GPT Image 2' }));
    expect(chosen).toEqual(['gpt-image-2']);
  });
});
