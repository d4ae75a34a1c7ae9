import { getOnly } from "../utils/api.server";
export const loader = () =>
  new Response(JSON.stringify({ status: "ok" }), { headers: { "Content-Type": "application/json" } });

export const action = getOnly;
