/**
 * Form logic shared by the renderer and the main process (protocol: Form).
 * Pure TypeScript: no DOM, no node:*, no electron.
 */
export type { FieldErrors } from './validate';
export { validateValues } from './validate';
export { defaultValues } from './defaults';
export { checkDecision } from './decision-rules';
export { cleanValues } from './clean';
export { hasSecrets, redactSecrets, secretPaths, withoutSecrets, SECRET_MARK } from './secrets';
