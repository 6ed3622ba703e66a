import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './Icon';

interface Props {
  icon: IconName;
  /** The accessible name, also shown as the tooltip (Figma shows one on every icon button). */
  label: string;
  onClick(): void;
  /** For a button that shows or hides a panel. */
  expanded?: boolean;
  disabled?: boolean;
  /** Why it is disabled, read after the name and shown in the tooltip. */
  disabledReason?: string;
  /** A visible count or word beside the icon. */
  children?: ComponentChildren;
}

/*
 * Why Figment's own ui3 components rather than @create-figma-plugin/ui (decided in issue 19, time-boxed): the
 * library styles its components with CSS modules, which would need esbuild's local-css loader and its stylesheets
 * in build.mjs, to get the handful of controls Figment uses (an icon button with a tooltip, icons, themed checkbox,
 * select and textbox, primary and secondary buttons). These few, drawn from Figma's --figma-color-* variables,
 * keep dist/ui.html at ~34 KB gzipped (budget 40 KB) with no build change and no new dependency.
 */

/**
 * Figma UI3's icon button: 24 px square, no border, a hover fill, and a tooltip under it on hover and on keyboard
 * focus. The tooltip is CSS only (`data-tooltip`), so it never steals focus or needs a portal.
 */
export function IconButton({ icon, label, onClick, expanded, disabled = false, disabledReason, children }: Props) {
  const tip = disabled && disabledReason ? `${label}: ${disabledReason}` : label;
  return (
    <button
      type="button"
      class={`icon-button${children ? ' with-text' : ''}`}
      aria-label={label}
      aria-expanded={expanded}
      aria-description={disabled ? disabledReason : undefined}
      aria-disabled={disabled || undefined}
      data-tooltip={tip}
      onClick={() => !disabled && onClick()}
    >
      <Icon name={icon} />
      {children}
    </button>
  );
}
