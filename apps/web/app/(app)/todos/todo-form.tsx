"use client";

import { Button } from "@/components/button";
import { SelectField, TextAreaField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { focusField, useCheckedForm } from "@/components/use-field-errors";
import { ApiError, errorMessage, type Todo } from "@/lib/api-client";
import {
  formValuesOf,
  TODO_FIELDS,
  type TodoContent,
  todoContentOf,
  validateTodoForm,
} from "./todo-form-values";
import { PRIORITY_OPTIONS } from "./todo-labels";

interface TodoFormProps {
  /** The todo being edited, or null for a new one. */
  todo: Todo | null;
  /** The form's accessible name, which tells the add form from each edit form. */
  label: string;
  submitLabel: string;
  pendingLabel: string;
  /** Saves the content; an `ApiError` it throws is shown on the form. */
  onSave: (content: TodoContent) => Promise<void>;
  onCancel?: () => void;
}

/** The add form and every edit form: the same fields, checks and error display. */
export function TodoForm({ todo, label, submitLabel, pendingLabel, onSave, onCancel }: TodoFormProps) {
  const { errors, checkField, recheckField, failure, pending, onSubmit } = useCheckedForm(
    TODO_FIELDS,
    validateTodoForm,
    async (values, form, showErrors) => {
      try {
        await onSave(todoContentOf(values));
      } catch (error) {
        const onFields =
          error instanceof ApiError && error.status === 422 && showErrors(form, error.fieldErrors);
        return onFields ? null : errorMessage(error);
      }
      if (todo === null) {
        // Ready for the next todo at once.
        form.reset();
        focusField(form, "title");
      }
      return null;
    },
  );
  const initial = formValuesOf(todo);

  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={onSubmit}
      onChange={recheckField}
      // Escape leaves an edit unsaved, as the Cancel button does.
      onKeyDown={(event) => {
        if (event.key === "Escape" && onCancel && !pending) onCancel();
      }}
      className="space-y-3"
    >
      {failure && <Notice tone="error">{failure}</Notice>}
      <TextField
        label="Title"
        name="title"
        required
        autoFocus={todo !== null}
        defaultValue={initial.title}
        error={errors.title}
        onBlur={checkField}
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={2}
        hint="Optional."
        defaultValue={initial.description}
        error={errors.description}
        onBlur={checkField}
      />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Priority"
          name="priority"
          options={PRIORITY_OPTIONS}
          defaultValue={initial.priority}
          error={errors.priority}
        />
        <TextField
          label="Due date"
          name="due_at"
          type="datetime-local"
          defaultValue={initial.due_at}
          error={errors.due_at}
          onBlur={checkField}
        />
        <TextField
          label="Tags"
          name="tags"
          hint="Separate tags with commas."
          defaultValue={initial.tags}
          error={errors.tags}
          onBlur={checkField}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" pending={pending} pendingLabel={pendingLabel}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
