import type { SelectionInfo } from '../../contract/messages';

/** What the next prompt will fill, and what in the selection it will leave alone and why. */
export function TargetList({ selection }: { selection: SelectionInfo }) {
  const { targets, skipped } = selection;
  return (
    <section class="targets" aria-label="Targets">
      {targets.length === 0 ? (
        <p class="hint">Nothing selected: the image goes into a new frame at the centre of the view.</p>
      ) : (
        <ul>
          {targets.map((t) => (
            <li key={t.id}>
              <span class="name">{t.name}</span>
              <span class="dim">
                {t.width} × {t.height}
                {t.hasImageFill ? ' · has an image' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {skipped.length > 0 && (
        <ul class="skipped" aria-label="Skipped layers">
          {skipped.map((s) => (
            <li key={s.id}>
              <span class="name">{s.name}</span> <span class="dim">skipped: {s.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
