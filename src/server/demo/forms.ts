/** Every demo form, published on a fresh database in this order. */
import type { Form } from '../../shared/protocol';
import { CONTENT_MODERATION, MODEL_EVALUATION, TEXT_ANNOTATION } from './forms-labeling';
import { API_KEY_REQUEST, LEGAL_CLAUSE_REVIEW, REFUND_REVIEW_V1, REFUND_REVIEW_V2 } from './forms-operations';

export const DEMO_FORMS: readonly Form[] = [
  REFUND_REVIEW_V1,
  REFUND_REVIEW_V2,
  TEXT_ANNOTATION,
  API_KEY_REQUEST,
  LEGAL_CLAUSE_REVIEW,
  CONTENT_MODERATION,
  MODEL_EVALUATION,
];

/** What admin-created assignments use when they name no form. */
export const DEFAULT_FORM_REF = { id: REFUND_REVIEW_V2.id, version: REFUND_REVIEW_V2.version };
