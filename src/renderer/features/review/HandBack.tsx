import { useEffect, useRef } from 'react';
import { BACKEND_CAPABILITIES } from '../../../shared/backends';
import { useAppStore } from '../../store';
import { lockReason } from './lock-reason';

/** "Hand back": opens the confirm step; offered while the assignment is the reviewer's to decide. */
export function HandBackButton() {
  const can = useAppStore((s) => {
    const v = s.view;
    if (s.session?.status !== 'signed_in' || !BACKEND_CAPABILITIES[s.session.account.backend].release) return false;
    if (!v || s.reviewStatus !== 'ready') return false;
    if (v.decision && v.decision.state !== 'sent') return false; // settle the decision first
    return lockReason(v, s.removedWhileOpen) === null && v.assignment.assignee !== null;
  });
  const confirming = useAppStore((s) => s.releaseConfirm);
  const setConfirm = useAppStore((s) => s.setReleaseConfirm);
  if (!can) return null;
  return (
    <button
      type="button"
      className="button button--quiet button--small"
      aria-expanded={confirming}
      aria-controls="hand-back-confirm"
      onClick={() => setConfirm(!confirming)}
    >
      Hand back…
    </button>
  );
}

/** The confirm step: what handing back means, then the choice. Focus moves to it, Esc cancels. */
export function HandBackConfirm() {
  const confirming = useAppStore((s) => s.releaseConfirm);
  const releasing = useAppStore((s) => s.releasing);
  const setConfirm = useAppStore((s) => s.setReleaseConfirm);
  const releaseOpen = useAppStore((s) => s.releaseOpen);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  if (!confirming) return null;
  return (
    <div
      id="hand-back-confirm"
      className="notice notice--warning hand-back"
      role="group"
      aria-labelledby="hand-back-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          // Handled here: the document's Esc (back to the queue) sees defaultPrevented and stays put.
          e.preventDefault();
          setConfirm(false);
        }
      }}
    >
      <p id="hand-back-title">
        <strong>Hand this assignment back?</strong> It leaves your queue so someone else can take it. Anything you typed here is
        not sent.
      </p>
      <div className="button-row">
        <button
          ref={confirmRef}
          type="button"
          className="button button--danger"
          onClick={() => void releaseOpen()}
          disabled={releasing}
        >
          {releasing ? 'Handing back…' : 'Hand back'}
        </button>
        <button type="button" className="button" onClick={() => setConfirm(false)} disabled={releasing}>
          Keep it
        </button>
      </div>
    </div>
  );
}
