/**
 * Demo forms for labeling work: text annotation (no outcomes, so it offers
 * `submit`), content moderation and model-output evaluation.
 */
import type { Form } from '../../shared/protocol';
import { REVIEW_OUTCOMES } from './forms-operations';

const SCHEMA = 'https://json-schema.org/draft/2020-12/schema';

export const TOPICS = ['billing', 'delivery', 'product_quality', 'support', 'pricing', 'account'] as const;
export const MODERATION_ACTIONS = ['notify_user', 'preserve_evidence', 'escalate_safety', 'suspend_account'] as const;
export const CANDIDATES = ['response_a', 'response_b', 'response_c'] as const;

export const TEXT_ANNOTATION: Form = {
  id: 'text-annotation',
  version: 1,
  title: 'Text annotation',
  instructions: [
    '## Annotate the snippet',
    '',
    '- **Sentiment** is the writer’s attitude, not the topic’s.',
    '- Pick up to three topics.',
    '- Mark the span of the main complaint by character offsets.',
  ].join('\n'),
  schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: {
      sentiment: { type: 'string', title: 'Sentiment', enum: ['positive', 'neutral', 'negative', 'mixed'] },
      topics: {
        type: 'array',
        title: 'Topics',
        items: { type: 'string', enum: [...TOPICS] },
        uniqueItems: true,
        minItems: 1,
        maxItems: 3,
      },
      toxicity: { type: 'integer', title: 'Toxicity', minimum: 1, maximum: 5, default: 1 },
      language: { type: 'string', title: 'Language', pattern: '^[a-z]{2}(-[A-Z]{2})?$', default: 'en' },
      contains_pii: { type: 'boolean', title: 'Contains personal data', default: false },
      pii_types: {
        type: 'array',
        title: 'Kinds of personal data',
        items: { type: 'string', enum: ['email', 'phone', 'address', 'name', 'id_number'] },
        uniqueItems: true,
      },
      span: {
        type: 'object',
        title: 'Main complaint span',
        properties: {
          start: { type: 'integer', title: 'Start', minimum: 0 },
          end: { type: 'integer', title: 'End', minimum: 0 },
          label: { type: 'string', title: 'Label', enum: ['complaint', 'praise', 'question', 'request'] },
        },
        required: ['start', 'end'],
      },
      annotator_version: { type: 'string', default: 'ann-2.3' },
    },
    required: ['sentiment', 'topics'],
    if: { properties: { contains_pii: { const: true } }, required: ['contains_pii'] },
    then: { required: ['pii_types'], properties: { pii_types: { minItems: 1 } } },
  },
  ui: {
    order: ['sentiment', 'topics', 'toxicity', 'language', 'contains_pii', 'pii_types', 'span', 'annotator_version'],
    fields: {
      sentiment: { widget: 'radio' },
      topics: { widget: 'checkboxes' },
      toxicity: { widget: 'rating', help: '1 = harmless, 5 = abusive' },
      pii_types: { widget: 'checkboxes' },
      annotator_version: { widget: 'hidden' },
    },
  },
  outcomes: [],
};

export const CONTENT_MODERATION: Form = {
  id: 'content-moderation',
  version: 1,
  title: 'Content moderation',
  instructions: [
    '## Moderation',
    '',
    'The model flagged this post. Confirm or overturn its call.',
    '',
    '| verdict | when |',
    '|---|---|',
    '| allow | no policy applies |',
    '| label | borderline: show with a warning |',
    '| restrict | hide from minors and search |',
    '| remove | clear violation |',
  ].join('\n'),
  schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: {
      verdict: { type: 'string', title: 'Verdict', enum: ['allow', 'label', 'restrict', 'remove'] },
      violations: {
        type: 'array',
        title: 'Policies violated',
        items: { type: 'string', enum: ['spam', 'harassment', 'hate', 'violence', 'adult', 'misinformation', 'self_harm'] },
        uniqueItems: true,
        maxItems: 4,
      },
      severity: { type: 'integer', title: 'Severity', minimum: 0, maximum: 10, default: 0 },
      model_agreement: { type: 'number', title: 'Agreement with the model', minimum: 0, maximum: 1, multipleOf: 0.05 },
      action_priority: {
        type: 'array',
        title: 'Follow-up actions, most important first',
        items: { type: 'string', enum: [...MODERATION_ACTIONS] },
        uniqueItems: true,
        minItems: MODERATION_ACTIONS.length,
        maxItems: MODERATION_ACTIONS.length,
      },
      note_to_user: { type: 'string', title: 'Note to the author', maxLength: 500 },
    },
    required: ['verdict'],
    if: { properties: { verdict: { enum: ['restrict', 'remove'] } }, required: ['verdict'] },
    then: { required: ['violations'], properties: { violations: { minItems: 1 } } },
  },
  ui: {
    order: ['verdict', 'violations', 'severity', 'model_agreement', 'action_priority', 'note_to_user'],
    fields: {
      verdict: { widget: 'radio' },
      violations: { widget: 'checkboxes' },
      severity: { widget: 'slider' },
      model_agreement: { widget: 'slider', help: '0 = the model was wrong, 1 = exactly right' },
      action_priority: { widget: 'ranking' },
      note_to_user: { widget: 'textarea' },
    },
  },
  outcomes: REVIEW_OUTCOMES,
};

export const MODEL_EVALUATION: Form = {
  id: 'model-evaluation',
  version: 1,
  title: 'Model output evaluation',
  instructions: [
    '## Compare the responses',
    '',
    'Rate the best response, then **rank all three**. Check facts against the reference when given.',
  ].join('\n'),
  schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: {
      overall_quality: { type: 'integer', title: 'Quality of the best response', minimum: 1, maximum: 5 },
      preferred_order: {
        type: 'array',
        title: 'Ranking',
        items: { type: 'string', enum: [...CANDIDATES] },
        uniqueItems: true,
        minItems: CANDIDATES.length,
        maxItems: CANDIDATES.length,
      },
      factually_correct: { type: 'boolean', title: 'Best response is factually correct' },
      confidence: { type: 'number', title: 'Your confidence (%)', minimum: 0, maximum: 100, multipleOf: 5, default: 70 },
      problems: { type: 'string', title: 'Problems found', maxLength: 3000 },
      reference_url: { type: 'string', title: 'Reference used', format: 'uri' },
      checked_at: { type: 'string', title: 'Checked at', format: 'date-time' },
    },
    required: ['overall_quality', 'preferred_order'],
    dependentRequired: { reference_url: ['factually_correct'] },
  },
  ui: {
    order: ['overall_quality', 'preferred_order', 'factually_correct', 'confidence', 'problems', 'reference_url', 'checked_at'],
    fields: {
      overall_quality: { widget: 'rating' },
      preferred_order: { widget: 'ranking' },
      confidence: { widget: 'slider' },
      problems: { widget: 'markdown' },
    },
  },
  outcomes: REVIEW_OUTCOMES,
};
