/**
 * Demo forms for operational approvals: refunds, API keys, legal clauses.
 * Together with forms-labeling.ts they use every property type, keyword and
 * widget of the protocol (checked by tests/server/demo.test.ts).
 */
import type { Form } from '../../shared/protocol';

const SCHEMA = 'https://json-schema.org/draft/2020-12/schema';

/** The three outcomes of a revision-loop review. */
export const REVIEW_OUTCOMES: Form['outcomes'] = [
  { value: 'approve', label: 'Approve' },
  { value: 'reject', label: 'Reject', requires_comment: true, validate: false },
  { value: 'request_changes', label: 'Request changes', requires_comment: true, validate: false },
];

const refundProperties = {
  decision_reason: {
    type: 'string',
    title: 'Reason',
    oneOf: [
      { const: 'policy_ok', title: 'Within refund policy' },
      { const: 'goodwill', title: 'Goodwill gesture' },
      { const: 'fraud_risk', title: 'Fraud risk' },
      { const: 'duplicate', title: 'Duplicate request' },
    ],
  },
  full_refund: { type: 'boolean', title: 'Refund the full amount', default: true },
  refund_amount: { type: 'number', title: 'Amount to refund', minimum: 0, maximum: 10000, multipleOf: 0.01 },
  refund_method: {
    type: 'string',
    title: 'Refund method',
    enum: ['original_payment', 'store_credit', 'bank_transfer'],
    default: 'original_payment',
  },
  notes: { type: 'string', title: 'Notes for the customer', maxLength: 2000 },
};

/** v1 is kept so older assignments still resolve their form: versions never change. */
export const REFUND_REVIEW_V1: Form = {
  id: 'refund-review',
  version: 1,
  title: 'Refund review',
  instructions: '## Refund review\n\nCheck the order against the **refund policy** before approving.',
  schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: refundProperties,
    required: ['decision_reason'],
  },
  ui: { order: ['decision_reason', 'full_refund', 'refund_amount', 'refund_method', 'notes'], fields: {} },
  outcomes: REVIEW_OUTCOMES,
};

export const REFUND_REVIEW_V2: Form = {
  id: 'refund-review',
  version: 2,
  title: 'Refund review',
  instructions: [
    '## Refund review',
    '',
    'Decide whether the customer gets their money back.',
    '',
    '1. Check the **order date**: refunds are automatic within 30 days.',
    '2. Read the customer message; look at the receipt photo if there is one.',
    '3. For a partial refund, untick *Refund the full amount* and enter the amount.',
    '',
    '> Reject only with a comment the customer can understand.',
  ].join('\n'),
  schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: {
      ...refundProperties,
      customer_contacted_on: { type: 'string', title: 'Customer contacted on', format: 'date' },
      internal_ref: { type: 'string', title: 'Internal reference', default: 'refund-bot-7' },
    },
    required: ['decision_reason', 'refund_method'],
    // A partial refund needs its amount.
    if: { properties: { full_refund: { const: false } }, required: ['full_refund'] },
    then: { required: ['refund_amount'] },
  },
  ui: {
    order: ['decision_reason', 'full_refund', 'refund_amount', 'refund_method', 'customer_contacted_on', 'notes', 'internal_ref'],
    fields: {
      decision_reason: { widget: 'radio' },
      refund_amount: { help: 'Only for partial refunds, in the order currency.', placeholder: '0.00' },
      refund_method: { widget: 'select' },
      notes: { widget: 'textarea', help: 'Sent to the customer as written.' },
      internal_ref: { widget: 'hidden' },
    },
  },
  outcomes: REVIEW_OUTCOMES,
};

export const API_KEY_REQUEST: Form = {
  id: 'api-key-request',
  version: 1,
  title: 'API key request',
  instructions: [
    '## API key requests',
    '',
    '- Grant the **fewest scopes** that cover the stated use.',
    '- Production keys need a link to a completed security review.',
    '- An IP allowlist needs a network contact who owns those addresses.',
  ].join('\n'),
  schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: {
      scopes_granted: {
        type: 'array',
        title: 'Scopes granted',
        items: { type: 'string', enum: ['read:orders', 'write:orders', 'read:customers', 'write:refunds', 'admin:webhooks'] },
        uniqueItems: true,
        minItems: 1,
      },
      environment: {
        type: 'string',
        title: 'Environment',
        oneOf: [
          { const: 'sandbox', title: 'Sandbox' },
          { const: 'production', title: 'Production' },
        ],
        default: 'sandbox',
      },
      expires_on: { type: 'string', title: 'Expires on', format: 'date' },
      rate_limit_per_minute: {
        type: 'integer',
        title: 'Rate limit (requests per minute)',
        minimum: 10,
        maximum: 5000,
        multipleOf: 10,
        default: 600,
      },
      owner_email: { type: 'string', title: 'Key owner', format: 'email' },
      ip_allowlist: { type: 'string', title: 'IP allowlist (one CIDR per line)', maxLength: 500 },
      network_contact_email: { type: 'string', title: 'Network contact', format: 'email' },
      security_review_url: { type: 'string', title: 'Security review', format: 'uri' },
    },
    required: ['scopes_granted', 'environment', 'owner_email'],
    dependentRequired: { ip_allowlist: ['network_contact_email'] },
    if: { properties: { environment: { const: 'production' } }, required: ['environment'] },
    then: { required: ['security_review_url', 'expires_on'] },
  },
  ui: {
    order: [
      'scopes_granted',
      'environment',
      'expires_on',
      'rate_limit_per_minute',
      'owner_email',
      'ip_allowlist',
      'network_contact_email',
      'security_review_url',
    ],
    fields: {
      scopes_granted: { widget: 'checkboxes' },
      environment: { widget: 'select' },
      rate_limit_per_minute: { widget: 'slider' },
      ip_allowlist: { widget: 'textarea', placeholder: '203.0.113.0/24' },
      security_review_url: { help: 'Link to the ticket of the completed review.' },
    },
  },
  outcomes: REVIEW_OUTCOMES,
};

export const LEGAL_CLAUSE_REVIEW: Form = {
  id: 'legal-clause-review',
  version: 1,
  title: 'Contract clause review',
  instructions: [
    '## Clause review',
    '',
    'Summarise the clause in plain words and rate its **risk** to us.',
    'Escalate anything that changes liability caps or governing law.',
  ].join('\n'),
  schema: {
    $schema: SCHEMA,
    type: 'object',
    properties: {
      risk_level: {
        type: 'string',
        title: 'Risk',
        oneOf: [
          { const: 'low', title: 'Low: standard wording' },
          { const: 'medium', title: 'Medium: unusual but acceptable' },
          { const: 'high', title: 'High: needs negotiation' },
          { const: 'blocker', title: 'Blocker: do not sign' },
        ],
      },
      summary: { type: 'string', title: 'Summary', minLength: 20, maxLength: 4000 },
      effective_at: { type: 'string', title: 'Takes effect at', format: 'date-time' },
      counterparty: {
        type: 'object',
        title: 'Counterparty',
        properties: {
          name: { type: 'string', title: 'Legal name', minLength: 2 },
          jurisdiction: { type: 'string', title: 'Jurisdiction', enum: ['US-DE', 'US-CA', 'UK', 'DE', 'FR', 'NL', 'SG'] },
          registration_number: { type: 'string', title: 'Registration number', pattern: '^[A-Z0-9-]{4,20}$' },
        },
        required: ['name', 'jurisdiction'],
      },
      needs_escalation: { type: 'boolean', title: 'Escalate to counsel', default: false },
      escalation_reason: { type: 'string', title: 'Why escalate', minLength: 10 },
    },
    required: ['risk_level', 'summary'],
    if: { properties: { needs_escalation: { const: true } }, required: ['needs_escalation'] },
    then: { required: ['escalation_reason'] },
  },
  ui: {
    order: ['risk_level', 'summary', 'effective_at', 'counterparty', 'needs_escalation', 'escalation_reason'],
    fields: {
      risk_level: { widget: 'radio' },
      summary: { widget: 'markdown', help: 'Markdown is fine: lists, **bold**, quotes.' },
      escalation_reason: { widget: 'textarea' },
    },
  },
  outcomes: REVIEW_OUTCOMES,
};
