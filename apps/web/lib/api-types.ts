// Generated from the API's OpenAPI schema by `npm run gen:api-types -w @todo/web`. Do not edit.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Healthz
         * @description The process is up (liveness).
         */
        get: operations["operations-healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readyz
         * @description Ready to serve: the database answers. A failure is answered as on any route (core/errors.py):
         *     a 503, and the pool tests its other connections, so a restart costs one failed check, not one per
         *     connection that died with it.
         */
        get: operations["operations-readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Json
         * @description Every list the caller is a member of (with their role in it) and every todo in them, as one JSON
         *     object written while it is read.
         */
        get: operations["transfer-export_json"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/export/csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Csv
         * @description The todos of every list the caller is a member of as CSV, cells a spreadsheet would read as a
         *     formula neutralised with a leading apostrophe.
         */
        get: operations["transfer-export_csv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/import/todoist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import Todoist
         * @description Creates a todo for each "task" row of a CSV in Todoist's format not imported into this list before;
         *     reports every other row with the reason it was skipped.
         */
        post: operations["transfer-import_todoist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept Invitation
         * @description Joins the list with the invited role: only a caller whose token carries the invited email, once,
         *     before the invitation expires.
         */
        post: operations["invitations-accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Lists */
        get: operations["lists-list"];
        put?: never;
        /** Create List */
        post: operations["lists-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists/{list_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read List */
        get: operations["lists-read"];
        put?: never;
        post?: never;
        /**
         * Delete List
         * @description Deletes the list with its todos, for good (owners; never an Inbox).
         */
        delete: operations["lists-delete"];
        options?: never;
        head?: never;
        /**
         * Update List
         * @description Rename or archive (owners), or move the list among the caller's lists (any member).
         */
        patch: operations["lists-update"];
        trace?: never;
    };
    "/v1/lists/{list_id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Invite
         * @description Invites by email (owners); the answer holds the one-time token for the web app to mail.
         */
        post: operations["lists-invite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists/{list_id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Members */
        get: operations["lists-list_members"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists/{list_id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove Member
         * @description Removes a member (owners), or leaves the list (the caller's own id); never the last owner (409).
         */
        delete: operations["lists-remove_member"];
        options?: never;
        head?: never;
        /**
         * Update Member
         * @description Changes a member's role (owners); the last owner cannot stop being one (409).
         */
        patch: operations["lists-update_member"];
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read Me */
        get: operations["me-read"];
        put?: never;
        post?: never;
        /**
         * Delete Me
         * @description Erase the caller's user row, their memberships and the lists nobody else is in (their Inbox among
         *     them); the todos they created in lists that stay, stay (the web app then deletes the account).
         */
        delete: operations["me-delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/todos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Todos */
        get: operations["todos-list"];
        put?: never;
        /** Create Todo */
        post: operations["todos-create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/todos/clear-completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Clear Completed Todos
         * @description Deletes the completed todos of the list (or of every list the caller may edit), at most 1000 per call (`more` says whether some remain); POST /v1/todos/restore with the `deletion_id` undoes it for 10 minutes.
         */
        post: operations["todos-clear_completed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/todos/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Count Todos
         * @description How many active and completed todos the list (or all the caller's lists) holds, whatever a page's filters.
         */
        get: operations["todos-count"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/todos/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore Todos
         * @description Undoes a deletion of the last 10 minutes: a clear's `deletion_id`, or a deleted todo's id.
         */
        post: operations["todos-restore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/todos/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Tags
         * @description The tags of the list (or all the caller's lists) with how many todos carry each, most used first:
         *     suggestions for a tag field.
         */
        get: operations["todos-list_tags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/todos/{todo_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read Todo */
        get: operations["todos-read"];
        put?: never;
        post?: never;
        /**
         * Delete Todo
         * @description POST /v1/todos/restore with the todo's id undoes the deletion for 10 minutes.
         */
        delete: operations["todos-delete"];
        options?: never;
        head?: never;
        /** Update Todo */
        patch: operations["todos-update"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Deletion */
        Deletion: {
            /**
             * Deleted
             * @description How many todos were deleted
             */
            deleted: number;
            /**
             * Deletion Id
             * @description Pass to POST /v1/todos/restore to undo the deletion; null when nothing was deleted
             */
            deletion_id: string | null;
            /**
             * More
             * @description Whether completed todos remain beyond this call's bound; call again for them
             */
            more: boolean;
        };
        /** FieldError */
        FieldError: {
            /** Field */
            field: string;
            /** Message */
            message: string;
        };
        /** ImportReport */
        ImportReport: {
            /**
             * Already Imported
             * @description Tasks imported into this list before, so not created again
             */
            already_imported: number;
            /**
             * Imported
             * @description Todos created
             */
            imported: number;
            /**
             * List Id
             * Format: uuid
             * @description The list the todos were imported into
             */
            list_id: string;
            /**
             * Notes
             * @description Rows imported with a change, and which
             */
            notes: components["schemas"]["RowReport"][];
            /**
             * Skipped
             * @description Rows not imported, and why
             */
            skipped: components["schemas"]["RowReport"][];
        };
        /** InvitationAccept */
        InvitationAccept: {
            /** Token */
            token: string;
        };
        /** InvitationCreate */
        InvitationCreate: {
            /**
             * Email
             * @description Only a signed-in user with this email can accept the invitation
             */
            email: string;
            /** @default viewer */
            role: components["schemas"]["Role"];
        };
        /** InvitationPublic */
        InvitationPublic: {
            /** Email */
            email: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * List Id
             * Format: uuid
             */
            list_id: string;
            role: components["schemas"]["Role"];
            /**
             * Token
             * @description The one-time token to mail; the API keeps only its hash and never shows it again
             */
            token: string;
        };
        /** ListCollection */
        ListCollection: {
            /**
             * Items
             * @description The caller's lists, in the caller's order
             */
            items: components["schemas"]["ListPublic"][];
        };
        /** ListCreate */
        ListCreate: {
            /** Name */
            name: string;
        };
        /** ListPublic */
        ListPublic: {
            /** Archived At */
            archived_at: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Is Inbox
             * @description The caller's Inbox: theirs alone, never renamed, archived, shared or deleted
             */
            is_inbox: boolean;
            /** Member Count */
            member_count: number;
            /** Name */
            name: string;
            /**
             * Needs An Heir
             * @description The caller is its only owner and others are in it: deleting the caller's account hands it over or deletes it (DELETE /v1/me?shared_lists=)
             */
            needs_an_heir: boolean;
            /**
             * Open Invitation Count
             * @description Invitations to the list neither accepted nor expired: counted for its owners, 0 for others
             */
            open_invitation_count: number;
            /**
             * Position
             * @description Where the list sits among the caller's lists
             */
            position: number;
            /** @description The caller's role in the list */
            role: components["schemas"]["Role"];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** ListTodoCounts */
        ListTodoCounts: {
            /** Active */
            active: number;
            /** Completed */
            completed: number;
            /**
             * List Id
             * Format: uuid
             */
            list_id: string;
        };
        /**
         * ListUpdate
         * @description Only the fields sent are changed: name and archived by owners, position by any member (each
         *     member orders their own lists).
         */
        ListUpdate: {
            /** Archived */
            archived?: boolean;
            /** Name */
            name?: string;
            /** Position */
            position?: number;
        };
        /** MemberList */
        MemberList: {
            /** Items */
            items: components["schemas"]["MemberPublic"][];
        };
        /** MemberPublic */
        MemberPublic: {
            /** Email */
            email: string;
            /**
             * Joined At
             * Format: date-time
             */
            joined_at: string;
            /** Name */
            name: string | null;
            role: components["schemas"]["Role"];
            /** User Id */
            user_id: string;
        };
        /** MemberUpdate */
        MemberUpdate: {
            role: components["schemas"]["Role"];
        };
        /**
         * Priority
         * @enum {string}
         */
        Priority: "low" | "medium" | "high";
        /**
         * ProblemDetails
         * @description The body of every error response (RFC 9457), as published in the OpenAPI schema.
         */
        ProblemDetails: {
            /** Detail */
            detail: string;
            /**
             * Errors
             * @default null
             */
            errors: components["schemas"]["FieldError"][] | null;
            /** Instance */
            instance: string;
            /**
             * Reason
             * @default null
             */
            reason: string | null;
            /**
             * Request Id
             * @default null
             */
            request_id: string | null;
            /**
             * Retry After
             * @default null
             */
            retry_after: number | null;
            /** Status */
            status: number;
            /** Title */
            title: string;
            /**
             * Type
             * @default about:blank
             */
            type: string;
            $defs: {
                /** FieldError */
                FieldError: {
                    /** Field */
                    field: string;
                    /** Message */
                    message: string;
                };
            };
        } & {
            [key: string]: unknown;
        };
        /**
         * RepeatFrom
         * @description What the next occurrence is counted from.
         * @enum {string}
         */
        RepeatFrom: "due" | "completion";
        /** RestoreRequest */
        RestoreRequest: {
            /**
             * Deletion Id
             * Format: uuid
             * @description `deletion_id` of a clear, or the id of a deleted todo
             */
            deletion_id: string;
        };
        /** Restored */
        Restored: {
            /**
             * Restored
             * @description How many todos are back
             */
            restored: number;
        };
        /**
         * Role
         * @description A member's role in a list (migration 0010); declaration order is rank: each role can do what the
         *     roles before it can (todo_api.access).
         * @enum {string}
         */
        Role: "viewer" | "editor" | "owner";
        /** RowReport */
        RowReport: {
            /** Reason */
            reason: string;
            /**
             * Row
             * @description The row in the file, as a spreadsheet numbers it (the header is row 1)
             */
            row: number;
        };
        /** TagCount */
        TagCount: {
            /**
             * Count
             * @description How many of the user's todos carry the tag
             */
            count: number;
            /** Tag */
            tag: string;
        };
        /** TagList */
        TagList: {
            /**
             * Items
             * @description Most used first, then by name
             */
            items: components["schemas"]["TagCount"][];
        };
        /**
         * TodoCounts
         * @description How many todos the user has in all, whatever a list's filters or search.
         */
        TodoCounts: {
            /** Active */
            active: number;
            /** Completed */
            completed: number;
            /**
             * Lists
             * @description Each list's own counts: the list asked for, or every list of the caller's (in no order)
             */
            lists: components["schemas"]["ListTodoCounts"][];
        };
        /** TodoCreate */
        TodoCreate: {
            /**
             * Completed
             * @default false
             */
            completed: boolean;
            /** Description */
            description?: string | null;
            /** Due At */
            due_at?: string | null;
            /** Due Date */
            due_date?: string | null;
            /**
             * List Id
             * @description The list to add the todo to; the caller's Inbox if null
             */
            list_id?: string | null;
            /** @default medium */
            priority: components["schemas"]["Priority"];
            /** @description Count the next occurrence from the due day (due, the default) or from the day it is done (completion) */
            repeat_from?: components["schemas"]["RepeatFrom"] | null;
            /**
             * Repeat Rule
             * @description An RFC 5545 RRULE value without 'RRULE:' (e.g. FREQ=WEEKLY;BYDAY=MO): FREQ one of x-repeat-frequencies, parts among x-repeat-parts; null: does not repeat
             */
            repeat_rule?: string | null;
            /**
             * Tags
             * @default []
             */
            tags: string[];
            /**
             * Time Zone
             * @description The IANA time zone the repeat rule counts days and times in, e.g. Europe/Paris
             */
            time_zone?: string | null;
            /** Title */
            title: string;
        };
        /** TodoPublic */
        TodoPublic: {
            /** Completed */
            completed: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string | null;
            /** Due At */
            due_at: string | null;
            /**
             * Due Date
             * @description A due day without a time, in its owner's time zone
             */
            due_date: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * List Id
             * @description The list the todo is in
             */
            list_id: string | null;
            priority: components["schemas"]["Priority"];
            /**
             * @description Count the next occurrence from the due day (due, the default) or from the day it is done (completion)
             * @default due
             */
            repeat_from: components["schemas"]["RepeatFrom"];
            /**
             * Repeat Rule
             * @description The RFC 5545 rule it repeats by; null: it does not
             */
            repeat_rule: string | null;
            /**
             * Repeats After
             * @description The repeating todo whose completion created this one
             */
            repeats_after: string | null;
            /** Tags */
            tags: string[];
            /**
             * Time Zone
             * @description The IANA time zone the rule is counted in
             */
            time_zone: string | null;
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /**
             * Version
             * @description Raised by every change; sent as the ETag, and expected back in If-Match
             */
            version: number;
        };
        /**
         * TodoUpdate
         * @description Every field optional; only the fields sent are changed (`exclude_unset`). Description and due
         *     date may be sent as null to clear them, and repeat_rule to stop repeating; the other fields are not
         *     nullable. Setting one of due_at and due_date clears the other (crud.update_todo). A repeating todo
         *     keeps a due and a time zone (the table's ck_todos_repeat_needs_due_and_zone).
         */
        TodoUpdate: {
            /** Completed */
            completed?: boolean;
            /** Description */
            description?: string | null;
            /** Due At */
            due_at?: string | null;
            /** Due Date */
            due_date?: string | null;
            /**
             * List Id
             * Format: uuid
             * @description Moves the todo into this list
             */
            list_id?: string;
            priority?: components["schemas"]["Priority"];
            /** @description Count the next occurrence from the due day (due, the default) or from the day it is done (completion) */
            repeat_from?: components["schemas"]["RepeatFrom"];
            /**
             * Repeat Rule
             * @description An RFC 5545 RRULE value without 'RRULE:' (e.g. FREQ=WEEKLY;BYDAY=MO): FREQ one of x-repeat-frequencies, parts among x-repeat-parts; null: does not repeat
             */
            repeat_rule?: string | null;
            /** Tags */
            tags?: string[];
            /**
             * Time Zone
             * @description The IANA time zone the repeat rule counts days and times in, e.g. Europe/Paris
             */
            time_zone?: string;
            /** Title */
            title?: string;
        };
        /** TodosPage */
        TodosPage: {
            /** Items */
            items: components["schemas"]["TodoPublic"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` to get the next page; null on the last page.
             */
            next_cursor: string | null;
        };
        /** UserPublic */
        UserPublic: {
            /**
             * Amr
             * @description How the caller signed in, from the token's `amr` claim (RFC 8176: pwd, otp, hwk); null when the token does not say.
             */
            amr?: string[] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Email */
            email: string;
            /** Id */
            id: string;
            /** Name */
            name: string | null;
            /** Todo Count */
            todo_count: number;
        };
    };
    responses: {
        /** @description The body is not valid JSON, If-Match is not a list of entity tags, or a cursor not ours */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description If-Match names another version: the todo changed elsewhere (`current` holds it) */
        ChangedElsewhere: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The database is unreachable */
        DatabaseUnavailable: {
            headers: {
                /** @description Seconds to wait */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The caller's role in the list cannot do this (`detail` says which role it needs) */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description A request with this Idempotency-Key is still being processed; retry for its answer */
        InProgress: {
            headers: {
                /** @description Seconds to wait */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description This Idempotency-Key was used with another body, or invalid fields or parameters */
        KeyReused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description No todo or list with this id in the caller's lists */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The body is over 64 KB */
        TooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Too many requests for this user */
        TooManyRequests: {
            headers: {
                /** @description Seconds to wait */
                "Retry-After"?: number;
                /** @description Requests allowed in the window */
                "X-RateLimit-Limit"?: number;
                /** @description Requests left in the window */
                "X-RateLimit-Remaining"?: number;
                /** @description When the window resets, in Unix time (seconds) */
                "X-RateLimit-Reset"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description No token, or a token this API does not accept (`reason` says why) */
        Unauthorized: {
            headers: {
                /** @description The bearer challenge */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description Invalid fields or parameters; see `errors` */
        ValidationFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "operations-healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
        };
    };
    "operations-readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description The database is unreachable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "transfer-export_json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `{lists, todos}`, streamed */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "transfer-export_csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One line per todo, streamed */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv; charset=utf-8": unknown;
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "transfer-import_todoist": {
        parameters: {
            query?: {
                /** @description The list to import into; the caller's Inbox if left out */
                list_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "invitations-accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvitationAccept"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListPublic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListCollection"];
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ListCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListPublic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-read": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                list_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListPublic"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                list_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                list_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ListUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListPublic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-invite": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                list_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvitationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationPublic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-list_members": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                list_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-remove_member": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                list_id: string;
                /** @description The member's user id (`user_id` of a member) */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "lists-update_member": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                list_id: string;
                /** @description The member's user id (`user_id` of a member) */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPublic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "me-read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPublic"];
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "me-delete": {
        parameters: {
            query?: {
                /** @description A list the caller alone owns that has other members: `hand_over` makes its next member (the highest role, then the longest in it) its owner, `delete` deletes it with its todos */
                shared_lists?: "hand_over" | "delete";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-list": {
        parameters: {
            query?: {
                /** @description Only this list; all of the caller's lists if left out */
                list_id?: string | null;
                status?: "all" | "active" | "completed";
                priority?: components["schemas"]["Priority"] | null;
                tag?: string | null;
                /** @description Text to find in title or description */
                q?: string | null;
                /** @description Only todos due at or after this moment (a due day: from its day, in its offset) */
                due_from?: string | null;
                /** @description Only todos due before this moment (a due day: before its day, in its offset) */
                due_before?: string | null;
                sort?: "created" | "due" | "priority" | "title";
                /** @description Default: desc for created and priority, asc otherwise */
                order?: ("asc" | "desc") | null;
                limit?: number;
                /** @description `next_cursor` of the previous page */
                cursor?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodosPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-create": {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body gets the first answer and creates nothing (24 hours) */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TodoCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodoPublic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["InProgress"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["KeyReused"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-clear_completed": {
        parameters: {
            query?: {
                /** @description Only this list; all of the caller's lists if left out */
                list_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deletion"];
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-count": {
        parameters: {
            query?: {
                /** @description Only this list; all of the caller's lists if left out */
                list_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodoCounts"];
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RestoreRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Restored"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-list_tags": {
        parameters: {
            query?: {
                /** @description Only this list; all of the caller's lists if left out */
                list_id?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-read": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                todo_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodoPublic"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-delete": {
        parameters: {
            query?: never;
            header?: {
                /** @description ETags of the todo as the client last saw it; a stale one gets 412 and the current todo */
                "If-Match"?: string;
            };
            path: {
                todo_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["ChangedElsewhere"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    "todos-update": {
        parameters: {
            query?: never;
            header?: {
                /** @description ETags of the todo as the client last saw it; a stale one gets 412 and the current todo */
                "If-Match"?: string;
            };
            path: {
                todo_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TodoUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the window */
                    "X-RateLimit-Remaining"?: number;
                    /** @description When the window resets, in Unix time (seconds) */
                    "X-RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodoPublic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["ChangedElsewhere"];
            413: components["responses"]["TooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["DatabaseUnavailable"];
            /** @description Client error: missing or invalid token (401), role too low (403), not found (404), last owner or Inbox (409), changed elsewhere (412), body over 64 KB (413), invalid fields (422), too many requests (429) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Server error, or the database is unreachable (503) */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
}
type FlattenedDeepRequired<T> = {
    [K in keyof T]-?: FlattenedDeepRequired<T[K] extends unknown[] | undefined | null ? Extract<T[K], unknown[]>[number] : T[K]>;
};
type ReadonlyArray<T> = [
    Exclude<T, undefined>
] extends [
    unknown[]
] ? Readonly<Exclude<T, undefined>> : Readonly<Exclude<T, undefined>[]>;
export const pathsV1MeDeleteParametersQueryShared_listsValues: ReadonlyArray<FlattenedDeepRequired<paths>["/v1/me"]["delete"]["parameters"]["query"]["shared_lists"]> = ["hand_over", "delete"];
export const pathsV1TodosGetParametersQueryStatusValues: ReadonlyArray<FlattenedDeepRequired<paths>["/v1/todos"]["get"]["parameters"]["query"]["status"]> = ["all", "active", "completed"];
export const pathsV1TodosGetParametersQuerySortValues: ReadonlyArray<FlattenedDeepRequired<paths>["/v1/todos"]["get"]["parameters"]["query"]["sort"]> = ["created", "due", "priority", "title"];
export const pathsV1TodosGetParametersQueryOrderAnyOf0Values: ReadonlyArray<FlattenedDeepRequired<paths>["/v1/todos"]["get"]["parameters"]["query"]["order"]> = ["asc", "desc"];
export const priorityValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Priority"]> = ["low", "medium", "high"];
export const repeatFromValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["RepeatFrom"]> = ["due", "completion"];
export const roleValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Role"]> = ["viewer", "editor", "owner"];

/** Length, count and range limits of the schemas' fields (JSON Schema keywords), for forms. */
export const schemaLimits = {
    "InvitationCreate": {
        "email": {
            "maxLength": 320
        }
    },
    "ListCreate": {
        "name": {
            "minLength": 1,
            "maxLength": 100
        }
    },
    "ListUpdate": {
        "name": {
            "minLength": 1,
            "maxLength": 100
        },
        "position": {
            "minimum": 0,
            "maximum": 1000000
        }
    },
    "TodoCreate": {
        "description": {
            "maxLength": 2000
        },
        "repeat_rule": {
            "maxLength": 200
        },
        "tags": {
            "maxItems": 10,
            "items": {
                "minLength": 1,
                "maxLength": 32
            }
        },
        "time_zone": {
            "maxLength": 64
        },
        "title": {
            "minLength": 1,
            "maxLength": 200
        }
    },
    "TodoUpdate": {
        "description": {
            "maxLength": 2000
        },
        "repeat_rule": {
            "maxLength": 200
        },
        "tags": {
            "maxItems": 10,
            "items": {
                "minLength": 1,
                "maxLength": 32
            }
        },
        "time_zone": {
            "maxLength": 64
        },
        "title": {
            "minLength": 1,
            "maxLength": 200
        }
    }
} as const;

/** The FREQ values and rule parts the API takes in a todo's repeat_rule. */
export const repeatRuleVocabulary = {
    "frequencies": [
        "DAILY",
        "MONTHLY",
        "WEEKLY",
        "YEARLY"
    ],
    "parts": [
        "BYDAY",
        "BYMONTH",
        "BYMONTHDAY",
        "FREQ",
        "INTERVAL",
        "WKST"
    ]
} as const;
