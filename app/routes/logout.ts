import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { endSession } from "../utils/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await endSession(request) } });
}

export const loader = () => redirect("/");
