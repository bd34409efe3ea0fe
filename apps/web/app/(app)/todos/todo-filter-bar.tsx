"use client";

import { useId, useState } from "react";

import { DisclosureButton } from "@/components/disclosure-button";
import { SegmentedControl, SelectField, TextField } from "@/components/form-fields";
import { SORT_KEYS, type SortOrder, type TodoSortKey } from "@/lib/api-client";

import { PRIORITY_OPTIONS, SORTS, STATUS_OPTIONS } from "./todo-labels";
import { DEFAULT_QUERY, type ListQuery } from "./use-todo-list";

const ANY_PRIORITY_OPTIONS = [{ value: "", label: "Any" }, ...PRIORITY_OPTIONS];
const SORT_OPTIONS = SORT_KEYS.map((key) => ({ value: key, label: SORTS[key].label }));
/**
 * The filters folded under "Filters" (with the sort, which hides no todo and so is not counted), so
 * that the search and the status take one line and the list starts high on the first screen.
 */
const FOLDED_FILTERS: readonly (keyof ListQuery)[] = ["priority", "tag"];

interface TodoFilterBarProps {
  query: ListQuery;
  onChange: (changes: Partial<ListQuery>) => void;
}

/**
 * Labels say "filter" and "sort" so that they differ from the add form's "Priority" and "Tags". The
 * Today and Upcoming views set the status (active) and the sort (by due moment) themselves, so those
 * controls are not shown there.
 */
export function TodoFilterBar({ query, onChange }: TodoFilterBarProps) {
  const sort = SORTS[query.sort];
  const inView = query.view !== "";
  const foldedId = useId();
  const filtersSet = FOLDED_FILTERS.filter((name) => query[name] !== DEFAULT_QUERY[name]).length;
  // A list opened with such a filter in its address shows it rather than hiding why todos are missing.
  const [open, setOpen] = useState(filtersSet > 0);
  return (
    // biome-ignore lint/a11y/useSemanticElements: the form itself is the search landmark; <search> would wrap it in a second element
    <form
      role="search"
      aria-label="Find todos"
      onSubmit={(event) => event.preventDefault()}
      className="flex flex-wrap items-center gap-2"
    >
      <TextField
        label="Search todos"
        labelHidden
        name="q"
        type="search"
        placeholder="Search todos"
        value={query.q}
        onChange={(event) => onChange({ q: event.target.value })}
        // On a phone the search folds under "Filters" too, unless it holds words.
        className={`min-w-0 basis-full sm:flex-1 sm:basis-auto ${open || query.q ? "" : "max-sm:hidden"}`}
      />
      <SegmentedControl
        legend="Filter by status"
        legendHidden
        name="status"
        options={STATUS_OPTIONS}
        value={query.status}
        onChange={(status) => onChange({ status })}
        hidden={inView}
      />
      <DisclosureButton
        expanded={open}
        controls={foldedId}
        onToggle={() => setOpen(!open)}
        className="ml-auto px-3 py-1.5"
      >
        Filters{filtersSet > 0 && ` (${filtersSet})`}
      </DisclosureButton>
      <div
        id={foldedId}
        className={`${open ? "grid" : "hidden"} basis-full grid-cols-2 gap-2 sm:grid-cols-4`}
      >
        <SelectField
          label="Filter by priority"
          name="priority"
          options={ANY_PRIORITY_OPTIONS}
          value={query.priority}
          onChange={(event) => onChange({ priority: event.target.value as ListQuery["priority"] })}
        />
        <TextField
          label="Filter by tag"
          name="tag"
          value={query.tag}
          onChange={(event) => onChange({ tag: event.target.value })}
        />
        <SelectField
          className={inView ? "hidden" : ""}
          label="Sort by"
          name="sort"
          options={SORT_OPTIONS}
          value={query.sort}
          onChange={(event) => {
            const key = event.target.value as TodoSortKey;
            onChange({ sort: key, order: SORTS[key].orders[0] });
          }}
        />
        <SelectField
          className={inView ? "hidden" : ""}
          label="Order"
          name="order"
          options={sort.orders.map((order) => ({ value: order, label: sort.orderLabels[order] }))}
          value={query.order}
          onChange={(event) => onChange({ order: event.target.value as SortOrder })}
        />
      </div>
    </form>
  );
}
