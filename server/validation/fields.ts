/**
 * Generic field rules shared by every route: prompt length as OpenAI counts it, strict decimal numbers in
 * multipart text fields, and canonical size syntax.
 */
import { z } from 'zod';

/**
 * OpenAI's `prompt` allows "32000 characters" (`maxLength: 32000` in ../shared/openai/openapi.yaml). OpenAI was
 * seen refusing 16,001 emoji (issue 13), which is 32,002 UTF-16 code units but only 16,001 code points: it counts
 * UTF-16 units. zod's `max` counts code points, so the count here is explicit. UTF-16 units are never fewer than
 * code points, so a prompt that passes here passes under either reading.
 */
export const characterCount = (text: string): number => text.length;

export const promptText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((s) => characterCount(s) <= max, `must be at most ${max} characters`);

/**
 * A whole number written as plain decimal digits: multipart fields are text, and `Number()` would also take
 * `0x2`, ` 2`, `2e0`, `-0` or an empty string, which OpenAI would see differently.
 */
export const decimalInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^(0|[1-9]\d{0,8})$/, 'must be a whole number in plain decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** `auto`, or WIDTHxHEIGHT in plain digits with no leading zeros (`01024x1024` is not sent upstream as is). */
export function sizeSyntaxProblem(size: string): string | null {
  return /^(auto|[1-9]\d{0,4}x[1-9]\d{0,4})$/.test(size) ? null : 'size must be auto or WIDTHxHEIGHT in pixels, digits only, no leading zeros';
}

/**
 * A zod object schema with a field for every field of the contract type `Contract`, each yielding that field's
 * type. Validators `satisfies` it, so a field added to the contract cannot be forgotten by a validator.
 */
export type FieldsOf<Contract> = z.ZodObject<{ [K in keyof Contract]-?: z.ZodType<Contract[K]> }, z.core.$strict>;
