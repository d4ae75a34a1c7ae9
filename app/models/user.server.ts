import type { SessionUser } from "../utils/auth.server";

/** A user as the API shows them: never the password hash. */
export function publicUser(u: SessionUser) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    departmentId: u.department_id,
    enterpriseId: u.enterprise_id,
    email: u.email,
    locale: u.locale,
  };
}
