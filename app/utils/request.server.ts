import type { AppLoadContext } from "@remix-run/node";

/** The client's address as the server saw it (server.ts passes it in the load context). */
export function clientAddress(context: AppLoadContext): string {
  const a = (context as { clientAddress?: unknown }).clientAddress;
  return typeof a === "string" && a ? a : "unknown";
}
