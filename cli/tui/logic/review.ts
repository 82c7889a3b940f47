import type { Action, Field, KeyPress } from './keymap.js';

/** The review form: a rating field and a comment with a cursor (`at`, in characters). */
export interface ReviewForm {
  field: Field;
  rating: number;
  comment: string;
  at: number;
  /** Editing the person's own review, which the server keeps one of per person. */
  editing: boolean;
  /** A moderator hid the review being edited. */
  hidden: boolean;
}

export function reviewForm(own: { rating: number; comment: string; hidden: boolean } | null): ReviewForm {
  const comment = own?.comment ?? '';
  return { field: 'rating', rating: own?.rating ?? 5, comment, at: [...comment].length, editing: own !== null, hidden: own?.hidden ?? false };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

export const printable = (key: KeyPress) => key.input.length > 0 && !key.ctrl && !key.meta && !/[\u0000-\u001f\u007f]/.test(key.input);

/** The form after a key; `save` and `cancel` are the caller's to act on. */
export function reviewKey(form: ReviewForm, action: Action | undefined, key: KeyPress): ReviewForm {
  const chars = [...form.comment];
  switch (action) {
    case 'nextField':
      return { ...form, field: form.field === 'rating' ? 'comment' : 'rating' };
    case 'less':
      return { ...form, rating: clamp(form.rating - 1, 1, 5) };
    case 'more':
      return { ...form, rating: clamp(form.rating + 1, 1, 5) };
    case 'rate':
      return { ...form, rating: Number(key.input) };
    case 'cursorLeft':
      return { ...form, at: clamp(form.at - 1, 0, chars.length) };
    case 'cursorRight':
      return { ...form, at: clamp(form.at + 1, 0, chars.length) };
    case 'clearComment':
      return { ...form, comment: '', at: 0 };
    case 'erase':
      if (form.field === 'rating' || form.at === 0) return form;
      return { ...form, comment: [...chars.slice(0, form.at - 1), ...chars.slice(form.at)].join(''), at: form.at - 1 };
    case undefined: {
      if (!printable(key)) return form;
      // Typing in the rating field starts the comment: "4Solid" rates 4 and says "Solid".
      const typed = [...key.input];
      return { ...form, field: 'comment', comment: [...chars.slice(0, form.at), ...typed, ...chars.slice(form.at)].join(''), at: form.at + typed.length };
    }
    default:
      return form;
  }
}
