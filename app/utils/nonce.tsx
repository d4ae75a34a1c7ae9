import { createContext, useContext } from "react";

/**
 * The per-response nonce of the Content-Security-Policy: the server's inline scripts (Remix's
 * hydration data and module loader) carry it, so the policy needs no 'unsafe-inline' for scripts.
 * Empty in the browser, which hides nonces from the page once it has read them.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
