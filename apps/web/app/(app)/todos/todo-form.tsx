"use client";

import { SlidersHorizontal } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { useWatch } from "react-hook-form";

import { Button } from "@/components/button";
import { SelectField, TextAreaField, TextField } from "@/components/form-fields";
import { IconButton } from "@/components/icon-button";
import { Notice } from "@/components/notice";
import { useCheckedForm } from "@/components/use-checked-form";
import { ApiError, errorMessage, type Todo } from "@/lib/api-client";
import { QuickCaptureChips, useQuickCapture, withQuickCapture } from "./quick-capture-chips";
import { RepeatFields } from "./repeat-fields";
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

/** The fields the add form folds away under "More options": all but the title, which is always shown. */
const DETAIL_FIELDS: readonly TodoField[] = TODO_FIELDS.filter((name) => name !== "title");
const NEW_TODO_VALUES = formValuesOf(null);

function hasDetails(values: Partial<Record<TodoField, unknown>>): boolean {
  return DETAIL_FIELDS.some(
    (name) => typeof values[name] === "string" && values[name] !== NEW_TODO_VALUES[name],
  );
}

function hasDetailErrors(errors: Partial<Record<TodoField, string>>): boolean {
  return DETAIL_FIELDS.some((name) => errors[name]);
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
  const initial = formValuesOf(todo);
  const { form, errors, field, failure, pending, onSubmit } = useCheckedForm(
    TODO_FIELDS,
    validateTodoForm,
    async (values, form, showErrors) => {
      try {
        const content = todoContentOf(values);
        // The one-line add saves what its title says ("tomorrow 9am #home"); `capture` is this render's.
        await onSave(quickAdd ? withQuickCapture(content, capture.reading) : content);
      } catch (error) {
        const onFields = error instanceof ApiError && error.status === 422 && showErrors(error.fieldErrors);
        return onFields ? null : errorMessage(error);
      }
      if (todo === null) {
        // Ready for the next todo at once.
        if (draftKey) sessionStorage.removeItem(draftKey);
        form.reset();
        capture.forget();
        form.setFocus("title");
      }
      return null;
    },
    initial,
  );
  const title: string = useWatch({ control: form.control, name: "title" }) ?? "";
  const capture = useQuickCapture(quickAdd ? title : "");
  const { setValue, subscribe } = form;
  useEffect(() => {
    if (!draftKey) return;
    const draft = JSON.parse(sessionStorage.getItem(draftKey) ?? "{}") as Record<string, unknown>;
    for (const name of TODO_FIELDS) {
      const value = draft[name];
      if (typeof value === "string") setValue(name, value);
    }
    if (hasDetails(draft)) setDetailsOpen(true);
    // What the person types (not a reset, nor the draft put back) is kept until it is saved.
    return subscribe({
      formState: { values: true },
      callback: ({ values, type }) => {
        if (type === "change") sessionStorage.setItem(draftKey, JSON.stringify(values));
      },
    });
  }, [draftKey, setValue, subscribe]);
  const tagSuggestions = useTagSuggestions(useWatch({ control: form.control, name: "tags" }));
  // An error is never folded away out of sight.
  const detailsShown = detailsOpen || hasDetailErrors(errors);
  const submitButton = (
    <Button type="submit" variant="primary" pending={pending} pendingLabel={pendingLabel}>
      {submitLabel}
    </Button>
  );

  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={onSubmit}
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
          required
          autoFocus={!quickAdd}
          error={errors.title}
          {...field("title")}
          onKeyDown={quickAdd ? capture.onTitleKeyDown : undefined}
          className="min-w-0 flex-1"
        />
        {quickAdd && submitButton}
        {quickAdd && (
          // After the Add button, so that the next Tab goes from it into the fields it unfolds.
          <IconButton
            icon={SlidersHorizontal}
            label="More options"
            aria-expanded={detailsShown}
            aria-controls={detailsId}
            onClick={() => setDetailsOpen(!detailsShown)}
            className="mt-1"
          />
        )}
      </div>
      {quickAdd && <QuickCaptureChips reading={capture.reading} onKeepAsText={capture.keepAsText} />}
      <div id={detailsId} hidden={!detailsShown} className="space-y-3">
        <TextAreaField
          label="Description"
          rows={2}
          hint="Optional."
          error={errors.description}
          {...field("description")}
        />
        {/* Tags take a row of their own: a list of them needs the width to stay readable. */}
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField
            label="Priority"
            options={PRIORITY_OPTIONS}
            error={errors.priority}
            {...field("priority")}
          />
          <TextField label="Due date" type="date" error={errors.due_date} {...field("due_date")} />
          <TextField
            label="Time"
            type="time"
            hint="Optional: without one, it is due that day."
            error={errors.due_time}
            {...field("due_time")}
          />
          <TextField
            label="Tags"
            hint="Separate tags with commas."
            error={errors.tags}
            {...field("tags")}
            {...tagSuggestions.inputProps}
            className="sm:col-span-3"
          />
          {tagSuggestions.datalist}
        </div>
        <RepeatFields form={form} field={field} errors={errors} todo={todo} />
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
