/**
 * Figma UI3's icon size (24 px boxes, 16 px glyphs), drawn as inline SVG in `currentColor` so every icon follows the
 * theme's text colour. Decorative: the control around an icon carries the accessible name.
 */
const PATHS = {
  settings: 'M12 9.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5Zm0-4.5 1.2 2.1 2.4-.6.6 2.4 2.1 1.2-1.2 2.1 1.2 1.9-2.1 1.2-.6 2.4-2.4-.6L12 19l-1.2-2.1-2.4.6-.6-2.4-2.1-1.2 1.2-1.9-1.2-2.1 2.1-1.2.6-2.4 2.4.6Z',
  recent: 'M12 5.5a6.5 6.5 0 1 1-6.5 6.5M12 8.5V12l2.5 1.5M5.5 8V5.5m0 2.5H8',
  options: 'M5.5 8.5h8m3 0h2m-13 7h2m3 0h8M13.5 6.5v4m-5 3v4',
  close: 'm7.5 7.5 9 9m0-9-9 9',
  chevron: 'm9.5 7.5 4.5 4.5-4.5 4.5',
  stop: 'M8.5 8.5h7v7h-7Z',
  refresh: 'M17.5 12a5.5 5.5 0 1 1-1.6-3.9M17.5 6.5v3h-3',
  warning: 'M12 5.5 18.5 17.5h-13ZM12 10v3.5m0 1.5v.5',
  library: 'M7.5 5.5h9v13l-4.5-3-4.5 3Z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg class="icon" width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" stroke-width="1" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
