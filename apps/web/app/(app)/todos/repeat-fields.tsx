"use client";

import { useId } from "react";
import type { UseFormRegisterReturn, UseFormReturn } from "react-hook-form";

import { SelectField, TextField } from "@/components/form-fields";
import type { FieldErrors, FormValues } from "@/components/use-checked-form";
import type { Todo } from "@/lib/api-client";
import { describeRepeat, REPEAT_CHOICES, type RepeatField, repeatValuesOf, WEEKDAYS } from "./repeat-rule";

interface RepeatFieldsProps {
  form: UseFormReturn<FormValues<string>>;
  field: (name: RepeatField) => UseFormRegisterReturn;
  errors: FieldErrors<RepeatField>;
  /** The todo being edited, whose rule the form may not be able to edit (then offered as set). */
  todo: Todo | null;
}

/** The add and edit forms' "Repeat": a choice, then the days of a weekly one or the days after done. */
export function RepeatFields({ form, field, errors, todo }: RepeatFieldsProps) {
  const daysId = useId();
  const repeat = form.watch("repeat");
  const chosenDays = new Set((form.watch("repeat_days") ?? "").split(",").filter(Boolean));
  const asSet = todo && repeatValuesOf(todo).repeat === "as-set" ? describeRepeat(todo) : null;
  const options = asSet ? [...REPEAT_CHOICES, { value: "as-set", label: asSet }] : REPEAT_CHOICES;

  function toggleDay(code: string, chosen: boolean) {
    const days = WEEKDAYS.map((day) => day.code).filter((day) =>
      day === code ? chosen : chosenDays.has(day),
    );
    // Checked again at once when an error shows, so that it goes as soon as a day is chosen.
    form.setValue("repeat_days", days.join(","), {
      shouldDirty: true,
      shouldValidate: Boolean(errors.repeat_days),
    });
  }

  return (
    <div className="grid gap-3 sm:grid-cols-4">
      <SelectField label="Repeat" options={options} error={errors.repeat} {...field("repeat")} />
      {repeat === "weekly" && (
        <fieldset
          className="space-y-1 sm:col-span-3"
          aria-invalid={errors.repeat_days ? true : undefined}
          aria-describedby={errors.repeat_days ? `${daysId}-error` : undefined}
        >
          <legend className="text-sm font-medium text-ink">On</legend>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {WEEKDAYS.map((day) => (
              <label key={day.code} className="flex min-h-10 items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  aria-label={day.name}
                  checked={chosenDays.has(day.code)}
                  onChange={(event) => toggleDay(day.code, event.target.checked)}
                  className="size-4 accent-primary"
                />
                <span aria-hidden="true">{day.short}</span>
              </label>
            ))}
          </div>
          {errors.repeat_days && (
            <p id={`${daysId}-error`} className="text-sm text-danger">
              {errors.repeat_days}
            </p>
          )}
        </fieldset>
      )}
      {repeat === "after-done" && (
        <TextField
          label="Days after done"
          type="number"
          inputMode="numeric"
          min={1}
          hint="The next one is due this many days after you complete it."
          error={errors.repeat_interval}
          {...field("repeat_interval")}
        />
      )}
    </div>
  );
}
