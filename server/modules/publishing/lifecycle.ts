import { AppError } from '../../errors.js';
import type { Action } from '../../policy.js';
import { SubmissionStatus, type Submission } from './submission.entity.js';

/** What happens to a submission; each is audited as `submission.<move>` (the checks as `submission.checks`). */
export type Move = 'claim' | 'unclaim' | 'approve' | 'reject' | 'request_changes' | 'resubmit' | 'withdraw' | 'checks_failed';

/** The moves people make; the other is the system's (the automated checks). */
export type PersonMove = Exclude<Move, 'checks_failed'>;

interface Transition<By> {
  from: SubmissionStatus[];
  to: SubmissionStatus;
  /** Who may: the policy's action, or null for the system. */
  by: By;
  /** "cannot be …" */
  verb: string;
}

const { PENDING_REVIEW, IN_REVIEW, CHANGES_REQUESTED, APPROVED, REJECTED, WITHDRAWN } = SubmissionStatus;

/** The submission lifecycle: every allowed move, from which statuses, to which, and who makes it. */
export const TRANSITIONS: { [M in Move]: Transition<M extends PersonMove ? Action : null> } = {
  claim: { from: [PENDING_REVIEW], to: IN_REVIEW, by: 'submission.review', verb: 'claimed' },
  unclaim: { from: [IN_REVIEW], to: PENDING_REVIEW, by: 'submission.review', verb: 'given back to the queue' },
  approve: { from: [PENDING_REVIEW, IN_REVIEW], to: APPROVED, by: 'submission.review', verb: 'approved' },
  reject: { from: [PENDING_REVIEW, IN_REVIEW], to: REJECTED, by: 'submission.review', verb: 'rejected' },
  request_changes: { from: [PENDING_REVIEW, IN_REVIEW], to: CHANGES_REQUESTED, by: 'submission.review', verb: 'sent back' },
  resubmit: { from: [CHANGES_REQUESTED], to: PENDING_REVIEW, by: 'submission.resubmit', verb: 'resubmitted' },
  withdraw: { from: [PENDING_REVIEW, IN_REVIEW, CHANGES_REQUESTED], to: WITHDRAWN, by: 'submission.withdraw', verb: 'withdrawn' },
  checks_failed: { from: [PENDING_REVIEW], to: CHANGES_REQUESTED, by: null, verb: 'sent back by the checks' },
};

export function allows(status: SubmissionStatus, move: Move): boolean {
  return TRANSITIONS[move].from.includes(status);
}

/** The status `move` takes the submission to; CONFLICT, saying from which statuses it can, when it cannot. */
export function nextStatus(submission: Submission, move: Move): SubmissionStatus {
  const { from, to, verb } = TRANSITIONS[move];
  if (from.includes(submission.status)) return to;
  const list = from.length > 1 ? `${from.slice(0, -1).join(', ')} and ${from[from.length - 1]}` : from[0];
  throw new AppError('CONFLICT', `submission ${submission.id} is ${submission.status}; only ${list} submissions can be ${verb}`);
}
