"use client";

import { useEffect, useId, useRef, useState } from "react";

import { Button } from "@/components/button";
import { DisclosureButton } from "@/components/disclosure-button";
import { SelectField, TextAreaField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { focusField, useCheckedForm, valuesOf } from "@/components/use-field-errors";
import { ApiError, errorMessage, type Todo } from "@/lib/api-client";
import { useTagSuggestions } from "./tag-suggestions";
import {
  formValuesOf,
  TODO_FIELDS,
  type TodoContent,
  type TodoField,
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
  /**
   * Where this tab keeps what is typed until it is saved (sessionStorage), so that a session ended
   * elsewhere does not lose it: it is back in the form after signing in again.
   */
  draftKey?: string;
}

/** The fields the add form folds away under "More options"; the title is always shown. */
const DETAIL_FIELDS: readonly TodoField[] = ["description", "priority", "due_date", "due_time", "tags"];
const NEW_TODO_VALUES = formValuesOf(null);

function hasDetails(values: Partial<Record<TodoField, unknown>>): boolean {
  return DETAIL_FIELDS.some(
    (name) => typeof values[name] === "string" && values[name] !== NEW_TODO_VALUES[name],
  );
}

function hasDetailErrors(errors: Partial<Record<TodoField, string>>): boolean {
  return DETAIL_FIELDS.some((name) => errors[name]);
}

/** Puts a kept draft back into the form's controls; true when it holds more than a title. */
function restoreDraft(form: HTMLFormElement, draftKey: string): boolean {
  const draft = JSON.parse(sessionStorage.getItem(draftKey) ?? "{}") as Record<string, unknown>;
  for (const name of TODO_FIELDS) {
    const control = form.elements.namedItem(name);
    const value = draft[name];
    if (
      typeof value === "string" &&
      (control instanceof HTMLInputElement ||
        control instanceof HTMLTextAreaElement ||
        control instanceof HTMLSelectElement)
    )
      control.value = value;
  }
  return hasDetails(draft);
}

/**
 * The add form and every edit form: the same fields, checks and error display. The add form is a
 * one-line quick add, its other fields folded under "More options", so that the list stays in view.
 */
export function TodoForm({
  todo,
  label,
  submitLabel,
  pendingLabel,
  onSave,
  onCancel,
  draftKey,
}: TodoFormProps) {
  const quickAdd = todo === null;
  const detailsId = useId();
  const [detailsOpen, setDetailsOpen] = useState(!quickAdd);
  const formElement = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (draftKey && formElement.current && restoreDraft(formElement.current, draftKey)) setDetailsOpen(true);
  }, [draftKey]);
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
        if (draftKey) sessionStorage.removeItem(draftKey);
        form.reset();
        focusField(form, "title");
      }
      return null;
    },
  );
  const initial = formValuesOf(todo);
  const tagSuggestions = useTagSuggestions(initial.tags);
  // An error is never folded away out of sight.
  const detailsShown = detailsOpen || hasDetailErrors(errors);
  const submitButton = (
    <Button type="submit" variant="primary" pending={pending} pendingLabel={pendingLabel}>
      {submitLabel}
    </Button>
  );

  return (
    <form
      ref={formElement}
      noValidate
      aria-label={label}
      onInput={(event) => {
        if (draftKey)
          sessionStorage.setItem(draftKey, JSON.stringify(valuesOf(event.currentTarget, TODO_FIELDS)));
      }}
      onSubmit={onSubmit}
      onChange={recheckField}
      // Escape leaves an edit unsaved, as the Cancel button does.
      onKeyDown={(event) => {
        if (event.key === "Escape" && onCancel && !pending) onCancel();
      }}
      // A gap rather than margins: a folded part leaves no space behind.
      className="flex flex-col gap-3"
    >
      {failure && <Notice tone="error">{failure}</Notice>}
      <div className="flex items-start gap-2">
        <TextField
          label="Title"
          labelHidden={quickAdd}
          placeholder={quickAdd ? "Add a todo…" : undefined}
          name="title"
          required
          autoFocus={!quickAdd}
          defaultValue={initial.title}
          error={errors.title}
          onBlur={checkField}
          className="min-w-0 flex-1"
        />
        {quickAdd && submitButton}
      </div>
      {quickAdd && (
        <DisclosureButton
          expanded={detailsShown}
          controls={detailsId}
          onToggle={() => setDetailsOpen(!detailsShown)}
          className="self-start"
        >
          More options
        </DisclosureButton>
      )}
      <div id={detailsId} hidden={!detailsShown} className="space-y-3">
        <TextAreaField
          label="Description"
          name="description"
          rows={2}
          hint="Optional."
          defaultValue={initial.description}
          error={errors.description}
          onBlur={checkField}
        />
        <div className="grid gap-3 sm:grid-cols-4">
          <SelectField
            label="Priority"
            name="priority"
            options={PRIORITY_OPTIONS}
            defaultValue={initial.priority}
            error={errors.priority}
          />
          <TextField
            label="Due date"
            name="due_date"
            type="date"
            defaultValue={initial.due_date}
            error={errors.due_date}
            onBlur={checkField}
          />
          <TextField
            label="Time"
            name="due_time"
            type="time"
            hint="Optional: without one, it is due that day."
            defaultValue={initial.due_time}
            error={errors.due_time}
            onBlur={checkField}
          />
          <TextField
            label="Tags"
            name="tags"
            hint="Separate tags with commas."
            defaultValue={initial.tags}
            error={errors.tags}
            onBlur={checkField}
            {...tagSuggestions.inputProps}
          />
          {tagSuggestions.datalist}
        </div>
      </div>
      {!quickAdd && (
        <div className="flex flex-wrap gap-2">
          {submitButton}
          {onCancel && (
            <Button onClick={onCancel} disabled={pending}>
              Cancel
            </Button>
          )}
        </div>
      )}
    </form>
  );
}
