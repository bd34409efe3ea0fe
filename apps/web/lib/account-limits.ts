import tokenSchema from "@todo/auth-contract/schema/token.schema.json";

const claims = tokenSchema.$defs.claims.properties;

/** The token contract's limits on the claims an account's details become: longer ones the API refuses. */
export const NAME_MAX_LENGTH: number = claims.name.maxLength;
export const EMAIL_MAX_LENGTH: number = claims.email.maxLength;

export const NAME_TOO_LONG = `Use at most ${NAME_MAX_LENGTH} characters for your name.`;
export const EMAIL_TOO_LONG = `Use an email address of at most ${EMAIL_MAX_LENGTH} characters.`;
