/**
 * The largest file "Import from Todoist" takes, as the API's `POST /v1/import/todoist` publishes it
 * (its request body's `maxLength`); tests/contract/test_transfer_limits.py fails when the two differ.
 */
export const IMPORT_MAX_BYTES = 1024 * 1024;
