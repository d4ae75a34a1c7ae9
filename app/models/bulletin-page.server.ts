import { dateInZone, TIME_ZONE } from "../../workflows/dates";
import { CaseError } from "../../workflows/errors";
import type { SessionUser } from "../utils/auth.server";
import { db } from "../utils/db.server";
import { bulletinFor, positiveId } from "./bulletin.server";

const stamp = (iso: string) => {
  const day = dateInZone(new Date(iso), TIME_ZONE);
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
  return `${day} ${time}`;
};

/**
 * A bulletin for one of its pages: the view, the day under its masthead (publication, or the
 * draft's figures), and the moments worded for the notes. Missing or not readable: 404.
 */
export async function bulletinPage(user: SessionUser, rawId: string | undefined) {
  try {
    const view = await bulletinFor(db(), user, positiveId(rawId));
    const at = view.publishedAt ?? view.content.generatedAt;
    return {
      ...view,
      date: dateInZone(new Date(at), TIME_ZONE),
      generatedAtLabel: stamp(view.content.generatedAt),
      publishedAtLabel: view.publishedAt ? stamp(view.publishedAt) : null,
    };
  } catch (e) {
    if (e instanceof CaseError && e.code === "not_found") throw new Response("Not found", { status: 404 });
    throw e;
  }
}
