// @vitest-environment happy-dom
/** The prompt area's "from the design" choices (issue 15) appear only where they apply, found by role and name. */
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../contract/messages';
import { DesignPanel } from '../../ui/components/DesignPanel';
import { FromDesign } from '../../ui/components/FromDesign';
import { useDesignState } from '../../ui/state/design-state';
import { useFromDesign, type FromDesignState } from '../../ui/state/from-design-state';

const wire: Target = { id: '1:1', name: 'Checkout', nodeType: 'FRAME', width: 400, height: 600, hasImageFill: false, hasChildren: true };
const empty = (id: string, name: string, hasImageFill = false): Target => ({ id, name, nodeType: 'FRAME', width: 300, height: 200, hasImageFill });

let state: FromDesignState | undefined;
function Harness({ targets }: { targets: Target[] }) {
  const d = useFromDesign();
  state = d;
  return <FromDesign targets={targets} focus={null} d={d} />;
}

describe('FromDesign', () => {
  it('offers rendering a wireframe frame, with Replace the wireframe off by default', () => {
    render(<Harness targets={[wire]} />);
    expect(screen.queryByRole('checkbox', { name: 'Replace the wireframe' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Render the frame as a wireframe' }));
    expect(state!.options.render).toBe(true);
    const replace = screen.getByRole('checkbox', { name: 'Replace the wireframe' }) as HTMLInputElement;
    expect(replace.checked).toBe(false);
    expect(screen.queryByRole('checkbox', { name: 'Same subject in every frame' })).toBeNull();
  });

  it('shows nothing for one empty frame or a frame with an image fill', () => {
    const { container } = render(<Harness targets={[empty('1:2', 'A', true)]} />);
    expect(container.textContent).toBe('');
  });

  it('offers anchoring a batch, on the first finished image or a picked image layer', () => {
    render(<Harness targets={[empty('a', 'A'), empty('h', 'Hero', true), empty('c', 'C')]} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Same subject in every frame' }));
    const anchor = screen.getByRole('combobox', { name: 'Anchor' }) as HTMLSelectElement;
    expect([...anchor.options].map((o) => o.text)).toEqual(['First finished image', '“Hero” (its image)']);
    fireEvent.change(anchor, { target: { value: 'h' } });
    expect(state!.options).toMatchObject({ anchored: true, anchorId: 'h' });
  });
});

describe('frame-to-image starting points', () => {
  it('choosing one puts its words in the prompt and turns on rendering the frame', () => {
    const seeded: string[] = [];
    let fromFrame = 0;
    function Panel() {
      const d = useDesignState();
      return <DesignPanel d={d} model="gpt-image-2" onScaffold={(t) => seeded.push(t)} onFromFrame={() => fromFrame++} />;
    }
    render(<Panel />);
    const select = screen.getByRole('combobox', { name: 'Starting point' });
    fireEvent.change(select, { target: { value: 'wire-hero' } });
    expect(seeded).toEqual([expect.stringMatching(/^a finished website hero/)]);
    expect(fromFrame).toBe(1);
    fireEvent.change(select, { target: { value: 'hero' } });
    expect(fromFrame).toBe(1);
  });
});
