export { DynamicForm, type DynamicFormProps } from './DynamicForm';
// The same safe renderer suits form instructions, which are markdown too.
export { Markdown } from './Markdown';
