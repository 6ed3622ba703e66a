/**
 * The part of the main thread <-> UI contract for prompts that know the design: the file's style lock (kept in
 * the document) and the document's colours that can feed its palette. Re-exported by ./messages.ts.
 */
import type { StyleLock } from '../core/prompt';

export type DesignMainToUi = { type: 'design'; style: StyleLock; documentColors: string[] };
export type DesignUiToMain = { type: 'save-style'; style: StyleLock };
