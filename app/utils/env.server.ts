import { z } from "zod";

/** `VAR=` in a shell or an .env file means "not set". */
const blankIsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default("./data/app.db"),
  SESSION_SECRET: z.string().min(16).optional(),
  ADMIN_USERNAME: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(1).optional(),
  APP_TEST_HOOKS: z.enum(["0", "1"]).default("0"),
  PUBLIC_URL: z.preprocess(blankIsUnset, z.string().url().optional()),
  // Mail (decision 006). No SMTP_URL: mails are captured in the database and shown at /admin/mail.
  SMTP_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^smtps?:\/\/[^/\s]+/, "an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.org:587")
      .optional(),
  ),
  MAIL_FROM: z.preprocess(blankIsUnset, z.string().min(3).max(300).optional()),
  MAIL_REPLY_TO: z.preprocess(blankIsUnset, z.string().email().optional()),
  MAIL_WORKER: z.enum(["0", "1"]).default("1"),
  MAIL_WORKER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  SWEEPER: z.enum(["0", "1"]).default("1"),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
  // Attachments (decision 008): files named by their SHA-256, outside the database.
  UPLOAD_DIR: z.preprocess(blankIsUnset, z.string().min(1).default("./data/uploads")),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Environment, checked once at start-up; each problem is named with the variable it concerns. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  if (parsed.data.NODE_ENV === "production" && !parsed.data.SESSION_SECRET)
    throw new Error(
      "Invalid environment:\n  SESSION_SECRET: required in production (at least 16 characters)",
    );
  cached = parsed.data;
  return cached;
}

export function sessionSecret(): string {
  return env().SESSION_SECRET ?? "development-only-secret-change-me";
}
