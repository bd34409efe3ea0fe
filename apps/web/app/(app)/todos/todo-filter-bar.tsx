"use client";

import { SelectField, TextField } from "@/components/form-fields";
import { SORT_KEYS, type SortOrder, type TodoSortKey, type TodoStatus } from "@/lib/api-client";

import { PRIORITY_OPTIONS, SORTS, STATUS_OPTIONS } from "./todo-labels";
import type { ListQuery } from "./use-todo-list";

const ANY_PRIORITY_OPTIONS = [{ value: "", label: "Any" }, ...PRIORITY_OPTIONS];
const SORT_OPTIONS = SORT_KEYS.map((key) => ({ value: key, label: SORTS[key].label }));

interface TodoFilterBarProps {
  query: ListQuery;
  onChange: (changes: Partial<ListQuery>) => void;
}

/** Labels say "filter" and "sort" so that they differ from the add form's "Priority" and "Tags". */
export function TodoFilterBar({ query, onChange }: TodoFilterBarProps) {
  const sort = SORTS[query.sort];
  return (
    // biome-ignore lint/a11y/useSemanticElements: the form itself is the search landmark; <search> would wrap it in a second element
    <form
      role="search"
      aria-label="Find todos"
      onSubmit={(event) => event.preventDefault()}
      className="space-y-3"
    >
      <TextField
        label="Search todos"
        name="q"
        type="search"
        placeholder="Words in the title or description"
        value={query.q}
        onChange={(event) => onChange({ q: event.target.value })}
      />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <SelectField
          label="Filter by status"
          name="status"
          options={STATUS_OPTIONS}
          value={query.status}
          onChange={(event) => onChange({ status: event.target.value as TodoStatus })}
        />
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
