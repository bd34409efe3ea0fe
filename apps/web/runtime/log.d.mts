import type { Logger } from "pino";

export function requestIdFrom(incoming: string | string[] | null | undefined): string;
export const log: Logger;
export function routeConsoleToLog(): void;
