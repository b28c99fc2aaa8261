import type { ReactNode } from 'react';
import { BACKEND_LABELS, BACKEND_TYPES, type BackendType } from '../../../shared/backends';
import type { BackendFormErrors, BackendFormValues } from './backend-form';

interface Props {
  id: string;
  values: BackendFormValues;
  errors: BackendFormErrors;
  disabled: boolean;
  onChange(patch: Partial<BackendFormValues>): void;
}

const HINTS: Record<BackendType, string> = {
  native: 'A server speaking the Review Backend Protocol (Reviewdesk’s own).',
  synapse: 'A Synapse deployment: assignments from its SDK routes, decisions to a task endpoint.',
  hitl: 'A service where agents ask humans for keys, approvals and decisions (/hitl/requests).',
};

/** The kind of server, and the settings that kind needs. */
export function BackendFields({ id, values, errors, disabled, onChange }: Props) {
  return (
    <>
      <fieldset className="field backend-kind" disabled={disabled}>
        <legend>Kind of server</legend>
        {BACKEND_TYPES.map((t) => (
          <label key={t} className="backend-kind__option">
            <input
              type="radio"
              name={`${id}-kind`}
              value={t}
              checked={values.type === t}
              onChange={() => onChange({ type: t })}
            />
            <span>
              <strong>{BACKEND_LABELS[t]}</strong>
              <span className="muted"> — {HINTS[t]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {values.type === 'hitl' && (
        <>
          <TextField id={`${id}-reviewer`} label="Your name, as the service records it" error={errors.reviewerName}>
            {(a) => (
              <input
                {...a}
                value={values.reviewerName}
                readOnly={disabled}
                onChange={(e) => onChange({ reviewerName: e.target.value })}
              />
            )}
          </TextField>
          <TextField id={`${id}-scheme`} label="Authorization header">
            {(a) => (
              <select
                {...a}
                value={values.authScheme}
                disabled={disabled}
                onChange={(e) => onChange({ authScheme: e.target.value as BackendFormValues['authScheme'] })}
              >
                <option value="Bearer">Authorization: Bearer …</option>
                <option value="Token">Authorization: Token …</option>
              </select>
            )}
          </TextField>
        </>
      )}
      {values.type === 'synapse' && (
        <>
          <TextField id={`${id}-tenant`} label="Tenant (optional)" error={errors.tenant}>
            {(a) => (
              <input {...a} value={values.tenant} readOnly={disabled} onChange={(e) => onChange({ tenant: e.target.value })} />
            )}
          </TextField>
          <TextField id={`${id}-project`} label="Project id (optional: all your projects)" error={errors.project}>
            {(a) => (
              <input
                {...a}
                inputMode="numeric"
                value={values.project}
                readOnly={disabled}
                onChange={(e) => onChange({ project: e.target.value })}
              />
            )}
          </TextField>
          <details className="backend-advanced">
            <summary>Advanced: where decisions go, outcome tags, forms</summary>
            <TextField id={`${id}-assignee`} label="Assignee id (optional: yourself)" error={errors.assignee}>
              {(a) => (
                <input
                  {...a}
                  inputMode="numeric"
                  value={values.assignee}
                  readOnly={disabled}
                  onChange={(e) => onChange({ assignee: e.target.value })}
                />
              )}
            </TextField>
            <div className="backend-advanced__row">
              <TextField id={`${id}-method`} label="Decision method">
                {(a) => (
                  <select
                    {...a}
                    value={values.decisionMethod}
                    disabled={disabled}
                    onChange={(e) => onChange({ decisionMethod: e.target.value as BackendFormValues['decisionMethod'] })}
                  >
                    <option>PUT</option>
                    <option>POST</option>
                    <option>PATCH</option>
                  </select>
                )}
              </TextField>
              <TextField id={`${id}-path`} label="Decision path ({task}, {assignment}, {project})" error={errors.decisionPath}>
                {(a) => (
                  <input
                    {...a}
                    value={values.decisionPath}
                    readOnly={disabled}
                    onChange={(e) => onChange({ decisionPath: e.target.value })}
                  />
                )}
              </TextField>
            </div>
            <TextField id={`${id}-tags`} label="Tag per outcome (e.g. approve=12, reject=14)" error={errors.outcomeTags}>
              {(a) => (
                <input
                  {...a}
                  value={values.outcomeTags}
                  readOnly={disabled}
                  onChange={(e) => onChange({ outcomeTags: e.target.value })}
                />
              )}
            </TextField>
            <TextField id={`${id}-forms`} label="Forms by project (JSON Schema, optional)" error={errors.forms}>
              {(a) => (
                <textarea
                  {...a}
                  rows={4}
                  placeholder='{ "12": { "schema": { "type": "object", "properties": { … } } } }'
                  value={values.forms}
                  readOnly={disabled}
                  onChange={(e) => onChange({ forms: e.target.value })}
                />
              )}
            </TextField>
          </details>
        </>
      )}
    </>
  );
}

interface ControlAttrs {
  id: string;
  name: string;
  spellCheck: false;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

function TextField({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children(a: ControlAttrs): ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        name: id,
        spellCheck: false,
        ...(error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}),
      })}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
