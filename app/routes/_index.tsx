import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "../utils/auth.server";

/** Each role lands on its main page. */
const HOME: Record<string, string> = {
  delegate: "/proposals",
  enterprise: "/requests",
  handler: "/inbox",
  dept_head: "/inbox",
  supervisor: "/supervision",
  admin: "/admin",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  throw redirect(HOME[user.role] ?? "/cases");
}
