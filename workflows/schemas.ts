import { z } from "zod";
import { isIsoDate } from "./dates";

/** Building blocks shared by every case kind's event and form schemas. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? undefined : v))
    .optional();
export const isoDate = z.string().refine(isIsoDate, { params: { key: "date" } });
export const id = z.number().int().positive().max(2_147_483_647);
export const reason = text(2000);
